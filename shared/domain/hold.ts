import { z } from 'zod';
import { FIELD_LIMITS, instant, limitedCode, plainId } from './fieldLimits.ts';

/**
 * Quality holds. A hold covers part of the plant's production (a line from a moment on, an order, a
 * lot made on a line in a window, or a time window of one line); it is active until released.
 * Persisted values (scope kinds, statuses, interlock states) are never renamed.
 */

const LineId = plainId('Line');
/** SAP's order number (AUFNR, 12): longer would be cut by the ERP, so it is refused here with the limit. */
const OrderId = limitedCode(FIELD_LIMITS.erpOrderId, /^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
/** SAP's batch (Charg, 10 characters): a longer lot is refused with the limit, never cut. */
const Lot = limitedCode(FIELD_LIMITS.lot, /^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const From = instant('From');
const To = instant('To');

export const HoldScope = z.discriminatedUnion('kind', [
  /** Everything the line makes from `from` until the hold is released. */
  z.object({ kind: z.literal('line'), lineId: LineId, from: From }).strict(),
  /** Everything made for the order (on one line, or on any line when lineId is absent). */
  z.object({ kind: z.literal('order'), erpOrderId: OrderId, lineId: LineId.optional() }).strict(),
  /** A lot/batch: what the line made in [from, to), under the lot number the ERP knows. */
  z.object({ kind: z.literal('lot'), lot: Lot, lineId: LineId, from: From, to: To }).strict(),
  /** What the line made in [from, to). */
  z.object({ kind: z.literal('window'), lineId: LineId, from: From, to: To }).strict(),
]);
export type HoldScope = z.infer<typeof HoldScope>;
export type HoldScopeKind = HoldScope['kind'];

export const DEFECT_CATEGORIES = ['contamination', 'dimension', 'appearance', 'labelling', 'sealing', 'weight', 'foreign-body', 'other'] as const;
export const DefectCategory = z.enum(DEFECT_CATEGORIES);
export type DefectCategory = z.infer<typeof DefectCategory>;

export const DEFECT_LABELS: Readonly<Record<DefectCategory, string>> = {
  contamination: 'Contamination',
  dimension: 'Dimension out of tolerance',
  appearance: 'Appearance / cosmetic',
  labelling: 'Labelling / coding',
  sealing: 'Sealing / closure',
  weight: 'Weight / fill level',
  'foreign-body': 'Foreign body',
  other: 'Other (see note)',
};

export const HoldStatus = z.enum(['active', 'released']);
export type HoldStatus = z.infer<typeof HoldStatus>;

/**
 * The line's interlock for this hold: not mapped (no tag configured), set (written and read back),
 * failed (the write did not take: `interlockError` says why), cleared on release, or clear_failed.
 * `kept` on release: another active hold on the same line still needs the interlock.
 */
export const InterlockState = z.enum(['not_mapped', 'set', 'failed', 'cleared', 'clear_failed', 'kept']);
export type InterlockState = z.infer<typeof InterlockState>;

/** Where a hold or its release stands in the ERP: its outbox item's state, or none configured. */
export const ErpPropagation = z.enum(['no_erp', 'waiting', 'posted', 'failed']);
export type ErpPropagation = z.infer<typeof ErpPropagation>;

export const HeldQty = z.object({ good: z.number().int().nonnegative(), reject: z.number().int().nonnegative() });
export type HeldQty = z.infer<typeof HeldQty>;

/** Does a hold with this scope, active from `placedAt` until `releasedAt`, cover this minute of this line and order? */
export function scopeCovers(scope: HoldScope, at: { lineId: string; minuteAt: number; orderId: string }): boolean {
  switch (scope.kind) {
    case 'line':
      return at.lineId === scope.lineId && at.minuteAt + 60_000 > scope.from;
    case 'order':
      return at.orderId === scope.erpOrderId && (scope.lineId === undefined || scope.lineId === at.lineId);
    case 'lot':
    case 'window':
      return at.lineId === scope.lineId && at.minuteAt + 60_000 > scope.from && at.minuteAt < scope.to;
  }
}

/** The longest window a hold may name: longer than this, hold the order or the line instead. */
export const MAX_HOLD_WINDOW_MS = 31 * 86_400_000;
/**
 * How far past "now" a window may end: the screen's clock and the core's may differ a little, and the
 * core widens a window to whole minutes. Anything later would hold production that was not made yet.
 */
export const HOLD_CLOCK_SLACK_MS = 60_000;

/**
 * Why a time window [from, to) cannot be held, or null when it can. One rule for the form (which says
 * it while the quality lead types) and the core (which refuses the command with the same words).
 */
/** Why a window cannot be held, as a code (screens say it in the reader's language: holds:problems.<code>). */
export type WindowProblem = 'notFinite' | 'endsBeforeStart' | 'startsInFuture' | 'endsInFuture' | 'tooLong';
export function windowProblemCode(from: number, to: number, now: number): WindowProblem | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'notFinite';
  if (to <= from) return 'endsBeforeStart';
  if (from > now) return 'startsInFuture';
  if (to > now + HOLD_CLOCK_SLACK_MS) return 'endsInFuture';
  if (to - from > MAX_HOLD_WINDOW_MS) return 'tooLong';
  return null;
}
const WINDOW_PROBLEM_TEXT: Readonly<Record<WindowProblem, string>> = {
  notFinite: 'Give the start and the end of the window',
  endsBeforeStart: 'The window ends before it starts: "from" must be earlier than "to"',
  startsInFuture: 'The window starts in the future; a hold covers production that was made',
  endsInFuture: 'The window ends in the future; end it now or earlier (hold the line to cover what comes next)',
  tooLong: 'A window longer than 31 days: hold the order or the line instead',
};
export function windowProblem(from: number, to: number, now: number): string | null {
  const code = windowProblemCode(from, to, now);
  return code ? WINDOW_PROBLEM_TEXT[code] : null;
}

/** The line a hold acts on at the controller (its interlock), if any. */
export const lineOfScope = (scope: HoldScope): string | null => ('lineId' in scope && scope.lineId ? scope.lineId : null);

export function describeScope(scope: HoldScope, lineName: (id: string) => string, fmt: (ms: number) => string): string {
  switch (scope.kind) {
    case 'line':
      return `${lineName(scope.lineId)} from ${fmt(scope.from)} until released`;
    case 'order':
      return `Order ${scope.erpOrderId}${scope.lineId ? ` on ${lineName(scope.lineId)}` : ''}`;
    case 'lot':
      return `Lot ${scope.lot} (${lineName(scope.lineId)}, ${fmt(scope.from)}–${fmt(scope.to)})`;
    case 'window':
      return `${lineName(scope.lineId)}, ${fmt(scope.from)}–${fmt(scope.to)}`;
  }
}
