import { z } from 'zod';
import { FIELD_LIMITS, limitedText } from '../../domain/fieldLimits.ts';
import { MachineState, Period } from '../../domain/line.ts';
import { plainId } from '../../domain/fieldLimits.ts';
import { defineCommands } from '../spec.ts';

const Ratio = z.number().nonnegative().nullable();
const LineId = plainId('Line');
export const WhichShift = z.enum(['current', 'previous']);
export type WhichShift = z.infer<typeof WhichShift>;

export const ShiftInfo = z.object({
  id: z.string(),
  name: z.string(),
  start: z.number(),
  end: z.number(),
  breaks: z.array(z.object({ start: z.number(), end: z.number() })),
});
export type ShiftInfo = z.infer<typeof ShiftInfo>;

/** OEE and totals of one line over one window (a shift so far). */
export const Figures = z.object({
  good: z.number().int().nonnegative(),
  reject: z.number().int().nonnegative(),
  /** Parts made while the link was down, attributed to the gap (included in good/reject). */
  gapParts: z.number().int().nonnegative(),
  availability: Ratio,
  performance: Ratio,
  quality: Ratio,
  oee: Ratio,
  plannedMs: z.number().nonnegative(),
  runMs: z.number(),
  plannedDowntimeMs: z.number().nonnegative(),
  unplannedDowntimeMs: z.number().nonnegative(),
  uncodedCount: z.number().int().nonnegative(),
  /** The period the figures cover, with its words ("this shift"). */
  period: Period,
  /** A figure that cannot be right (performance over 100 %), with what to check; null when plausible. */
  warning: z.string().nullable(),
  /** Parts of implausible counter jumps in the period held out of these figures, not yet decided. */
  heldParts: z.number().int().nonnegative(),
});
export type Figures = z.infer<typeof Figures>;

export const HeldDecision = z.enum(['accepted', 'rejected']);
export type HeldDecision = z.infer<typeof HeldDecision>;

/** A wrap, reset, gap or implausible jump of a counter; a held jump carries the supervisor's decision. */
export const CounterEventView = z.object({
  id: z.number().int().positive(),
  lineId: z.string(),
  lineName: z.string(),
  kind: z.enum(['wrap', 'reset', 'gap', 'suspect']),
  signal: z.enum(['good', 'reject']),
  fromAt: z.number(),
  at: z.number(),
  before: z.number(),
  after: z.number(),
  counted: z.number(),
  held: z.number(),
  /** Plain words: why it was held or what happened. */
  reason: z.string(),
  decision: z
    .object({ decision: HeldDecision, by: z.string(), at: z.number(), note: z.string() })
    .nullable(),
});
export type CounterEventView = z.infer<typeof CounterEventView>;

export const LineDetail = z.object({
  lineId: z.string(),
  name: z.string(),
  shift: ShiftInfo.nullable(),
  /** Figures are as of this time (the shift end for a finished shift). */
  asOf: z.number(),
  orderId: z.string().nullable(),
  targetRatePerMin: z.number(),
  figures: Figures.nullable(),
  /** Per minute of the shift: parts made and run time. */
  trend: z.array(z.object({ minuteAt: z.number(), good: z.number(), reject: z.number(), runMs: z.number(), gap: z.boolean() })),
  /** Stops in the shift; the time between them is running (or not yet recorded). */
  timeline: z.array(z.object({ start: z.number(), end: z.number().nullable(), state: MachineState, noData: z.boolean() })),
  orders: z.array(z.object({ orderId: z.string(), good: z.number(), reject: z.number(), minutes: z.number(), gap: z.boolean() })),
  /** Wraps, resets, gaps and implausible jumps of the counters, for the supervisor to see. */
  counterEvents: z.array(CounterEventView),
});
export type LineDetail = z.infer<typeof LineDetail>;

export const ShiftLineRow = Figures.extend({ lineId: z.string(), name: z.string(), gap: z.boolean() });
export type ShiftLineRow = z.infer<typeof ShiftLineRow>;

export const ShiftReport = z.object({
  shift: ShiftInfo,
  asOf: z.number(),
  running: z.boolean(),
  lines: z.array(ShiftLineRow),
  totals: Figures,
});
export type ShiftReport = z.infer<typeof ShiftReport>;

export const ShiftSummary = z.object({
  current: ShiftReport.nullable(),
  previous: ShiftReport.nullable(),
});
export type ShiftSummary = z.infer<typeof ShiftSummary>;

export const HeldJumpList = z.object({ from: z.number(), to: z.number(), jumps: z.array(CounterEventView) });
export type HeldJumpList = z.infer<typeof HeldJumpList>;

const Millis = z.number().int().min(0).max(8_640_000_000_000_000);

export const productionCommands = defineCommands({
  'production.heldJumps': {
    req: z.object({ lineId: LineId.optional(), from: Millis, to: Millis }).strict(),
    res: HeldJumpList,
    access: 'anyone',
    summary: 'List the implausible counter jumps held out of production in a time span, with their decisions',
  },
  'production.decideHeldJump': {
    req: z
      .object({
        eventId: z.number().int().positive(),
        decision: HeldDecision,
        note: limitedText(FIELD_LIMITS.downtimeNote).default(''),
      })
      .strict(),
    res: CounterEventView,
    access: ['supervisor'],
    summary: 'Accept (count) or reject a held counter jump',
  },
  'production.lineDetail': {
    req: z.object({ lineId: LineId, shift: WhichShift.default('current') }).strict(),
    res: LineDetail,
    access: 'anyone',
    summary: 'Read a line’s production, trend, state timeline and OEE for a shift',
  },
  'production.shiftSummary': {
    req: z.object({}).strict(),
    res: ShiftSummary,
    access: 'anyone',
    summary: 'Read every line’s production and OEE for the current and previous shift',
  },
});
