import { z } from 'zod';
import { MachineState } from '../../domain/line.ts';
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
});
export type Figures = z.infer<typeof Figures>;

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
  counterEvents: z.array(
    z.object({ kind: z.enum(['wrap', 'reset', 'gap', 'suspect']), signal: z.enum(['good', 'reject']), fromAt: z.number(), at: z.number(), counted: z.number(), held: z.number() }),
  ),
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

export const productionCommands = defineCommands({
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
