import { z } from 'zod';
import type { ConfirmationCorrection } from '../../../../shared/contract/domains/outbox.ts';
import { declareOutboxKind } from '../outbox/outboxKinds.ts';

/** Canonical payloads of the ERP kinds (contracts §5), frozen in the outbox at enqueue. */
const Dec = z.string().regex(/^\d{1,10}(\.\d{1,3})?$/);

/**
 * Every stored payload is checked against its schema each time it is sent: a row is not trusted for having
 * been checked when it was stored (no verdict or checksum is kept with it, rows also come from a resend's
 * copy, a duplicate's undo and older versions of the console, and a damaged file must still be caught).
 * The schemas are compiled (z.compile: zod generates the check once; any input its fast path does not
 * accept goes through the ordinary parser, so results and messages are the same): the check costs about
 * a microsecond per item instead of several while a backlog drains.
 */
export const ConfirmationPostPayload = z.compile(z.object({
  id: z.uuid(),
  plantId: z.string().min(1),
  lineId: z.string().min(1),
  workCenterId: z.string().min(1),
  shift: z.object({ date: z.string(), code: z.string() }),
  order: z.object({ erpOrderId: z.string().min(1).max(12), operationId: z.string().regex(/^\d{1,4}$/), sequence: z.string().default('0') }),
  postingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  finality: z.enum(['partial', 'final']),
  quantities: z.object({ yield: Dec, scrap: Dec, rework: Dec, uom: z.string().min(1).max(3), varianceReason: z.string().max(4).optional() }),
  execution: z.object({ start: z.string(), end: z.string() }),
  capturedAt: z.string(),
  capturedBy: z.string().min(1).max(12),
  /** Who and where, in words, for a second console's read-back (issue 19): the person's name, the console's name. */
  capturedByName: z.string().max(80).optional(),
  capturedOn: z.string().max(80).optional(),
  supersedes: z.string().optional(),
}));
export type ConfirmationPostPayload = z.infer<typeof ConfirmationPostPayload>;

export const ConfirmationCancelPayload = z.compile(z.object({
  id: z.uuid(),
  /** Our reference of the confirmation to reverse. */
  reverses: z.uuid(),
  order: z.object({ erpOrderId: z.string().min(1).max(12), operationId: z.string() }),
  reason: z.string(),
  capturedAt: z.string(),
  capturedBy: z.string(),
  /**
   * Set when this cancels an extra record the ERP holds under the same reference (a duplicate found by a
   * read-back): the keys of that record, never the ones the reversed item keeps.
   */
  record: z.record(z.string(), z.string()).optional(),
}));
export type ConfirmationCancelPayload = z.infer<typeof ConfirmationCancelPayload>;

export const orderingKeyOfOrder = (erpOrderId: string): string => `order:${erpOrderId}`;

/**
 * The confirmation kinds on the ERP target. One in flight per production order (SAP locks the order while
 * it posts a confirmation); a reversal goes on its order's key, so the ERP sees the post, then its
 * reversal, then any re-confirmation.
 */
export const CONFIRMATION_POST = declareOutboxKind<ConfirmationPostPayload>({ target: 'erp', kind: 'confirmation.post', orderingKey: (p) => orderingKeyOfOrder(p.order.erpOrderId) });
export const CONFIRMATION_CANCEL = declareOutboxKind<Pick<ConfirmationCancelPayload, 'order'>>({ target: 'erp', kind: 'confirmation.cancel', orderingKey: (p) => orderingKeyOfOrder(p.order.erpOrderId) });

export const padOperation = (op: string): string => op.padStart(4, '0');

/** "PX:" + the 32 hex digits of the reference: SAP's ConfirmationText is 40 characters. */
export const confirmationText = (id: string): string => `PX:${id.replace(/-/g, '')}`;

export function describeConfirmation(payload: unknown): string {
  const p = ConfirmationPostPayload.safeParse(payload);
  if (p.success) {
    const q = p.data.quantities;
    return `Order ${p.data.order.erpOrderId} / ${padOperation(p.data.order.operationId)}: ${q.yield} ${q.uom} good, ${q.scrap} scrap${q.rework !== '0' ? `, ${q.rework} rework` : ''} (${p.data.lineId}, shift ${p.data.shift.date} ${p.data.shift.code})`;
  }
  const c = ConfirmationCancelPayload.safeParse(payload);
  if (c.success) return `Reversal of ${c.data.reverses.slice(0, 8)}… on order ${c.data.order.erpOrderId}: ${c.data.reason}`;
  return 'unreadable payload';
}

