import type { ErpLeg, HoldMarker, HoldView } from '../../../../shared/contract/domains/holds.ts';
import { DefectCategory, lineOfScope } from '../../../../shared/domain/hold.ts';
import { msg } from '../../../../shared/i18n/index.ts';
import { explainOutboxError } from '../../platform/outbox/outboxErrorText.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';
import { coveredProduction, type HoldRow } from './holdsRepo.ts';

/** Where an outbox item stands, in the words the holds screen uses. */
export function erpLeg(db: ReadableDb, outboxId: string | null): ErpLeg {
  if (!outboxId) return { state: 'no_erp', outboxState: null, message: 'no ERP configured for this plant', reference: null };
  const it = getItem(db, outboxId);
  if (!it) return { state: 'failed', outboxState: null, message: 'the outbox item is missing', msg: msg('holds.outboxItemMissing'), reference: outboxId };
  // Another console's hold or release that this one joined (restHolds.ts, issue 19) says so in words.
  const elsewhere = it.remoteKeys?.placedElsewhere ?? it.remoteKeys?.releasedElsewhere;
  const keys = it.remoteKeys ? Object.entries(it.remoteKeys).filter(([k, v]) => v && v !== it.id && k !== 'reference').map(([k, v]) => `${k} ${v}`).join(', ') || null : null;
  const message = it.state === 'done' ? (elsewhere ?? keys) : (it.lastError?.message ?? null);
  if (it.state === 'done') return { state: 'posted', outboxState: it.state, message, reference: it.id };
  // A failure in words (outboxErrorText.ts): the ERP's text introduced by a catalogue sentence, a network code explained.
  const why = it.lastError ? { msg: explainOutboxError(it.lastError, 'erp').msg } : {};
  if (it.state === 'rejected' || it.state === 'parked') return { state: 'failed', outboxState: it.state, message, ...why, reference: it.id };
  return { state: 'waiting', outboxState: it.state, message, ...why, reference: it.id };
}

export function toHoldView(db: ReadableDb, h: HoldRow, now: number, lineIds: readonly string[]): HoldView {
  // A released line hold stopped covering production when it was released.
  const covered = coveredProduction(db, h.scope, h.releasedAt ?? now, lineIds);
  const person = (userId: string | null, name: string | null) => ({ userId: userId ?? '', displayName: name ?? userId ?? '' });
  return {
    id: h.id,
    scope: h.scope,
    status: h.status,
    reason: h.reason,
    defectCategory: DefectCategory.safeParse(h.defectCategory).data ?? 'other',
    note: h.note,
    placedAt: h.placedAt,
    placedBy: person(h.placedBy, h.placedByName),
    qty: covered.qty,
    qtyAtPlacement: { good: h.qtyGood, reject: h.qtyReject },
    orders: covered.orders.map((o) => o.orderId).filter(Boolean),
    gap: covered.gap,
    interlock: { state: h.interlockState, message: h.interlockMessage, msg: h.interlockMsg, at: h.interlockAt, lineId: lineOfScope(h.scope) },
    // Released on another console and learnt from the ERP (holdsModule.ts, remoteReleaseCheck): nothing was sent from here.
    erp: { place: erpLeg(db, h.placeOutboxId), release: h.status !== 'released' ? null : h.releasedBy === 'erp' && !h.releaseOutboxId ? { state: 'posted', outboxState: null, message: h.releaseReason, reference: null } : erpLeg(db, h.releaseOutboxId) },
    released:
      h.status === 'released' && h.releasedAt !== null
        ? { at: h.releasedAt, by: person(h.releasedBy, h.releasedByName), confirmedBy: person(h.confirmedBy, h.confirmedByName), reason: h.releaseReason ?? '' }
        : null,
    revision: h.revision,
  };
}

export function toMarker(h: HoldRow): HoldMarker {
  return {
    id: h.id,
    kind: h.scope.kind,
    lineId: lineOfScope(h.scope),
    erpOrderId: h.scope.kind === 'order' ? h.scope.erpOrderId : null,
    lot: h.scope.kind === 'lot' ? h.scope.lot : null,
  };
}
