import { ConfirmationPostPayload, correctConfirmation } from '../../platform/erp/erpPayloads.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { OutboxModule, SupersedeHook } from '../outbox/index.ts';
import { confirmationById, insertConfirmation } from './shiftCloseRepo.ts';
import { shiftHandlers } from './shiftHandlers.ts';

type Keys = 'shift.draft' | 'shift.confirm' | 'shift.reverse' | 'shift.history' | 'shift.list' | 'shift.reverseClose';

/** A resent confirmation keeps its place in the shift close: a new row under the new reference. */
const confirmationResent: SupersedeHook = (db, old, newId, payload, at, actor) => {
  const c = confirmationById(db, old.id);
  const p = ConfirmationPostPayload.safeParse(payload);
  if (!c || !p.success) return;
  insertConfirmation(db, { ...c, id: newId, erpOrderId: p.data.order.erpOrderId, operationId: p.data.order.operationId, yieldQty: p.data.quantities.yield, scrapQty: p.data.quantities.scrap, reworkQty: p.data.quantities.rework, uom: p.data.quantities.uom, kind: 'post', reverses: null, createdAt: at, createdBy: actor.userId });
};

/**
 * Shift close: reconcile, adjust and confirm a shift's production to the ERP through the outbox (the ERP
 * adapter sends `confirmation.*` on the ERP target); a rejected confirmation may be corrected and resent.
 */
export function createShiftCloseModule(ctx: CoreContext, o: { outbox: Pick<OutboxModule, 'hub' | 'triage'> }): CoreModule<Keys> {
  o.outbox.triage(['confirmation.post'], { correct: (frozen, fields) => correctConfirmation(frozen, fields), resent: confirmationResent });
  return { handlers: shiftHandlers({ db: ctx.db, config: ctx.config, gateways: ctx.gateways, hub: o.outbox.hub, consoleName: ctx.options.consoleName }) };
}
