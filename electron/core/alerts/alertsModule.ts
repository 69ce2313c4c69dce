import { performance } from 'node:perf_hooks';
import type { CoreContext, CoreModule } from '../coreContext.ts';
import { CaseService } from '../cases/CaseService.ts';
import { casesHandlers } from '../cases/casesHandlers.ts';
import { createCmmsConnector } from '../cmms/createCmmsConnector.ts';
import type { CmmsConnector } from '../cmms/cmmsTypes.ts';
import type { OutboxHub } from '../outbox/OutboxHub.ts';
import { getItem } from '../outbox/outboxRepo.ts';
import { AlertEngine } from './AlertEngine.ts';
import { alertsHandlers } from './alertsHandlers.ts';
import { AlertService } from './AlertService.ts';
import { isAlarmsHost } from '../opcua/alarms.ts';
import { OpcuaAlarmSource } from './opcuaAlarmSource.ts';

type Keys =
  | 'alerts.list'
  | 'alerts.get'
  | 'alerts.acknowledge'
  | 'alerts.shelve'
  | 'alerts.unshelve'
  | 'alerts.assign'
  | 'alerts.dismiss'
  | 'cases.raise'
  | 'cases.list'
  | 'cases.get'
  | 'cases.refresh';

export interface AlertsModuleOptions {
  /** The outbox of the core: the CMMS adapter is registered on it as target "cmms". */
  hub: OutboxHub;
  /** The CMMS's base URL when a demo sandbox listens on a port chosen at run time. */
  cmmsBaseUrl?: string;
  /** Trustworthy elapsed time for shelving; performance.now() unless a test says otherwise. */
  monotonic?: () => number;
}

/** Alerts (sources, ISA-18.2 states, triage) and maintenance cases (evidence, CMMS, status polling). */
export function createAlertsModule(
  ctx: CoreContext,
  o: AlertsModuleOptions,
): CoreModule<Keys> & { alerts: AlertService; cases: CaseService; engine: AlertEngine; cmms: CmmsConnector | null; opcuaAlarms: OpcuaAlarmSource } {
  const log = ctx.log.child({ component: 'alerts' });
  const clock = ctx.ports.clock;
  let cases: CaseService | null = null;
  const alerts = new AlertService({
    db: ctx.db,
    clock,
    monotonic: o.monotonic ?? (() => performance.now()),
    logger: log,
    publish: (msg) => ctx.publish('alerts.changed', msg),
    onRaised: (a) => cases?.onAlertRaised(a),
  });
  const cmms = ctx.config.cmms
    ? createCmmsConnector(ctx.config.cmms, { baseUrlOverride: o.cmmsBaseUrl, secrets: ctx.ports.secrets, remoteKeysOf: (id) => getItem(ctx.db, id)?.remoteKeys ?? null, now: () => clock.now() })
    : null;
  if (cmms) o.hub.register(cmms.adapter);
  else log.warn('No CMMS configured: cases are kept and queued until one is');
  cases = new CaseService({ db: ctx.db, plant: ctx.config, clock, logger: log.child({ component: 'cases' }), alerts, cmms, kick: () => o.hub.kick('cmms'), publish: (msg) => ctx.publish('cases.changed', msg) });
  const engine = new AlertEngine({
    db: ctx.db,
    clock,
    logger: log,
    config: ctx.config.alerts,
    alerts,
    lines: () => ctx.pump.snapshot().lines,
    assetOf: (lineId) => ctx.config.cmms?.assets[lineId]?.assetId ?? null,
  });
  const assetOf = (lineId: string) => ctx.config.cmms?.assets[lineId]?.assetId ?? null;
  const opcuaAlarms = new OpcuaAlarmSource({ alerts, lines: ctx.config.lines, assetOf, logger: log, ...(ctx.guard ? { guard: ctx.guard } : {}) });
  const c = cases;
  return {
    alerts,
    cases: c,
    engine,
    cmms,
    opcuaAlarms,
    handlers: {
      ...alertsHandlers(alerts, ctx.db, () => clock.now(), (records, actor) => opcuaAlarms.acknowledge(records, `Acknowledged by ${actor.displayName} at the plant console`)),
      ...casesHandlers(c),
    },
    start() {
      alerts.start();
      c.start();
      engine.start();
      // Controllers that offer Alarms & Conditions: subscribe once connected, ConditionRefresh after every reconnect.
      for (const port of ctx.gateways.values()) if (isAlarmsHost(port)) opcuaAlarms.attach(port);
    },
    dispose() {
      opcuaAlarms.dispose();
      engine.dispose();
      c.dispose();
      alerts.dispose();
    },
  };
}
