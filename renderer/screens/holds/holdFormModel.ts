import { FIELD_LIMITS, textProblem } from '../../../shared/domain/fieldLimits.ts';
import { type HoldScope, windowProblem } from '../../../shared/domain/hold.ts';
import { fromPlantLocal, toPlantLocal } from '../../format/plantTime.ts';

/**
 * What the place-hold form says, turned into a scope the core accepts (or the reason it cannot be yet).
 * Pure, so the form's rules are tested without a page; the core checks the same rules again
 * (`windowProblem` is shared) and has the last word.
 */

export type HoldKind = HoldScope['kind'];
/** A window is the quick "last N minutes" or an explicit from/to in plant time. */
export type WindowMode = 'last' | 'range';

export interface HoldFormInput {
  readonly kind: HoldKind;
  readonly lineId: string;
  readonly mode: WindowMode;
  readonly minutes: number;
  /** Plant wall-clock times as the datetime inputs hold them ("2026-03-29T14:05"). */
  readonly fromText: string;
  readonly toText: string;
  readonly orderId: string;
  readonly lot: string;
}

const MIN = 60_000;

/** The window the form names: "last N minutes" ends at `now`; from/to are read in the plant's zone. */
export function windowOf(input: Pick<HoldFormInput, 'mode' | 'minutes' | 'fromText' | 'toText'>, now: number, timeZone: string | undefined): { from: number; to: number } | string {
  if (input.mode === 'last') {
    if (!(input.minutes > 0) || !Number.isInteger(input.minutes)) return 'Give the minutes to hold (a whole number)';
    return { from: now - input.minutes * MIN, to: now };
  }
  if (!input.fromText) return 'Give the start of the window (from)';
  if (!input.toText) return 'Give the end of the window (to)';
  const from = fromPlantLocal(input.fromText, timeZone);
  const to = fromPlantLocal(input.toText, timeZone);
  if (from === null) return 'The start of the window is not a date and time';
  if (to === null) return 'The end of the window is not a date and time';
  return { from, to };
}

/** The scope the form describes at `now`, or the reason it cannot yet (shown in place of the preview). */
export function scopeOf(input: HoldFormInput, now: number, timeZone: string | undefined): HoldScope | string {
  const { kind, lineId } = input;
  if ((kind === 'window' || kind === 'lot' || kind === 'line') && !lineId) return 'Pick a line';
  if (kind === 'order') {
    const orderId = input.orderId.trim();
    if (!orderId) return 'Give the order number';
    // Never cut: an order number longer than the ERP's is refused here with the limit, as the core would.
    const tooLong = textProblem(FIELD_LIMITS.erpOrderId, orderId, 1);
    if (tooLong) return tooLong;
    return lineId ? { kind, erpOrderId: orderId, lineId } : { kind, erpOrderId: orderId };
  }
  if (kind === 'line') return { kind, lineId, from: now };
  if (kind === 'lot' && !input.lot.trim()) return 'Give the lot number';
  if (kind === 'lot') {
    const tooLong = textProblem(FIELD_LIMITS.lot, input.lot.trim(), 1);
    if (tooLong) return tooLong;
  }
  const w = windowOf(input, now, timeZone);
  if (typeof w === 'string') return w;
  const problem = windowProblem(w.from, w.to, now);
  if (problem) return problem;
  return kind === 'lot' ? { kind, lot: input.lot.trim(), lineId, from: w.from, to: w.to } : { kind, lineId, from: w.from, to: w.to };
}

/** Switching from "last N minutes" to from/to starts from the same window, to the minute. */
export function rangeFromLast(minutes: number, now: number, timeZone: string | undefined): { fromText: string; toText: string } {
  const span = minutes > 0 ? minutes : 30;
  return { fromText: toPlantLocal(now - span * MIN, timeZone), toText: toPlantLocal(now, timeZone) };
}
