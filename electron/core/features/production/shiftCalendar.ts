import { DateTime } from 'luxon';
import type { ShiftCalendar } from '../../../../shared/domain/plantConfig.ts';

/**
 * Shift windows in the plant's own time zone. All calendar arithmetic goes through luxon: a night
 * shift across a DST change is 7 or 9 hours long, and that is what the plant was paid for.
 * (Lives in the core, not in shared: shared may import only zod, and the renderer gets windows from the core.)
 */

export interface TimeSpan {
  readonly start: number;
  readonly end: number;
}

export interface ShiftWindow extends TimeSpan {
  /** Stable id: plant-local start date and shift name, e.g. "2026-03-29/Night". */
  readonly id: string;
  readonly name: string;
  /** Plant-local date the shift starts on, YYYY-MM-DD. */
  readonly date: string;
  /** Planned breaks inside the shift, ms epoch. */
  readonly breaks: readonly TimeSpan[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Local HH:MM on a local date, in the zone. A time that does not exist (spring forward) moves to the next that does. */
function localTime(date: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return date.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/**
 * Computed shift days, per calendar object: a date's shifts depend only on the calendar, the zone and the date,
 * and the production timer asks for the same few weeks every second (current shift, previous shift, the next
 * start), each date a dozen luxon zone conversions. Those weeks move on by a date a day, so the memo keeps the
 * most recently asked dates, at most SHIFT_DAYS_KEPT: the two weeks back that `previousShift` looks
 * at, the two weeks ahead that the unscheduled stretch looks at, and room for a shift close asking for an older
 * date. (It was cleared only at 2048 dates: a console running for weeks kept a date more every day.)
 */
const shiftDays = new WeakMap<ShiftCalendar, Map<string, readonly ShiftWindow[]>>();
const SHIFT_DAYS_KEPT = 64;

/** The shifts of one plant-local calendar date (those that start on it), in start order. */
export function shiftsOnDate(calendar: ShiftCalendar, zone: string, isoDate: string): ShiftWindow[] {
  let days = shiftDays.get(calendar);
  if (!days) shiftDays.set(calendar, (days = new Map()));
  const key = `${zone}\u0000${isoDate}`;
  let windows = days.get(key);
  if (windows) {
    // Asked again: it moves to the newest end (a Map iterates in insertion order), so the oldest asked is dropped first.
    days.delete(key);
  } else {
    windows = Object.freeze(computeShiftsOnDate(calendar, zone, isoDate).map((w) => Object.freeze({ ...w, breaks: Object.freeze(w.breaks.map((b) => Object.freeze(b))) })));
    if (days.size >= SHIFT_DAYS_KEPT) days.delete(days.keys().next().value!);
  }
  days.set(key, windows);
  return windows.slice();
}

/** How many dates the memo holds for this calendar (the retention test checks it stays bounded). */
export function shiftDaysKept(calendar: ShiftCalendar): number {
  return shiftDays.get(calendar)?.size ?? 0;
}

function computeShiftsOnDate(calendar: ShiftCalendar, zone: string, isoDate: string): ShiftWindow[] {
  const day = DateTime.fromISO(isoDate, { zone });
  if (!day.isValid) throw new RangeError(`not a date: ${isoDate}`);
  if (calendar.holidays.includes(isoDate)) return [];
  const weekday = WEEKDAYS[day.weekday - 1]!;
  const out: ShiftWindow[] = [];
  for (const p of calendar.shifts) {
    if (!p.days.includes(weekday)) continue;
    const start = localTime(day, p.start);
    // An end at or before the start is on the next day: the shift spans midnight.
    const endDay = p.end <= p.start ? day.plus({ days: 1 }) : day;
    const end = localTime(endDay, p.end);
    const breaks = p.breaks.map((b) => {
      // A break belongs to the shift: on the start day if it falls after the start, else the next day.
      const bDay = b.start >= p.start ? day : day.plus({ days: 1 });
      const bs = localTime(bDay, b.start);
      const be = localTime(b.end <= b.start ? bDay.plus({ days: 1 }) : bDay, b.end);
      return { start: bs.toMillis(), end: be.toMillis() };
    });
    out.push({ id: `${isoDate}/${p.name}`, name: p.name, date: isoDate, start: start.toMillis(), end: end.toMillis(), breaks });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every shift that overlaps [from, to), in order. */
export function shiftsBetween(calendar: ShiftCalendar, zone: string, from: number, to: number): ShiftWindow[] {
  // Start a day early: last night's shift may still be running at `from`.
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone }).startOf('day');
  const out: ShiftWindow[] = [];
  while (day <= last) {
    for (const s of shiftsOnDate(calendar, zone, day.toISODate()!)) if (s.end > from && s.start < to) out.push(s);
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The shift running at `at`, or null between shifts (weekend, holiday). */
export function shiftAt(calendar: ShiftCalendar, zone: string, at: number): ShiftWindow | null {
  return shiftsBetween(calendar, zone, at, at + 1).find((s) => s.start <= at && at < s.end) ?? null;
}

/** The last shift that ended at or before `at` (looks back up to two weeks). */
export function previousShift(calendar: ShiftCalendar, zone: string, at: number): ShiftWindow | null {
  const twoWeeks = 14 * 86_400_000;
  const ended = shiftsBetween(calendar, zone, at - twoWeeks, at).filter((s) => s.end <= at);
  return ended.at(-1) ?? null;
}

/** The shift running at `at`, else the one that ended last: what a supervisor means by "this shift". */
export function currentOrLastShift(calendar: ShiftCalendar, zone: string, at: number): ShiftWindow | null {
  return shiftAt(calendar, zone, at) ?? previousShift(calendar, zone, at);
}

/** The parts of [span] not inside any break, clipped to [span]. */
export function minusBreaks(span: TimeSpan, breaks: readonly TimeSpan[]): TimeSpan[] {
  let parts: TimeSpan[] = [span];
  for (const b of breaks) {
    const next: TimeSpan[] = [];
    for (const p of parts) {
      if (b.end <= p.start || b.start >= p.end) {
        next.push(p);
        continue;
      }
      if (b.start > p.start) next.push({ start: p.start, end: b.start });
      if (b.end < p.end) next.push({ start: b.end, end: p.end });
    }
    parts = next;
  }
  return parts.filter((p) => p.end > p.start);
}

export const spanMs = (spans: readonly TimeSpan[]): number => spans.reduce((n, s) => n + (s.end - s.start), 0);

/** Length of the overlap of [a] with the union of disjoint [spans]. */
export function overlapMs(a: TimeSpan, spans: readonly TimeSpan[]): number {
  let n = 0;
  for (const s of spans) n += Math.max(0, Math.min(a.end, s.end) - Math.max(a.start, s.start));
  return n;
}
