import { z } from 'zod';
import { defineCommands } from '../spec.ts';
import { Decimal } from './orders.ts';

const ShiftDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const ShiftCode = z.string().min(1).max(40);
const Qty = z.number().int().min(0).max(10_000_000);
const OrderId = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'an ERP order number');
const OperationId = z.string().regex(/^\d{1,4}$/, 'an operation number like "0010"');

export const Adjustment = z
  .object({
    type: z.enum(['scrap', 'rework']),
    qty: z.number().int().min(1).max(10_000_000),
    reason: z.string().trim().min(3, 'give a reason').max(200),
  })
  .strict();
export type Adjustment = z.infer<typeof Adjustment>;

export const DraftOrderLine = z.object({
  erpOrderId: z.string(),
  operationId: z.string(),
  material: z.string(),
  uom: z.string(),
  workCenterId: z.string(),
  /** Planned minus confirmed yield of the operation in the ERP cache; null when the order is not cached. */
  openQty: Decimal.nullable(),
  countedGood: z.number().int().nonnegative(),
  countedReject: z.number().int().nonnegative(),
  /** Where the counts came from: the console's production records, or nothing (the supervisor counts). */
  countSource: z.enum(['production', 'none']),
  /** On active quality hold (holds.ts): shown apart, already taken out of countedGood/countedReject, never confirmed as good. */
  heldGood: z.number().int().nonnegative().default(0),
  heldReject: z.number().int().nonnegative().default(0),
});
export type DraftOrderLine = z.infer<typeof DraftOrderLine>;

export const DraftLine = z.object({
  lineId: z.string(),
  lineName: z.string(),
  workCenterId: z.string(),
  orders: z.array(DraftOrderLine),
  /** Minutes of downtime in the shift without a reason code: closing needs them coded or an override. */
  uncodedDowntimeMin: z.number().nonnegative(),
  /** What active quality holds cover of this line's shift production, and which holds. */
  held: z.object({ good: z.number().int().nonnegative(), reject: z.number().int().nonnegative(), holdIds: z.array(z.string()) }).default({ good: 0, reject: 0, holdIds: [] }),
});
export type DraftLine = z.infer<typeof DraftLine>;

export const ConfirmationView = z.object({
  id: z.string(),
  lineId: z.string(),
  erpOrderId: z.string(),
  operationId: z.string(),
  countedGood: z.number().int(),
  countedReject: z.number().int(),
  yieldQty: Decimal,
  scrapQty: Decimal,
  reworkQty: Decimal,
  uom: z.string(),
  adjustments: z.array(Adjustment),
  varianceFlag: z.boolean(),
  kind: z.enum(['post', 'reversal']),
  reverses: z.string().nullable(),
  reversedBy: z.string().nullable(),
  outboxState: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
});
export type ConfirmationView = z.infer<typeof ConfirmationView>;

export const ShiftCloseView = z.object({
  id: z.string(),
  date: ShiftDate,
  code: z.string(),
  windowStart: z.number(),
  windowEnd: z.number(),
  closedAt: z.number(),
  closedBy: z.string(),
  overrideReason: z.string().nullable(),
  confirmations: z.array(ConfirmationView),
});
export type ShiftCloseView = z.infer<typeof ShiftCloseView>;

export const ShiftDraft = z.object({
  date: ShiftDate,
  code: z.string(),
  windowStart: z.number(),
  windowEnd: z.number(),
  /** Variance threshold in percent: adjusted or over-delivered quantities beyond it are flagged. */
  varianceThresholdPct: z.number(),
  lines: z.array(DraftLine),
  closed: ShiftCloseView.nullable(),
});
export type ShiftDraft = z.infer<typeof ShiftDraft>;

export const ConfirmLine = z
  .object({
    lineId: z.string().min(1).max(64),
    erpOrderId: OrderId,
    operationId: OperationId,
    good: Qty,
    reject: Qty,
    adjustments: z.array(Adjustment).max(20).default([]),
    final: z.boolean().default(false),
  })
  .strict();
export type ConfirmLine = z.infer<typeof ConfirmLine>;

export const shiftCommands = defineCommands({
  'shift.draft': {
    req: z.object({ date: ShiftDate.optional(), code: ShiftCode.optional() }).strict(),
    res: ShiftDraft,
    access: 'anyone',
    summary: 'Read what a shift made, per line and order, ready to confirm',
  },
  'shift.confirm': {
    req: z
      .object({
        date: ShiftDate,
        code: ShiftCode,
        lines: z.array(ConfirmLine).min(1).max(200),
        /** Needed when a line has uncoded downtime. */
        overrideReason: z.string().trim().min(3).max(500).optional(),
      })
      .strict(),
    res: ShiftCloseView,
    access: ['supervisor'],
    summary: 'Close a shift and confirm its production to the ERP',
  },
  'shift.reverse': {
    req: z
      .object({
        confirmationId: z.uuid(),
        reason: z.string().trim().min(3).max(500),
        /** The corrected quantities to post after the reversal; without them the confirmation is only reversed. */
        repost: z.object({ good: Qty, reject: Qty, adjustments: z.array(Adjustment).max(20).default([]) }).strict().optional(),
      })
      .strict(),
    res: ShiftCloseView,
    access: ['supervisor'],
    summary: 'Correct a confirmed shift by reversal and repost',
  },
  'shift.history': {
    req: z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict(),
    res: z.array(ShiftCloseView),
    access: 'anyone',
    summary: 'List closed shifts',
  },
});
