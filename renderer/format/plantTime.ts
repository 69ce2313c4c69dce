/**
 * Wall-clock times in the plant's time zone, as a `<input type="datetime-local">` reads and writes them
 * ("2026-03-29T02:30"). The page may run in another zone than the plant (a laptop, a remote wall board),
 * so the browser's own local time is never used. Intl only: the renderer carries no date library.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const PARTS_LOCALE = 'en-US-u-nu-latn';
const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = partFormats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    // Only the numeric parts are read (formatToParts), never shown: any locale with Latin digits does.
    try {
      f = new Intl.DateTimeFormat(PARTS_LOCALE, { ...opts, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(PARTS_LOCALE, opts);
    }
    partFormats.set(key, f);
  }
  return f;
}

/** The zone's wall clock at `ms`, as if it were UTC (so the difference to `ms` is the zone's offset). */
function wallAsUtc(ms: number, timeZone: string | undefined): number {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormat(timeZone).formatToParts(ms)) if (type !== 'literal') p[type] = Number(value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
}

const offsetAt = (ms: number, timeZone: string | undefined): number => wallAsUtc(ms, timeZone) - ms;
const two = (n: number) => String(n).padStart(2, '0');

/** `ms` as the plant's wall clock to the minute: "2026-03-29T14:05". */
export function toPlantLocal(ms: number, timeZone: string | undefined): string {
  const d = new Date(wallAsUtc(ms, timeZone));
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/**
 * The instant a plant wall-clock time names, or null when the text is not one. Across a DST change:
 * a time that happens twice (autumn) is its first occurrence, so a window reaches back further and
 * holds more, never less; a time that never happens (spring) is read with the offset from before the
 * jump, which lands just after it (02:30 on a spring-forward night reads as 03:30).
 */
export function fromPlantLocal(local: string, timeZone: string | undefined): number | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(asUtc).getUTCDate() !== d) return null; // 31 April and the like
  // The two offsets in force within a day of this time; whichever reproduces the wall clock is right.
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const candidates = [asUtc - Math.max(before, after), asUtc - Math.min(before, after)];
  const exact = candidates.filter((t) => wallAsUtc(t, timeZone) === asUtc);
  if (exact.length > 0) return Math.min(...exact);
  return asUtc - before;
}

/**
 * Date and time as a person types them in their language, read in the plant's zone (not the browser's, and
 * not the browser's <input type="datetime-local"> locale): German "06.12.2026 14:05" (also "6.12.26 14:05"),
 * English "06/12/2026 14:05"; ISO "2026-12-06 14:05" is understood in both. Minutes, 24-hour clock.
 */
export type InputLang = 'de' | 'en';

/** How a date and time is written in the field: "TT.MM.JJJJ hh:mm" / "DD/MM/YYYY hh:mm" comes from the catalogue; this is the example. */
export function formatPlantInput(ms: number, lang: InputLang, timeZone: string | undefined): string {
  const local = toPlantLocal(ms, timeZone); // 2026-12-06T14:05
  const [date, time] = local.split('T') as [string, string];
  const [y, m, d] = date.split('-') as [string, string, string];
  return lang === 'de' ? `${d}.${m}.${y} ${time}` : `${d}/${m}/${y} ${time}`;
}

const DE = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})$/;
const EN = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})[T\s]+(\d{1,2}):(\d{2})$/;

/** The instant a typed plant date and time names, or null when the text is not one (see fromPlantLocal for DST). */
export function parsePlantInput(text: string, lang: InputLang, timeZone: string | undefined): number | null {
  const t = text.trim();
  let y: number, mo: number, d: number, h: number, mi: number;
  const iso = ISO.exec(t);
  const loc = (lang === 'de' ? DE : EN).exec(t);
  if (iso) [y, mo, d, h, mi] = iso.slice(1).map(Number) as [number, number, number, number, number];
  else if (loc) {
    [d, mo, y, h, mi] = loc.slice(1).map(Number) as [number, number, number, number, number];
    if (y < 100) y += 2000;
  } else return null;
  const two = (n: number) => String(n).padStart(2, '0');
  return fromPlantLocal(`${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}`, timeZone);
}
