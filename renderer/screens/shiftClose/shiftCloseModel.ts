import type { Adjustment, DraftLine, ShiftDraft, ShiftListItem } from '../../../shared/contract/domains/shift.ts';
import { LOCALES, type Lang } from '../../../shared/i18n/index.ts';
import { currentLang, type Translate, tNow } from '../../i18n/index.tsx';

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

/** Flagged when the confirmed yield differs from the counted good, or exceeds the open quantity, by more than the threshold (in the language of `t`). */
export function variance(r: CloseRow, thresholdPct: number, t: Translate = tNow): string | null {
  const { yieldQty } = quantities(r);
  const base = r.countedGood;
  if (base > 0 && (Math.abs(base - yieldQty) / base) * 100 > thresholdPct) return t('shiftClose:edit.varianceOff', { pct: Math.round((Math.abs(base - yieldQty) / base) * 100) });
  if (base === 0 && yieldQty > 0 && r.countedGood === 0 && r.countedReject === 0) return null;
  if (r.openQty !== null && yieldQty > r.openQty * (1 + thresholdPct / 100)) return t('shiftClose:edit.varianceOpen', { open: r.openQty });
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

const formats = new Map<string, Intl.DateTimeFormat>();
function format(kind: 'day' | 'hm', tz: string | undefined, lang: Lang): Intl.DateTimeFormat {
  const key = `${kind}|${tz ?? ''}|${lang}`;
  let f = formats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = kind === 'day' ? { weekday: 'short', day: 'numeric', month: 'short' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat(LOCALES[lang], { ...opts, timeZone: tz });
    } catch {
      f = new Intl.DateTimeFormat(LOCALES[lang], opts);
    }
    formats.set(key, f);
  }
  return f;
}

/** "Sat 5 Dec" / "Sa., 5. Dez." on the plant's calendar, in the person's language. */
export const plantDay = (ms: number, tz: string | undefined, lang: Lang = currentLang()): string => {
  const text = format('day', tz, lang).format(ms);
  return lang === 'en' ? text.replace(',', '') : text;
};

/** "14:05" on the plant's wall clock. */
export const plantHm = (ms: number, tz: string | undefined, lang: Lang = currentLang()): string => format('hm', tz, lang).format(ms);

/** "Sat 5 Dec 22:04" on the plant's wall clock. */
export const plantDayTime = (ms: number, tz: string | undefined, lang: Lang = currentLang()): string => `${plantDay(ms, tz, lang)} ${plantHm(ms, tz, lang)}`;

/** One line of the shift picker: "Sat 5 Dec · Late 14:00–22:00 · ended, not closed · 1,234 good, 5 reject". */
export function shiftLabel(s: ShiftListItem, tz: string | undefined, t: Translate = tNow, lang: Lang = currentLang()): string {
  const n = new Intl.NumberFormat(LOCALES[lang]);
  const made = s.good + s.reject === 0 ? t('shiftClose:made.none') : t('shiftClose:made.counts', { good: n.format(s.good), reject: n.format(s.reject) });
  const state = s.state === 'closed' && s.closedByName ? t('shiftClose:states.closedBy', { person: s.closedByName }) : t(`shiftClose:states.${s.state}`);
  return `${plantDay(s.start, tz, lang)} · ${s.code} ${plantHm(s.start, tz, lang)}–${plantHm(s.end, tz, lang)} · ${state} · ${made}`;
}
