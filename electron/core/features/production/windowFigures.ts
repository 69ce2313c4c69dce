import { type DowntimeEvent, isPlanned, needsCoding } from '../../../../shared/domain/downtime.ts';
import { computeOee, idealMsFor, type Oee } from '../../../../shared/domain/oee.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';
import { type DowntimeRow, eventsOverlapping, notesOf } from './downtimeRepo.ts';
import type { LineSettings } from './lineSettings.ts';
import { firstSampleAt, minutesOf, type MinuteRow } from './productionRepo.ts';
import { minusBreaks, overlapMs, spanMs, type TimeSpan } from './shiftCalendar.ts';

/** A window to report on: a shift (with its breaks), or any span. */
export interface ReportWindow extends TimeSpan {
  readonly breaks: readonly TimeSpan[];
}

export interface WindowFigures extends Oee {
  /** The part of the window that has passed: [start, min(end, now)). */
  readonly asOf: number;
  /** All parts in the window (breaks included). */
  readonly good: number;
  readonly reject: number;
  readonly gapParts: number;
  readonly plannedMs: number;
  readonly runMs: number;
  readonly idealMs: number;
  readonly plannedDowntimeMs: number;
  readonly unplannedDowntimeMs: number;
  readonly uncodedCount: number;
  readonly minutes: readonly MinuteRow[];
}

/** Row → the event as screens see it, with duration and micro/planned worked out as of `now`. */
export function toDowntimeEvent(row: DowntimeRow, settings: LineSettings, now: number, notes: DowntimeEvent['notes'] = []): DowntimeEvent {
  const reason = row.reasonCode ? (settings.reasons.get(row.reasonCode) ?? null) : null;
  const durationMs = Math.max(0, (row.endAt ?? now) - row.startAt);
  return {
    id: row.id,
    lineId: row.lineId,
    state: row.state,
    startAt: row.startAt,
    endAt: row.endAt,
    durationMs,
    reasonCode: row.reasonCode,
    reasonLabel: reason ? reason.path : row.reasonCode,
    planned: isPlanned(row.state, reason),
    micro: !row.noData && !row.splitPart && durationMs < settings.microStopMs,
    noData: row.noData,
    codedBy: row.codedBy,
    codedAt: row.codedAt,
    revision: row.revision,
    notes,
  };
}

export function downtimeEventsIn(db: ReadableDb, settings: LineSettings, w: TimeSpan, now: number): DowntimeEvent[] {
  const rows = eventsOverlapping(db, { lineId: settings.config.id, from: w.start, to: w.end });
  const notes = notesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    toDowntimeEvent(
      r,
      settings,
      now,
      notes.filter((n) => n.eventId === r.id).map((n) => ({ at: n.at, by: n.by, text: n.text })),
    ),
  );
}

/** Sums over a window's minute rows, in row order (the OEE sums are floats: the order is part of the result). */
export interface MinuteSums {
  good: number;
  reject: number;
  gapParts: number;
  oeeGood: number;
  oeeReject: number;
  runMs: number;
  idealMs: number;
}

export const emptySums = (): MinuteSums => ({ good: 0, reject: 0, gapParts: 0, oeeGood: 0, oeeReject: 0, runMs: 0, idealMs: 0 });

/** Adds one minute row to the sums: all parts count in the totals, only minutes inside `work` towards OEE. */
export function addMinute(s: MinuteSums, m: MinuteRow, work: readonly TimeSpan[], settings: LineSettings): void {
  s.good += m.good;
  s.reject += m.reject;
  s.gapParts += m.gapGood + m.gapReject;
  // Breaks are whole minutes (HH:MM), so a minute is either all work or all break; a minute cut by
  // the window's own edges counts when any of it is inside.
  if (overlapMs({ start: m.minuteAt, end: m.minuteAt + 60_000 }, work) === 0) return;
  s.oeeGood += m.good;
  s.oeeReject += m.reject;
  s.runMs += m.runMs;
  s.idealMs += idealMsFor(m.good + m.reject, settings.idealCycleSecFor(m.orderId || null));
}

/**
 * Planned time starts when the console first saw the line in this window (its first minute or stop):
 * time before the console ran is not known, and counting it as a stop would be a guess.
 */
export function observedFromOf(w: ReportWindow, asOf: number, firstMinuteAt: number | undefined, firstRaw: number | null, firstEventStart: number | undefined): number {
  const firstMinute = firstMinuteAt ?? asOf;
  // A first raw sample inside the first minute with data says where in that minute the console started.
  const firstSeen = firstRaw !== null && firstRaw - firstMinute < 60_000 ? firstRaw : firstMinute;
  return Math.max(w.start, Math.min(firstSeen, firstEventStart ?? asOf));
}

/** The figures from the sums and the window's downtime events (`work` is the observed window minus breaks). */
export function finishFigures(s: MinuteSums, events: readonly DowntimeEvent[], work: readonly TimeSpan[], asOf: number, now: number, minutes: readonly MinuteRow[]): WindowFigures {
  let plannedDowntimeMs = 0;
  let unplannedDowntimeMs = 0;
  let uncodedCount = 0;
  for (const e of events) {
    const ms = overlapMs({ start: e.startAt, end: e.endAt ?? now }, work);
    if (e.planned) plannedDowntimeMs += ms;
    else unplannedDowntimeMs += ms;
    if (needsCoding(e)) uncodedCount++;
  }
  const plannedMs = Math.max(0, spanMs(work) - plannedDowntimeMs);
  const { good, reject, gapParts, runMs, idealMs } = s;
  const oee = computeOee({ plannedMs, runMs: Math.max(0, Math.min(runMs, plannedMs)), idealMs, good: s.oeeGood, reject: s.oeeReject });
  return { ...oee, asOf, good, reject, gapParts, plannedMs, runMs, idealMs, plannedDowntimeMs, unplannedDowntimeMs, uncodedCount, minutes };
}

/**
 * OEE and totals of one line over a window, as of `now`. Run time and parts inside breaks do not count
 * towards OEE (breaks are not planned production time), but do count in the totals. Reads everything from
 * the database; the live figures keep the same inputs in memory (liveFigures.ts) and give the same result.
 */
export function windowFigures(db: ReadableDb, settings: LineSettings, w: ReportWindow, now: number): WindowFigures {
  const asOf = Math.max(w.start, Math.min(w.end, now));
  const minutes = minutesOf(db, { lineId: settings.config.id, from: w.start, to: asOf });
  const events = downtimeEventsIn(db, settings, { start: w.start, end: asOf }, now);
  const firstRaw = firstSampleAt(db, { lineId: settings.config.id, from: w.start, to: asOf });
  const observedFrom = observedFromOf(w, asOf, minutes[0]?.minuteAt, firstRaw, events[0]?.startAt);
  const work = minusBreaks({ start: observedFrom, end: asOf }, w.breaks);
  const sums = emptySums();
  for (const m of minutes) addMinute(sums, m, work, settings);
  return finishFigures(sums, events, work, asOf, now, minutes);
}
