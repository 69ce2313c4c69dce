import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { ErpConnector } from '../../platform/erp/erpTypes.ts';
import type { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import type { OutboxKind } from '../../platform/outbox/outboxTypes.ts';
import { createErpOutbox } from './erpOutbox.ts';
import { type Corrector, type Describer, outboxHandlers, type SupersedeHook } from './outboxHandlers.ts';

type Keys = 'outbox.stats' | 'outbox.list' | 'outbox.get' | 'outbox.resend' | 'outbox.discard';

/** What a feature tells the outbox screen about its kind: how to name an item, correct it, follow a resend. */
export interface KindTriage {
  describe?: Describer;
  /** Named fields a person may correct before a resend (without one the item is resent as it is). */
  correct?: Corrector;
  /** In the resend transaction: the feature points its own rows at the new reference. */
  resent?: SupersedeHook;
}

export interface OutboxModule extends CoreModule<Keys> {
  /** The engine: features register their kinds on it (`registerKinds`, or `register` for a new target) and `kick(target)` after enqueueing. */
  readonly hub: OutboxHub;
  /** The configured ERP's connector (its order reading serves the orders feature); null without an ERP. */
  readonly erp: ErpConnector | null;
  /** A feature's triage of its kinds on the outbox screen. */
  triage(kinds: readonly OutboxKind[], t: KindTriage): void;
}

/** The outbox feature: the engine as the console ships it and the outbox commands (stats, list, get, resend, discard). */
export function createOutboxModule(ctx: CoreContext, options: { erpBaseUrl?: string } = {}): OutboxModule {
  const { hub, erp } = createErpOutbox({
    db: ctx.db,
    clock: ctx.ports.clock,
    online: ctx.ports.online,
    logger: ctx.log,
    notifier: ctx.ports.notifier,
    secrets: ctx.ports.secrets,
    erp: ctx.config.erp,
    timeZone: ctx.config.plant.timeZone,
    language: ctx.config.plant.language,
    erpBaseUrl: options.erpBaseUrl,
    publish: (stats) => ctx.publish('outbox.stats', stats),
  });
  const describers: Describer[] = [];
  const correctors = new Map<OutboxKind, Corrector>();
  const hooks = new Map<OutboxKind, SupersedeHook>();
  return {
    hub,
    erp,
    triage(kinds, t) {
      if (t.describe) describers.push(t.describe);
      for (const k of kinds) {
        if (t.correct) correctors.set(k, t.correct);
        if (t.resent) hooks.set(k, t.resent);
      }
    },
    handlers: outboxHandlers({ db: ctx.db, hub, describers, supersedeHooks: hooks, correctors }),
    start() {
      hub.start();
    },
    dispose() {
      hub.dispose();
    },
  };
}
