import { DateTime, Info } from 'luxon';

/**
 * SAP keeps dates and times of confirmations and material documents as the plant's wall-clock time
 * with no zone (Edm.DateTime with sap:display-format="Date": midnight of that day, written as
 * `/Date(<ms of that midnight in UTC>)/`; Edm.Time: an ISO 8601 duration since midnight). An instant
 * the console holds in UTC is therefore turned into the plant's local date and time (IANA zone) before it
 * goes out, across DST changes.
 *
 * The conversion runs six times per confirmation while a backlog drains, and luxon's
 * `fromISO(…).setZone(…)` (a new DateTime, an Intl.formatToParts per call) was the largest cost per item
 * of the drain's profile. So the common case is done here directly, with luxon's own semantics:
 * - the instant: the exact form the console writes (`Date.toISOString()`, `YYYY-MM-DDTHH:mm:ss[.fff]Z`)
 *   is read by hand; any other text goes to luxon's ISO parser as before (same results, same errors);
 * - the zone: resolved once per name the way luxon does (Info.normalizeZone: `UTC`/`GMT`, fixed offsets
 *   like `UTC+3`, IANA names); an IANA zone's UTC offset is read with the same Intl.DateTimeFormat options
 *   luxon uses (so both read the same tz database), once per zone and UTC hour, and kept: the offset at
 *   the first and at the last second of the hour are read; when they agree the hour has no change of
 *   offset and every instant in it shares that offset; when they differ (the hour of a DST change, also
 *   a change at a half hour like America/St_Johns or Australia/Lord_Howe) each instant in that hour is
 *   read on its own. (Two changes of offset within one hour that cancel out would be missed; the tz
 *   database has none.) Tests: test/electron/core/platform/erp/sapDates.test.ts, against luxon.
 * - the system zone (`local`, `system`) and anything luxon does not take as valid go to luxon as before.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** How an IANA zone's offset is read: luxon's own formatter options (zones/IANAZone.js, makeDTF). */
const formatterOf = (zone: string) =>
  new Intl.DateTimeFormat('en-US', { hour12: false, timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' });

interface ZoneOffsets {
  /** The offset in ms at a whole-second instant `t`. */
  exact(t: number): number;
  /** Offsets by UTC hour (NaN: the offset changes within that hour). */
  hours: Map<number, number>;
  /** Wall clocks of the instants seen last: the items of one shift close share their start, end and capture time. */
  seen: Map<string, number>;
}

/** A zone's offsets, or null when luxon itself should do the work (system zone, invalid name). */
const zones = new Map<string, ZoneOffsets | null>();
/** Hours kept per zone before the cache starts again (a year of hours is 8,760). */
const MAX_HOURS = 50_000;
/** Instants kept per zone before that cache starts again. */
const MAX_SEEN = 4_096;

function zoneOffsets(zone: string): ZoneOffsets | null {
  let z = zones.get(zone);
  if (z !== undefined) return z;
  const lz = Info.normalizeZone(zone);
  if (lz.isValid && lz.type === 'fixed') {
    const fixed = lz.offset(0) * 60_000;
    z = { exact: () => fixed, hours: new Map(), seen: new Map() };
  } else if (lz.isValid && lz.type === 'iana') {
    const dtf = formatterOf(lz.name);
    z = { exact: (t) => intlOffset(dtf, t), hours: new Map(), seen: new Map() };
  } else z = null;
  zones.set(zone, z);
  return z;
}

/** Local wall clock minus UTC at `t` (whole seconds), as luxon's IANAZone.offset reads it. */
function intlOffset(dtf: Intl.DateTimeFormat, t: number): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of dtf.formatToParts(new Date(t))) {
    switch (p.type) {
      case 'year':
        year = parseInt(p.value, 10);
        break;
      case 'month':
        month = parseInt(p.value, 10);
        break;
      case 'day':
        day = parseInt(p.value, 10);
        break;
      case 'hour':
        hour = parseInt(p.value, 10);
        break;
      case 'minute':
        minute = parseInt(p.value, 10);
        break;
      case 'second':
        second = parseInt(p.value, 10);
        break;
      case 'era':
        bc = p.value === 'BC';
        break;
      default:
    }
  }
  if (bc) year = -Math.abs(year) + 1;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour === 24 ? 0 : hour, minute, second, 0);
  return d.getTime() - (t - (((t % 1000) + 1000) % 1000));
}

