import { type Lang, LOCALES } from '../../shared/i18n/index.ts';
import { renderText } from '../../shared/i18n/render.ts';

/**
 * Numbers, dates, times and durations for a person: Intl in their language's locale (de-DE, en-GB) and
 * the plant's IANA time zone (never the browser's zone, never UTC shown as such). Pure: components
 * take it from useFormat(); code outside React from formatFor(lang, zone).
 */
export interface Format {
  readonly lang: Lang;
  readonly locale: string;
  /** The plant's zone as given (undefined: the page's own zone, only until system.info arrives). */
  readonly timeZone: string | undefined;
  /** "12.345" (de) / "12,345" (en); em dash for null. */
  count(value: number | null | undefined): string;
  /** A number with the given fraction digits (default: up to 2). */
  number(value: number | null | undefined, fractionDigits?: { min?: number; max?: number }): string;
  /** A ratio 0..1 as a percentage: "84 %" (de) / "84%" (en). */
  percent(ratio: number | null | undefined, fractionDigits?: number): string;
  /**
   * A quantity in the ERP's unit of measure, as the reader says it: "120 Stück" / "120 pieces", "12,5 kg"
   * (common `units.<CODE>`, ICU plural by the value). A code the catalogue does not know is the ERP's own
   * word and is shown as it came ("12 XYZ"); no unit, the number alone. Up to `fractionDigits` decimals (3).
   */
  quantity(value: number | string | null | undefined, unit: string | null | undefined, fractionDigits?: number): string;
  /** "06.12.2026" (de) / "06/12/2026" (en), in the plant zone. */
  date(ms: number): string;
  /** "14:03" in the plant zone. */
  time(ms: number): string;
  /** "14:03:22" in the plant zone. */
  clock(ms: number): string;
  /** "06.12.2026, 14:03" in the plant zone. */
  dateTime(ms: number): string;
  /** Time of day, with the date only when it is not `today`'s date in the plant zone. */
  timeOrDateTime(ms: number, now: number): string;
  /** "45 s", "12 min 05 s", "2 h 10 min", "3 d 4 h" (words from the `common` catalogue). Negative reads as 0 s. */
  duration(ms: number): string;
  /** "vor 5 Minuten" / "5 minutes ago", "in 2 hours". */
  relative(ms: number, now: number): string;
  /** Calendar day "2026-12-06" in the plant zone (for comparing days; not for showing). */
  dayKey(ms: number): string;
}

const cache = new Map<string, Format>();

/** The formatter set for a language and a plant zone (kept: Intl formatters are costly to make). */
export function formatFor(lang: Lang, timeZone: string | undefined): Format {
  const key = `${lang}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = makeFormat(lang, timeZone);
    cache.set(key, f);
  }
  return f;
}

function dtf(locale: string, timeZone: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...opts, timeZone });
  } catch {
    // An unknown zone name (a typo in a config): the page's zone rather than no time at all.
    return new Intl.DateTimeFormat(locale, opts);
  }
}

function makeFormat(lang: Lang, timeZone: string | undefined): Format {
  const locale = LOCALES[lang];
  const countF = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const numberFs = new Map<string, Intl.NumberFormat>();
  const numberF = (min: number, max: number, extra: Intl.NumberFormatOptions = {}): Intl.NumberFormat => {
    const k = `${min}|${max}|${JSON.stringify(extra)}`;
    let n = numberFs.get(k);
    if (!n) {
      n = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max, ...extra });
      numberFs.set(k, n);
    }
    return n;
  };
  const dateF = dtf(locale, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const timeF = dtf(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const clockF = dtf(locale, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const dateTimeF = dtf(locale, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayF = dtf('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const relF = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const dash = '—';
  const words = (key: string, params: Record<string, number | string>): string => renderText(lang, 'common', `duration.${key}`, params) ?? '';
  const two = (n: number): string => String(n).padStart(2, '0');

  const f: Format = {
    lang,
    locale,
    timeZone,
    count: (v) => (v === null || v === undefined || Number.isNaN(v) ? dash : countF.format(v)),
    number: (v, d) => (v === null || v === undefined || Number.isNaN(v) ? dash : numberF(d?.min ?? 0, d?.max ?? Math.max(2, d?.min ?? 0)).format(v)),
    percent: (r, digits = 0) => (r === null || r === undefined || Number.isNaN(r) ? dash : numberF(digits, digits, { style: 'percent' }).format(r)),
    quantity: (value, unit, digits = 3) => {
      // ERP payloads carry quantities as decimal strings ("12.5").
      const v = typeof value === 'string' ? (value.trim() === '' ? Number.NaN : Number(value)) : value;
      if (v === null || v === undefined || Number.isNaN(v)) return dash;
      const n = numberF(0, digits).format(v);
      const code = (unit ?? '').trim();
      if (!code) return n;
      return renderText(lang, 'common', `units.${code.toUpperCase()}`, { count: v, n }) ?? `${n}\u00a0${code}`;
    },
    date: (ms) => dateF.format(ms),
    time: (ms) => timeF.format(ms),
    clock: (ms) => clockF.format(ms),
    dateTime: (ms) => dateTimeF.format(ms),
    timeOrDateTime: (ms, now) => (dayF.format(ms) === dayF.format(now) ? timeF.format(ms) : dateTimeF.format(ms)),
    duration: (ms) => {
      const total = Math.max(0, Math.floor(ms / 1000));
      const d = Math.floor(total / 86_400);
      const h = Math.floor((total % 86_400) / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      if (d > 0) return words('daysHours', { d, h });
      if (h > 0) return words('hoursMinutes', { h, m: two(m) });
      if (m > 0) return words('minutesSeconds', { m, s: two(s) });
      return words('seconds', { s });
    },
    relative: (ms, now) => {
      const diff = ms - now;
      const abs = Math.abs(diff);
      if (abs < 45_000) return relF.format(Math.round(diff / 1000), 'second');
      if (abs < 45 * 60_000) return relF.format(Math.round(diff / 60_000), 'minute');
      if (abs < 22 * 3_600_000) return relF.format(Math.round(diff / 3_600_000), 'hour');
      return relF.format(Math.round(diff / 86_400_000), 'day');
    },
    dayKey: (ms) => dayF.format(ms),
  };
  return f;
}
