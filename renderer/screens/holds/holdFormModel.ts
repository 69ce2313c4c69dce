import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { type HoldScope, windowProblemCode } from '../../../shared/domain/hold.ts';
import { typedProblemText } from '../../components/LimitedField.tsx';
import { type Translate, tNow } from '../../i18n/index.tsx';
import { formatPlantInput, parsePlantInput, toPlantLocal } from '../../format/plantTime.ts';
import type { Lang } from '../../../shared/i18n/index.ts';

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
  /** Plant wall-clock times as typed ("29.03.2026 14:05", "29/03/2026 14:05" or ISO "2026-03-29T14:05"). */
  readonly fromText: string;
  readonly toText: string;
  readonly orderId: string;
  readonly lot: string;
}

const MIN = 60_000;

/** The window the form names: "last N minutes" ends at `now`; from/to are read in the plant's zone. */
export function windowOf(input: Pick<HoldFormInput, 'mode' | 'minutes' | 'fromText' | 'toText'>, now: number, timeZone: string | undefined, t: Translate = tNow, lang: Lang = 'en'): { from: number; to: number } | string {
  const p = (key: string) => t(`holds:problems.${key}`);
  if (input.mode === 'last') {
    if (!(input.minutes > 0) || !Number.isInteger(input.minutes)) return p('minutes');
    return { from: now - input.minutes * MIN, to: now };
  }
  if (!input.fromText) return p('noFrom');
  if (!input.toText) return p('noTo');
  const from = parsePlantInput(input.fromText, lang, timeZone);
  const to = parsePlantInput(input.toText, lang, timeZone);
  if (from === null) return p('badFrom');
  if (to === null) return p('badTo');
  return { from, to };
}

/** The scope the form describes at `now`, or the reason it cannot yet (shown in place of the preview). */
export function scopeOf(input: HoldFormInput, now: number, timeZone: string | undefined, t: Translate = tNow, lang: Lang = 'en'): HoldScope | string {
  const p = (key: string) => t(`holds:problems.${key}`);
  const { kind, lineId } = input;
  if ((kind === 'window' || kind === 'lot' || kind === 'line') && !lineId) return p('pickLine');
  if (kind === 'order') {
    const orderId = input.orderId.trim();
    if (!orderId) return p('noOrder');
    // Never cut: an order number longer than the ERP's is refused here with the limit, as the core would.
    const tooLong = typedProblemText(t, FIELD_LIMITS.erpOrderId, orderId, 1);
    if (tooLong) return tooLong;
    return lineId ? { kind, erpOrderId: orderId, lineId } : { kind, erpOrderId: orderId };
  }
  if (kind === 'line') return { kind, lineId, from: now };
  if (kind === 'lot' && !input.lot.trim()) return p('noLot');
  if (kind === 'lot') {
    const tooLong = typedProblemText(t, FIELD_LIMITS.lot, input.lot.trim(), 1);
    if (tooLong) return tooLong;
  }
  const w = windowOf(input, now, timeZone, t, lang);
  if (typeof w === 'string') return w;
  const problem = windowProblemCode(w.from, w.to, now);
  if (problem) return p(problem);
  return kind === 'lot' ? { kind, lot: input.lot.trim(), lineId, from: w.from, to: w.to } : { kind, lineId, from: w.from, to: w.to };
}

/** Switching from "last N minutes" to from/to starts from the same window, to the minute. */
export function rangeFromLast(minutes: number, now: number, timeZone: string | undefined, lang?: Lang): { fromText: string; toText: string } {
  const span = minutes > 0 ? minutes : 30;
  // As the person's language writes it (the field reads that and ISO); ISO when no language is given.
  const text = (ms: number) => (lang ? formatPlantInput(ms, lang, timeZone) : toPlantLocal(ms, timeZone));
  return { fromText: text(now - span * MIN), toText: text(now) };
}
