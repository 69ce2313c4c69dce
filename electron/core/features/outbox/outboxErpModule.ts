import os from 'node:os';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { ConfirmationPostPayload, correctConfirmation } from '../../platform/erp/erpPayloads.ts';
import type { ErpConnector } from '../../platform/erp/erpTypes.ts';
import { OrderSync } from '../orders/index.ts';
import { createRestErp } from '../../platform/erp/RestErp.ts';
import { createSapOdataErp } from '../../platform/erp/SapOdataErp.ts';
import { withHolds } from '../holds/index.ts';
import { describeHoldItem } from '../holds/index.ts';
import { repointHoldOutbox } from '../holds/index.ts';
import { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import type { OutboxKind } from '../../platform/outbox/outboxTypes.ts';
import { ordersHandlers, workCenterOf } from '../orders/index.ts';
import { confirmationById, insertConfirmation } from '../shiftClose/index.ts';
import { shiftHandlers } from '../shiftClose/index.ts';
import { type Corrector, outboxHandlers, type SupersedeHook } from './outboxHandlers.ts';

type Keys =
  | 'outbox.stats'
  | 'outbox.list'
  | 'outbox.get'
  | 'outbox.resend'
  | 'outbox.discard'
  | 'orders.list'
  | 'orders.refresh'
  | 'orders.running'
  | 'orders.setRunning'
  | 'shift.draft'
  | 'shift.confirm'
  | 'shift.reverse'
  | 'shift.history'
  | 'shift.list'
  | 'shift.reverseClose';

export interface OutboxErpModule extends CoreModule<Keys> {
  /** For other features: register their adapter (`hub.register`) and `hub.kick(target)` after enqueueing. */
  readonly hub: OutboxHub;
  readonly erp: ErpConnector | null;
}

/** Builds the ERP connector the plant configuration asks for; credentials come from the SecretStore only. */
export function createErpConnector(ctx: CoreContext, baseUrlOverride?: string): ErpConnector | null {
  const erp = ctx.config.erp;
  if (!erp) return null;
  const opts = {
    baseUrl: baseUrlOverride ?? erp.baseUrl,
    plant: erp.plant,
    credentialsSecret: erp.credentialsSecret,
    secrets: ctx.ports.secrets,
    batchSize: erp.batchSize,
    timeoutMs: erp.timeoutSec * 1000,
    settleMs: erp.settleSec * 1000,
    // Unstated, the ERP is taken to give up when the console does (timeoutSec); see docs/outbox.md.
    processingLimitMs: (erp.processingLimitSec ?? erp.timeoutSec) * 1000,
    minKeyGapMs: erp.minOrderGapSec * 1000,
    workstation: os.hostname().slice(0, 12),
    sapClient: erp.sapClient,
    remoteKeysOf: (ref: string) => getItem(ctx.db, ref)?.remoteKeys ?? null,
  };
  // Holds share the ERP target: their sender is composed into the same adapter (erp/holds/withHolds.ts).
  return withHolds(erp.kind === 'sap-odata' ? createSapOdataErp(opts) : createRestErp(opts), erp.kind, opts);
}

/** A resent confirmation keeps its place in the shift close: a new row under the new reference. */
const confirmationResent: SupersedeHook = (db, old, newId, payload, at, actor) => {
  const c = confirmationById(db, old.id);
  const p = ConfirmationPostPayload.safeParse(payload);
  if (!c || !p.success) return;
  insertConfirmation(db, { ...c, id: newId, erpOrderId: p.data.order.erpOrderId, operationId: p.data.order.operationId, yieldQty: p.data.quantities.yield, scrapQty: p.data.quantities.scrap, reworkQty: p.data.quantities.rework, uom: p.data.quantities.uom, kind: 'post', reverses: null, createdAt: at, createdBy: actor.userId });
};

export function createOutboxErpModule(ctx: CoreContext, options: { erpBaseUrl?: string } = {}): OutboxErpModule {
  const hub = new OutboxHub({
    db: ctx.db,
    clock: ctx.ports.clock,
    online: ctx.ports.online,
    logger: ctx.log,
    notifier: ctx.ports.notifier,
    publish: (stats) => ctx.publish('outbox.stats', stats),
    giveUpAfterMs: 14 * 86_400_000,
  });
  const erp = createErpConnector(ctx, options.erpBaseUrl);
  if (erp) hub.register(erp.adapter);
  const sync = erp && ctx.config.erp
    ? new OrderSync({ db: ctx.db, connector: erp, clock: ctx.ports.clock, logger: ctx.log, plant: ctx.config.erp.plant, workCenters: ctx.config.lines.map((l) => workCenterOf(ctx.config, l.id)), everyMs: 5 * 60_000 })
    : null;
  const holdResent: SupersedeHook = (db, old, newId) => repointHoldOutbox(db, old.id, newId);
  const correctors = new Map<OutboxKind, Corrector>([['confirmation.post', (frozen, fields) => correctConfirmation(frozen, fields)]]);
  const hooks = new Map<OutboxKind, SupersedeHook>([['confirmation.post', confirmationResent], ['hold.place', holdResent], ['hold.release', holdResent]]);
  return {
    hub,
    erp,
    handlers: {
      ...outboxHandlers({ db: ctx.db, hub, describers: [describeHoldItem], supersedeHooks: hooks, correctors }),
      ...ordersHandlers({ db: ctx.db, config: ctx.config, gateways: ctx.gateways, sync }),
      ...shiftHandlers({ db: ctx.db, config: ctx.config, gateways: ctx.gateways, hub }),
    },
    start() {
      hub.start();
      sync?.start();
    },
    async dispose() {
      // The order sync in flight is cancelled and awaited before the core closes the database.
      const syncStopped = sync?.dispose();
      hub.dispose();
      await syncStopped;
    },
  };
}
