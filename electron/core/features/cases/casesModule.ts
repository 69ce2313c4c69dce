import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { createCmmsConnector } from '../../platform/cmms/createCmmsConnector.ts';
import type { CmmsConnector } from '../../platform/cmms/cmmsTypes.ts';
import type { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import type { createAlertsModule } from '../alerts/index.ts';
import os from 'node:os';
import { CaseService } from './CaseService.ts';
import { caseOnceAdapter } from './cmmsOnce.ts';
import { casesHandlers } from './casesHandlers.ts';

type Keys = 'cases.raise' | 'cases.list' | 'cases.get' | 'cases.refresh';

export interface CasesModuleOptions {
  /** The outbox of the core: the CMMS adapter is registered on it as target "cmms". */
  hub: OutboxHub;
  /** The alerts feature: cases are raised from its alerts and hear of every raised alert. */
  alerts: ReturnType<typeof createAlertsModule>;
  /** The CMMS's base URL when a demo sandbox listens on a port chosen at run time. */
  cmmsBaseUrl?: string;
}

/** Maintenance cases: evidence from alerts and production, the CMMS through the outbox, status polling. */
export function createCasesModule(ctx: CoreContext, o: CasesModuleOptions): CoreModule<Keys> & { cases: CaseService; cmms: CmmsConnector | null } {
  const log = ctx.log.child({ component: 'cases' });
  const clock = ctx.ports.clock;
  const cmms = ctx.config.cmms
    ? createCmmsConnector(ctx.config.cmms, { baseUrlOverride: o.cmmsBaseUrl, secrets: ctx.ports.secrets, remoteKeysOf: (id) => getItem(ctx.db, id)?.remoteKeys ?? null, now: () => clock.now() })
    : null;
  // Wrapped: a case another console already raised on the asset is joined, not created twice (issue 19).
  if (cmms) o.hub.register(caseOnceAdapter(cmms));
  else log.warn('No CMMS configured: cases are kept and queued until one is');
  const cases = new CaseService({ db: ctx.db, plant: ctx.config, clock, logger: log, alerts: o.alerts.alerts, cmms, kick: () => o.hub.kick('cmms'), consoleName: ctx.options.consoleName ?? os.hostname(), publish: (msg) => ctx.publish('cases.changed', msg) });
  o.alerts.onRaised((a) => cases.onAlertRaised(a));
  return {
    cases,
    cmms,
    handlers: casesHandlers(cases),
    start() {
      cases.start();
    },
    dispose() {
      cases.dispose();
    },
  };
}