function offsetAt(z: ZoneOffsets, t: number): number {
  const h = Math.floor(t / HOUR);
  let off = z.hours.get(h);
  if (off === undefined) {
    const first = z.exact(h * HOUR);
    off = z.exact(h * HOUR + HOUR - 1000) === first ? first : Number.NaN;
    if (z.hours.size >= MAX_HOURS) z.hours.clear();
    z.hours.set(h, off);
  }
  return Number.isNaN(off) ? z.exact(t - (((t % 1000) + 1000) % 1000)) : off;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instant of `YYYY-MM-DDTHH:mm:ss[.f]Z` in ms, or null for anything else (left to luxon). */
function utcMillis(iso: string): number | null {
  const m = ISO_UTC.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : DAYS[mo - 1]!) || h > 23 || mi > 59 || s > 59) return null;
  // luxon's parseMillis: the fraction as a number, floored to ms.
  const ms = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** The plant's wall clock at an instant, as ms since 1970 read as if it were UTC. */
function localMillis(iso: string, zone: string): number | null {
  const z = zoneOffsets(zone);
  if (z === null) return null;
  const known = z.seen.get(iso);
  if (known !== undefined) return known;
  const t = utcMillis(iso);
  if (t === null) return null;
  const local = t + offsetAt(z, t);
  if (z.seen.size >= MAX_SEEN) z.seen.clear();
  z.seen.set(iso, local);
  return local;
}

const luxonLocal = (iso: string, zone: string): DateTime => {
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!d.isValid) throw new Error(`not a valid time "${iso}" in zone ${zone}: ${d.invalidExplanation ?? d.invalidReason}`);
  return d;
};

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const sapDateOf = (local: number) => `/Date(${Math.floor(local / DAY) * DAY})/`;
const sapTimeOf = (local: number) => {
  const d = new Date(local);
  return `PT${two(d.getUTCHours())}H${two(d.getUTCMinutes())}M${two(d.getUTCSeconds())}S`;
};

/** A calendar day `YYYY-MM-DD` (already the plant's day) as an SAP date. */
export const sapDay = (ymd: string): string => `/Date(${Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)))})/`;

/** The plant-local day of an instant, as an SAP date. */
export function sapLocalDate(iso: string, zone: string): string {
  const local = localMillis(iso, zone);
  return local === null ? sapDay(luxonLocal(iso, zone).toISODate()!) : sapDateOf(local);
}

/** The plant-local wall-clock time of an instant, as an SAP Edm.Time (`PT21H00M00S`). */
export function sapLocalTime(iso: string, zone: string): string {
  const local = localMillis(iso, zone);
  return local === null ? luxonLocal(iso, zone).toFormat("'PT'HH'H'mm'M'ss'S'") : sapTimeOf(local);
}

/** Both of an instant: the plant-local day and wall-clock time, converted once. */
export function sapLocalDateTime(iso: string, zone: string): { date: string; time: string } {
  const local = localMillis(iso, zone);
  if (local === null) {
    const d = luxonLocal(iso, zone);
    return { date: sapDay(d.toISODate()!), time: d.toFormat("'PT'HH'H'mm'M'ss'S'") };
  }
  return { date: sapDateOf(local), time: sapTimeOf(local) };
}

/** The plant-local day of an instant, `YYYY-MM-DD`. */
export function plantDay(iso: string, zone: string): string {
  const local = localMillis(iso, zone);
  if (local === null) return luxonLocal(iso, zone).toISODate()!;
  return new Date(Math.floor(local / DAY) * DAY).toISOString().slice(0, 10);
}