/** The cancellation of an extra record found under a confirmation's reference (outbox duplicate repair). */
export function duplicateCancel(item: { id: string; kind: string; orderingKey: string; payload: unknown }, extraKeys: Readonly<Record<string, string>>, at: number): { kind: 'confirmation.cancel'; orderingKey: string; payload: Record<string, unknown> } | null {
  if (item.kind !== 'confirmation.post') return null;
  const p = ConfirmationPostPayload.safeParse(item.payload);
  if (!p.success) return null;
  const record = Object.fromEntries(Object.entries(extraKeys).filter(([k]) => k !== 'reversal'));
  return {
    kind: 'confirmation.cancel',
    orderingKey: CONFIRMATION_CANCEL.orderingKey(p.data),
    payload: {
      reverses: item.id,
      order: { erpOrderId: p.data.order.erpOrderId, operationId: p.data.order.operationId },
      reason: 'the ERP applied this confirmation twice; the extra record is cancelled',
      capturedAt: new Date(at).toISOString(),
      capturedBy: 'CONSOLE',
      record,
    },
  };
}

export interface CorrectedPayload {
  payload: Record<string, unknown>;
  orderingKey: string;
  /** field → [before, after], only the fields that changed. */
  changes: Record<string, [string, string]>;
}

/**
 * A supervisor's correction of a rejected confirmation: the named fields replaced in the frozen payload,
 * the result checked against the confirmation schema, and the ordering key following the order.
 */
export function correctConfirmation(frozen: unknown, fields: ConfirmationCorrection): { ok: true; value: CorrectedPayload } | { ok: false; message: string } {
  const before = ConfirmationPostPayload.safeParse(frozen);
  if (!before.success) return { ok: false, message: 'The stored confirmation cannot be read, so it cannot be corrected; discard it and confirm again from the shift close' };
  const p = before.data;
  const quantities: Record<string, string | undefined> = { ...p.quantities };
  for (const k of ['yield', 'scrap', 'rework'] as const) if (fields[k] !== undefined) quantities[k] = fields[k];
  if (fields.varianceReason !== undefined) quantities.varianceReason = fields.varianceReason === '' ? undefined : fields.varianceReason;
  if (quantities.varianceReason === undefined) delete quantities.varianceReason;
  const next = {
    ...p,
    order: { ...p.order, ...(fields.erpOrderId !== undefined ? { erpOrderId: fields.erpOrderId } : {}), ...(fields.operationId !== undefined ? { operationId: padOperation(fields.operationId) } : {}) },
    quantities,
    ...(fields.postingDate !== undefined ? { postingDate: fields.postingDate } : {}),
    ...(fields.finality !== undefined ? { finality: fields.finality } : {}),
  };
  const checked = ConfirmationPostPayload.safeParse(next);
  if (!checked.success) {
    const i = checked.error.issues[0]!;
    return { ok: false, message: `The corrected confirmation is not valid: ${i.path.join('.')}: ${i.message}` };
  }
  const flat = (c: ConfirmationPostPayload): Record<string, string> => ({
    erpOrderId: c.order.erpOrderId,
    operationId: padOperation(c.order.operationId),
    yield: c.quantities.yield,
    scrap: c.quantities.scrap,
    rework: c.quantities.rework,
    varianceReason: c.quantities.varianceReason ?? '',
    postingDate: c.postingDate,
    finality: c.finality,
  });
  const a = flat(p);
  const b = flat(checked.data);
  const changes = Object.fromEntries(Object.keys(b).filter((k) => a[k] !== b[k]).map((k) => [k, [a[k]!, b[k]!] as [string, string]]));
  return { ok: true, value: { payload: checked.data as unknown as Record<string, unknown>, orderingKey: CONFIRMATION_POST.orderingKey(checked.data), changes } };
}
