import type { MachineState } from '../../../../shared/domain/line.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import { prepared } from '../../platform/storage/prepared.ts';

/** Downtime events and their notes. At most one open event per line (a partial unique index says so). */

export interface DowntimeRow {
  id: number;
  lineId: string;
  state: MachineState;
  startAt: number;
  endAt: number | null;
  noData: boolean;
  reasonCode: string | null;
  codedBy: string | null;
  codedAt: number | null;
  splitFrom: number | null;
  revision: number;
  /** One part of a split: a supervisor's deliberate cut, never hidden as a micro-stop. */
  splitPart: boolean;
}

export interface NoteRow {
  eventId: number;
  at: number;
  by: string;
  text: string;
}

const COLS = `id, line_id AS lineId, state, start_at AS startAt, end_at AS endAt, no_data AS noData, reason_code AS reasonCode,
  coded_by AS codedBy, coded_at AS codedAt, split_from AS splitFrom, revision,
  (split_from IS NOT NULL OR EXISTS (SELECT 1 FROM downtime_event c WHERE c.split_from = downtime_event.id)) AS splitPart`;

type Raw = Omit<DowntimeRow, 'noData' | 'splitPart'> & { noData: number; splitPart: number };
const fromRaw = (r: Raw): DowntimeRow => ({ ...r, noData: r.noData === 1, splitPart: r.splitPart === 1 });

export function openEvent(db: WritableDb, args: { lineId: string; state: MachineState; startAt: number; noData: boolean }): number {
  const r = prepared(db, 'INSERT INTO downtime_event (line_id, state, start_at, no_data) VALUES (?, ?, ?, ?)')
    .run(args.lineId, args.state, args.startAt, args.noData ? 1 : 0);
  return Number(r.lastInsertRowid);
}

export function closeEvent(db: WritableDb, id: number, endAt: number): void {
  prepared(db, 'UPDATE downtime_event SET end_at = MAX(start_at, ?), revision = revision + 1 WHERE id = ? AND end_at IS NULL').run(endAt, id);
}

/** Re-opens a closed event (a zero-length "no data" gap between two stretches of the same state is dropped). */
export function reopenEvent(db: WritableDb, id: number): void {
  prepared(db, 'UPDATE downtime_event SET end_at = NULL, revision = revision + 1 WHERE id = ?').run(id);
}

export function deleteEvent(db: WritableDb, id: number): void {
  prepared(db, 'DELETE FROM downtime_event WHERE id = ?').run(id);
}

export function getEvent(db: ReadableDb, id: number): DowntimeRow | undefined {
  const r = prepared(db, `SELECT ${COLS} FROM downtime_event WHERE id = ?`).get(id) as Raw | undefined;
  return r ? fromRaw(r) : undefined;
}

export function openEventOf(db: ReadableDb, lineId: string): DowntimeRow | undefined {
  const r = prepared(db, `SELECT ${COLS} FROM downtime_event WHERE line_id = ? AND end_at IS NULL`).get(lineId) as Raw | undefined;
  return r ? fromRaw(r) : undefined;
}

/** Events of a line overlapping [from, to), oldest first. */
export function eventsOverlapping(db: ReadableDb, args: { lineId: string; from: number; to: number }): DowntimeRow[] {
  return (
    prepared(db, `SELECT ${COLS} FROM downtime_event WHERE line_id = ? AND start_at < ? AND (end_at IS NULL OR end_at > ?) ORDER BY start_at, id`)
      .all(args.lineId, args.to, args.from) as Raw[]
  ).map(fromRaw);
}

export function setReason(db: WritableDb, args: { id: number; reasonCode: string; by: string; at: number }): void {
  prepared(db, 'UPDATE downtime_event SET reason_code = ?, coded_by = ?, coded_at = ?, revision = revision + 1 WHERE id = ?').run(
    args.reasonCode,
    args.by,
    args.at,
    args.id,
  );
}

/**
 * Splits an event at `at`: the first part keeps id, reason and notes; the second is a new uncoded
 * event (open if the original was). Returns the new event's id.
 */
export function splitEvent(db: WritableDb, args: { id: number; at: number }): number {
  const e = getEvent(db, args.id);
  if (!e) throw new Error(`no downtime event ${args.id}`);
  const wasOpen = e.endAt === null;
  prepared(db, 'UPDATE downtime_event SET end_at = ?, revision = revision + 1 WHERE id = ?').run(args.at, e.id);
  const r = prepared(db, 'INSERT INTO downtime_event (line_id, state, start_at, end_at, no_data, split_from) VALUES (?, ?, ?, ?, ?, ?)')
    .run(e.lineId, e.state, args.at, wasOpen ? null : e.endAt, e.noData ? 1 : 0, e.id);
  return Number(r.lastInsertRowid);
}

export function addNote(db: WritableDb, args: { eventId: number; at: number; by: string; text: string }): void {
  prepared(db, 'INSERT INTO downtime_note (event_id, at, by_user, text) VALUES (?, ?, ?, ?)').run(args.eventId, args.at, args.by, args.text);
  prepared(db, 'UPDATE downtime_event SET revision = revision + 1 WHERE id = ?').run(args.eventId);
}

export function notesOf(db: ReadableDb, eventIds: readonly number[]): NoteRow[] {
  if (eventIds.length === 0) return [];
  const rows: NoteRow[] = [];
  const stmt = prepared(db, 'SELECT event_id AS eventId, at, by_user AS by, text FROM downtime_note WHERE event_id = ? ORDER BY at, id');
  for (const id of eventIds) rows.push(...(stmt.all(id) as NoteRow[]));
  return rows;
}
