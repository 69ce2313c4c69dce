import type { Adjustment, DraftLine, ShiftDraft, ShiftListItem, ShiftState } from '../../../shared/contract/domains/shift.ts';

/** One editable row of the shift close: a line and an order, with what the supervisor confirms. */
export interface CloseRow {
  key: string;
  lineId: string;
  lineName: string;
  erpOrderId: string;
  operationId: string;
  material: string;
  uom: string;
  openQty: number | null;
  countedGood: number;
  countedReject: number;
  /** Where the counts came from: the console's records, or none (the supervisor counts by hand). */
  countSource: 'production' | 'none';
  /** First and last minute with production of this order in the shift, and the minutes it ran. */
  firstAt: number | null;
  lastAt: number | null;
  runMinutes: number;
  /** On active quality hold: shown apart, already out of the counted figures, never confirmed as good. */
  heldGood: number;
  heldReject: number;
  good: number;
  reject: number;
  adjustments: Adjustment[];
  include: boolean;
}

export function rowsOf(draft: ShiftDraft): CloseRow[] {
  return draft.lines.flatMap((l: DraftLine) =>
    l.orders.map((o) => ({
      key: `${l.lineId}/${o.erpOrderId}/${o.operationId}`,
      lineId: l.lineId,
      lineName: l.lineName,
      erpOrderId: o.erpOrderId,
      operationId: o.operationId,
      material: o.material,
      uom: o.uom,
      openQty: o.openQty === null ? null : Number(o.openQty),
      countedGood: o.countedGood,
      countedReject: o.countedReject,
      countSource: o.countSource,
      firstAt: o.firstAt ?? null,
      lastAt: o.lastAt ?? null,
      runMinutes: o.runMinutes ?? 0,
      heldGood: o.heldGood ?? 0,
      heldReject: o.heldReject ?? 0,
      good: o.countedGood,
      reject: o.countedReject,
      adjustments: [],
      // Only rows with parts are pre-ticked: a line that made nothing is never confirmed by default.
      include: o.countedGood + o.countedReject > 0,
    })),
  );
}

/** Same arithmetic as the core (applyAdjustments): scrap and rework come out of the good count. */
export function quantities(r: Pick<CloseRow, 'good' | 'reject' | 'adjustments'>): { yieldQty: number; scrapQty: number; reworkQty: number } {
  const scrap = r.adjustments.filter((a) => a.type === 'scrap').reduce((n, a) => n + a.qty, 0);
  const rework = r.adjustments.filter((a) => a.type === 'rework').reduce((n, a) => n + a.qty, 0);
  return { yieldQty: r.good - scrap - rework, scrapQty: r.reject + scrap, reworkQty: rework };
}

/** Flagged when the confirmed yield differs from the counted good, or exceeds the open quantity, by more than the threshold. */
export function variance(r: CloseRow, thresholdPct: number): string | null {
  const { yieldQty } = quantities(r);
  const base = r.countedGood;
  if (base > 0 && (Math.abs(base - yieldQty) / base) * 100 > thresholdPct) return `${Math.round((Math.abs(base - yieldQty) / base) * 100)} % off the counted good`;
  if (base === 0 && yieldQty > 0 && r.countedGood === 0 && r.countedReject === 0) return null;
  if (r.openQty !== null && yieldQty > r.openQty * (1 + thresholdPct / 100)) return `more than the ${r.openQty} still open on the order`;
  return null;
}

/** What the included rows would post to the ERP, in parts (yield + scrap + rework). */
export function partsToPost(rows: readonly CloseRow[]): number {
  return rows.filter((r) => r.include).reduce((n, r) => {
    const q = quantities(r);
    return n + q.yieldQty + q.scrapQty + q.reworkQty;
  }, 0);
}

/** The acknowledgements the core will ask for: a shift that has not ended, a close that posts nothing. */
export function neededAcknowledgements(draft: Pick<ShiftDraft, 'windowEnd' | 'now'>, rows: readonly CloseRow[]): { notEnded: boolean; zeroProduction: boolean } {
  return { notEnded: draft.now < draft.windowEnd, zeroProduction: partsToPost(rows) === 0 };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const hmFormats = new Map<string, Intl.DateTimeFormat>();
function format(cache: Map<string, Intl.DateTimeFormat>, tz: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = tz ?? '';
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: tz });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', opts);
    }
    cache.set(key, f);
  }
  return f;
}

/** "Sat 5 Dec" on the plant's calendar. */
export const plantDay = (ms: number, tz: string | undefined): string => format(dayFormats, tz, { weekday: 'short', day: 'numeric', month: 'short' }).format(ms).replace(',', '');

/** "14:05" on the plant's wall clock. */
export const plantHm = (ms: number, tz: string | undefined): string => format(hmFormats, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** "Sat 5 Dec 22:04" on the plant's wall clock. */
export const plantDayTime = (ms: number, tz: string | undefined): string => `${plantDay(ms, tz)} ${plantHm(ms, tz)}`;

const STATE_WORDS: Record<ShiftState, string> = { running: 'running', 'ended-unclosed': 'ended, not closed', closed: 'closed', reversed: 'reversed, to confirm again' };

/** One line of the shift picker: "Sat 5 Dec · Late 14:00–22:00 · ended, not closed · 1,234 good". */
export function shiftLabel(s: ShiftListItem, tz: string | undefined): string {
  const made = s.good + s.reject === 0 ? 'no production' : `${s.good.toLocaleString('en-GB')} good, ${s.reject.toLocaleString('en-GB')} reject`;
  const state = s.state === 'closed' && s.closedByName ? `closed by ${s.closedByName}` : STATE_WORDS[s.state];
  return `${plantDay(s.start, tz)} · ${s.code} ${plantHm(s.start, tz)}–${plantHm(s.end, tz)} · ${state} · ${made}`;
}
