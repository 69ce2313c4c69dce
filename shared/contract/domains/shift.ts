import { z } from 'zod';
import { calendarDate, count, FIELD_LIMITS, limitedCode, limitedText, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands } from '../spec.ts';
import { Decimal } from './orders.ts';

/** A real calendar day (2026-13-45 and 2026-02-30 are refused as bad input, not left to crash a handler). */
const ShiftDate = calendarDate('Date');
const ShiftCode = limitedText(FIELD_LIMITS.shiftCode, { min: 1 });
const Qty = count('Quantity', 0, 10_000_000);
/** SAP order number (AUFNR, 12) and operation (VORNR, 4): FIELD_LIMITS. */
const OrderId = limitedCode(FIELD_LIMITS.erpOrderId, /^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const OperationId = limitedCode(FIELD_LIMITS.operationId, /^\d+$/, 'digits only, like "0010"');

/** running: started, not ended, not closed; ended-unclosed: ended, not closed; reversed: closed once, then reversed (open again). */
export const ShiftState = z.enum(['running', 'ended-unclosed', 'closed', 'reversed']);
export type ShiftState = z.infer<typeof ShiftState>;

export const Adjustment = z
  .object({
    type: z.enum(['scrap', 'rework']),
    qty: count('Quantity', 1, 10_000_000),
    reason: limitedText(FIELD_LIMITS.adjustmentReason, { min: 3, minMessage: 'give a reason (at least 3 characters)' }),
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
  /** First and last minute with production of this order in the shift (null: no records). */
  firstAt: z.number().nullable().default(null),
  lastAt: z.number().nullable().default(null),
  /** Minutes the line ran on this order in the shift. */
  runMinutes: z.number().nonnegative().default(0),
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
  /** 0 for the first close of a shift; each re-confirmation after a reversal posts with the next number. */
  correction: z.number().int().nonnegative().default(0),
  /**
   * Another console already posted this shift's confirmation of the order operation (same derived
   * reference): what the ERP says about it ("already confirmed from … by … at …, with …"). Resolved on
   * the Outbox screen: accept theirs (discard) or post a correction. Null when there is none.
   */
  conflict: z.string().nullable().default(null),
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
  /** The person's name (closedBy is their user id). */
  closedByName: z.string().default(''),
  /** "reversed": every posted confirmation was cancelled in the ERP; the shift can be closed again. */
  state: z.enum(['closed', 'reversed']).default('closed'),
  correction: z.number().int().nonnegative().default(0),
  reversedAt: z.number().nullable().default(null),
  reversedByName: z.string().nullable().default(null),
  reversalReason: z.string().nullable().default(null),
  /** What the supervisor acknowledged when closing: a shift that had not ended, a shift with no production. */
  acknowledged: z.array(z.enum(['not-ended', 'zero-production'])).default([]),
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
  state: ShiftState.default('ended-unclosed'),
  /** The core's clock when the draft was read; the window ends at min(windowEnd, now) while the shift runs. */
  now: z.number().default(0),
  /** Good and reject the console recorded on all lines in the shift (with or without an order). */
  recorded: z.object({ good: z.number().int().nonnegative(), reject: z.number().int().nonnegative() }).default({ good: 0, reject: 0 }),
  /** Shifts that ended more than this many days ago are not closed here. */
  maxAgeDays: z.number().int().positive().default(14),
});
export type ShiftDraft = z.infer<typeof ShiftDraft>;

/** One shift of the calendar, as the shift close picker lists it. */
export const ShiftListItem = z.object({
  date: ShiftDate,
  code: z.string(),
  start: z.number(),
  end: z.number(),
  state: ShiftState,
  good: z.number().int().nonnegative(),
  reject: z.number().int().nonnegative(),
  closedAt: z.number().nullable(),
  closedByName: z.string().nullable(),
});
export type ShiftListItem = z.infer<typeof ShiftListItem>;

export const ShiftList = z.object({
  now: z.number(),
  maxAgeDays: z.number().int().positive(),
  /** Newest first. */
  shifts: z.array(ShiftListItem),
  /** The latest unclosed shift that has ended (else the running one): what the screen opens on. */
  defaultShift: z.object({ date: ShiftDate, code: z.string() }).nullable(),
});
export type ShiftList = z.infer<typeof ShiftList>;

export const ConfirmLine = z
  .object({
    lineId: plainId('Line'),
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
        lines: z.array(ConfirmLine).max(200),
        /** Needed when a line has uncoded downtime. */
        overrideReason: limitedText(FIELD_LIMITS.overrideReason, { min: 3 }).optional(),
        /** The person ticked "close it although it has not ended yet": the core refuses an early close without it. */
        acknowledgeNotEnded: z.boolean().default(false),
        /** The person ticked "close it although it made nothing": the core refuses a zero-production close without it. */
        acknowledgeZeroProduction: z.boolean().default(false),
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
        reason: limitedText(FIELD_LIMITS.reverseReason, { min: 3 }),
        /** The corrected quantities to post after the reversal; without them the confirmation is only reversed. */
        repost: z.object({ good: Qty, reject: Qty, adjustments: z.array(Adjustment).max(20).default([]) }).strict().optional(),
      })
      .strict(),
    res: ShiftCloseView,
    access: ['supervisor'],
    summary: 'Correct a confirmed shift by reversal and repost',
  },
  'shift.list': {
    req: z.object({}).strict(),
    res: ShiftList,
    access: 'anyone',
    summary: 'List the shifts of the last 14 days with their close state',
  },
  'shift.reverseClose': {
    req: z.object({ date: ShiftDate, code: ShiftCode, reason: z.string().trim().min(3, 'give a reason of at least 3 characters').max(500) }).strict(),
    res: ShiftCloseView,
    access: ['supervisor'],
    summary: 'Reverse a closed shift: cancel every posted confirmation in the ERP and open the shift to be confirmed again',
  },
  'shift.history': {
    req: z.object({ limit: count('Limit', 1, 100).default(20) }).strict(),
    res: z.array(ShiftCloseView),
    access: 'anyone',
    summary: 'List closed shifts',
  },
});
