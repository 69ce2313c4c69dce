import { z } from 'zod';
import { declareOutboxKind } from '../../../platform/outbox/outboxKinds.ts';

/**
 * Canonical payloads of `hold.place` and `hold.release` (contracts §5, QualityHold), frozen in the
 * outbox at enqueue. `items` is the stock the hold covers, per order: material and quantity as the
 * console knew them when the hold was placed (a line hold keeps growing in the console; the ERP
 * posting blocks what existed then).
 */
const Dec = z.string().regex(/^\d{1,10}(\.\d{1,3})?$/);

export const HoldItem = z.object({
  erpOrderId: z.string(),
  /** '' when the order is not in the ERP order cache (SAP then refuses the posting with that reason). */
  material: z.string(),
  batch: z.string().nullable(),
  qty: Dec,
  uom: z.string().min(1).max(3),
});
export type HoldItem = z.infer<typeof HoldItem>;

export const HoldPlacePayload = z.object({
  /** Our reference: the hold's own id. */
  id: z.uuid(),
  plantId: z.string().min(1),
  kind: z.literal('stock_block'),
  scope: z.object({
    kind: z.enum(['line', 'order', 'lot', 'window']),
    lineId: z.string().nullable(),
    workCenterId: z.string().nullable(),
    erpOrderId: z.string().nullable(),
    lot: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  items: z.array(HoldItem).max(200),
  storageLocation: z.string().nullable(),
  reason: z.string(),
  defectCategory: z.string(),
  note: z.string(),
  placedAt: z.string(),
  placedBy: z.string(),
  /** Who placed it and on which console, in words: another console that finds this hold says so (issue 19). */
  placedByName: z.string().optional(),
  placedOn: z.string().optional(),
  /**
   * The hold's series (holdReference.ts): the ERP reference is the first of the series that is not yet a
   * released hold there, or the one still active, which this console then joins. Absent on holds placed
   * before issue 19: their reference is `id`.
   */
  series: z.uuid().optional(),
});
export type HoldPlacePayload = z.infer<typeof HoldPlacePayload>;

export const HoldReleasePayload = z.object({
  /** Our reference of the release (the ERP's releaseId / Idempotency-Key). */
  id: z.uuid(),
  /** The hold (= the first hold.place item's reference). */
  holdId: z.uuid(),
  /** The hold.place item the ERP knows the hold by: the hold id, or the reference of a corrected resend. */
  placeReference: z.uuid(),
  plantId: z.string().min(1),
  /** The stock to return to unrestricted use: the place posting's items. */
  items: z.array(HoldItem).max(200),
  storageLocation: z.string().nullable(),
  reason: z.string(),
  releasedAt: z.string(),
  releasedBy: z.string(),
  confirmedBy: z.string(),
  releasedByName: z.string().optional(),
  releasedOn: z.string().optional(),
});
export type HoldReleasePayload = z.infer<typeof HoldReleasePayload>;

/** One ordering key per hold: its release never overtakes its placement. */
export const orderingKeyOfHold = (holdId: string): string => `hold:${holdId}`;

/** The hold kinds on the ERP target: a hold's release goes on its placement's key, so the ERP never sees the release first. */
export const HOLD_PLACE = declareOutboxKind<Pick<HoldPlacePayload, 'id'>>({ target: 'erp', kind: 'hold.place', orderingKey: (p) => orderingKeyOfHold(p.id) });
export const HOLD_RELEASE = declareOutboxKind<Pick<HoldReleasePayload, 'holdId'>>({ target: 'erp', kind: 'hold.release', orderingKey: (p) => orderingKeyOfHold(p.holdId) });

/** SAP's MaterialDocumentHeaderText has 25 characters: "PXH:" + the first 21 hex digits of the reference. */
export const holdHeaderText = (id: string): string => `PXH:${id.replace(/-/g, '').slice(0, 21)}`;

/**
 * The header text of the RELEASE (343) of the hold posted under `placeReference`: "PXR:" + the same 21 hex
 * digits, so every console finds a hold's release by the hold's reference, whoever released it (issue 19).
 * Releases sent before this change carry "PXH:" + their own reference; the read-back looks for both.
 */
export const releaseHeaderText = (placeReference: string): string => `PXR:${placeReference.replace(/-/g, '').slice(0, 21)}`;

/**
 * Who posted a hold document, when and from which console, in the item text SAP keeps with every item
 * (A_MaterialDocumentItem.MaterialDocumentItemText, Edm.String MaxLength 50 in the published
 * API_MATERIAL_DOCUMENT_SRV, electron/demo/erp/edmx/API_MATERIAL_DOCUMENT_SRV.edmx; creatable through the
 * header's deep insert): "2026-12-06T12:14:05Z CONSOLE-A / Quinn Adler", cut at 50 characters (the name
 * last, so a long name is what gets cut). The header text (25 characters) holds only the reference.
 * CreatedByUser/CreationTime on the header are the ERP's technical user and the ERP system's clock, the
 * same for every console: they cannot say who.
 */
export function holdItemText(at: string, on: string | undefined, by: string): string {
  const t = Number.isFinite(Date.parse(at)) ? new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') : at;
  return `${t} ${on || '?'} / ${by}`.slice(0, 50);
}

export function parseHoldItemText(s: unknown): { at: string; on: string; by: string } | null {
  const m = typeof s === 'string' ? /^(\S+) (.*?) \/ (.*)$/.exec(s) : null;
  return m ? { at: m[1]!, on: m[2]!, by: m[3]! } : null;
}

/** For the outbox screen: one line per hold item (other kinds: null, someone else describes them). */
export const describeHoldItem = (kind: string, payload: unknown): string | null => (kind.startsWith('hold.') ? describeHold(payload) : null);

export function describeHold(payload: unknown): string {
  const p = HoldPlacePayload.safeParse(payload);
  if (p.success) {
    const qty = p.data.items.reduce((n, i) => n + Number(i.qty), 0);
    const where = p.data.scope.lot ? `lot ${p.data.scope.lot}` : p.data.scope.erpOrderId ? `order ${p.data.scope.erpOrderId}` : `line ${p.data.scope.lineId ?? '?'}`;
    return `Hold on ${where}: ${qty} ${p.data.items[0]?.uom ?? 'PC'} (${p.data.reason})`;
  }
  const r = HoldReleasePayload.safeParse(payload);
  if (r.success) return `Release of hold ${r.data.holdId.slice(0, 8)}…: ${r.data.reason}`;
  return 'unreadable payload';
}
