import { performance } from 'node:perf_hooks';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { AlertEngine } from './AlertEngine.ts';
import { alertsHandlers } from './alertsHandlers.ts';
import { AlertService, type AlertServiceDeps } from './AlertService.ts';
import { isAlarmsHost } from '../../platform/opcua/alarms.ts';
import { OpcuaAlarmSource } from './opcuaAlarmSource.ts';

type Keys =
  | 'alerts.list'
  | 'alerts.get'
  | 'alerts.acknowledge'
  | 'alerts.shelve'
  | 'alerts.unshelve'
  | 'alerts.assign'
  | 'alerts.dismiss';

export interface AlertsModuleOptions {
  /** Trustworthy elapsed time for shelving; performance.now() unless a test says otherwise. */
  monotonic?: () => number;
}

export type RaisedListener = NonNullable<AlertServiceDeps['onRaised']>;

/**
 * Alerts: sources (line conditions, controller alarms), ISA-18.2 states and triage. Who else wants to
 * know of a raised alert (the cases feature) listens through `onRaised`; alerts know nothing of cases.
 */
export function createAlertsModule(
  ctx: CoreContext,
  o: AlertsModuleOptions = {},
): CoreModule<Keys> & { alerts: AlertService; engine: AlertEngine; opcuaAlarms: OpcuaAlarmSource; onRaised(listener: RaisedListener): void } {
  const log = ctx.log.child({ component: 'alerts' });
  const clock = ctx.ports.clock;
  const raisedListeners: RaisedListener[] = [];
  const alerts = new AlertService({
    db: ctx.db,
    clock,
    monotonic: o.monotonic ?? (() => performance.now()),
    logger: log,
    publish: (msg) => ctx.publish('alerts.changed', msg),
    onRaised: (a, revived) => {
      for (const l of raisedListeners) l(a, revived);
    },
  });
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
  return {
    alerts,
    engine,
    opcuaAlarms,
    onRaised(listener) {
      raisedListeners.push(listener);
    },
    handlers: {
      ...alertsHandlers(alerts, ctx.db, () => clock.now(), (records, actor) => opcuaAlarms.acknowledge(records, `Acknowledged by ${actor.displayName} at the plant console`)),
    },
    start() {
      alerts.start();
      engine.start();
      // Controllers that offer Alarms & Conditions: subscribe once connected, ConditionRefresh after every reconnect.
      for (const port of ctx.gateways.values()) if (isAlarmsHost(port)) opcuaAlarms.attach(port);
    },
    dispose() {
      opcuaAlarms.dispose();
      engine.dispose();
      alerts.dispose();
    },
  };
}
