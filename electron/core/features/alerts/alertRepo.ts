import { type Message, msg } from '../../../../shared/i18n/index.ts';
import type { AlertView, AlertEventView } from '../../../../shared/contract/domains/alerts.ts';
import type { AlertPriority, AlertSource, Shelving } from '../../../../shared/domain/alert.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import { prepared } from '../../platform/storage/prepared.ts';

/** SQL for alerts and their events. Small synchronous functions; callers own the transaction. */

interface Row {
  id: number;
  key: string;
  source: string;
  line_id: string | null;
  asset_id: string | null;
  priority: number;
  title: string;
  detail: string;
  title_msg: string | null;
  detail_msg: string | null;
  active: number;
  acked: number;
  acked_by: string | null;
  suppressed: number;
  shelve_kind: string | null;
  shelve_reason: string | null;
  shelve_by: string | null;
  shelve_at: number | null;
  shelve_remaining_ms: number | null;
  shelve_checked_at: number | null;
  dismissed: number;
  dismiss_reason: string | null;
  assigned_to: string | null;
  first_raised_at: number;
  last_raised_at: number;
  cleared_at: number | null;
  raise_count: number;
  downtime_event_id: number | null;
  external_id: string | null;
  case_id: string | null;
  case_status: string | null;
  revision: number;
}

export interface AlertRecord extends AlertView {
  externalId: string | null;
  shelveCheckedAt: number | null;
}

const SELECT = `SELECT a.*, c.status AS case_status FROM alert a LEFT JOIN maint_case c ON c.id = a.case_id`;

function fromRow(r: Row): AlertRecord {
  const shelving: Shelving | null = r.shelve_kind
    ? {
        kind: r.shelve_kind as Shelving['kind'],
        reason: r.shelve_reason ?? '',
        by: r.shelve_by ?? '',
        at: r.shelve_at ?? 0,
        remainingMs: r.shelve_remaining_ms,
        untilEstimate: r.shelve_remaining_ms === null ? null : (r.shelve_checked_at ?? r.shelve_at ?? 0) + r.shelve_remaining_ms,
      }
    : null;
  return {
    id: r.id,
    key: r.key,
    source: r.source as AlertSource,
    lineId: r.line_id,
    assetId: r.asset_id,
    priority: r.priority as AlertPriority,
    title: r.title,
    detail: r.detail,
    // Only alerts the console wrote have them (migration 0200); others keep their text (a controller's own).
    ...(r.title_msg ? { titleMsg: JSON.parse(r.title_msg) as Message } : {}),
    ...(r.detail_msg ? { detailMsg: JSON.parse(r.detail_msg) as Message } : {}),
    active: r.active === 1,
    acked: r.acked === 1,
    ackedBy: r.acked_by,
    shelving,
    suppressed: r.suppressed === 1,
    dismissed: r.dismissed === 1,
    dismissReason: r.dismiss_reason,
    assignedTo: r.assigned_to,
    firstRaisedAt: r.first_raised_at,
    lastRaisedAt: r.last_raised_at,
    clearedAt: r.cleared_at,
    raiseCount: r.raise_count,
    downtimeEventId: r.downtime_event_id,
    caseId: r.case_id,
    caseStatus: r.case_status,
    revision: r.revision,
    externalId: r.external_id,
    shelveCheckedAt: r.shelve_checked_at,
  };
}

export function toView(a: AlertRecord): AlertView {
  const { externalId: _e, shelveCheckedAt: _s, ...view } = a;
  return view;
}

export function getAlert(db: ReadableDb, id: number): AlertRecord | undefined {
  const r = prepared(db, `${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

/** The open row of a condition: active, or cleared and not yet acknowledged; never a dismissed one. */
export function openAlertByKey(db: ReadableDb, key: string): AlertRecord | undefined {
  const r = prepared(db, `${SELECT} WHERE a.key = ? AND a.dismissed = 0 AND (a.active = 1 OR a.acked = 0)`).get(key) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

export function alertsByIds(db: ReadableDb, ids: readonly number[]): AlertRecord[] {
  if (ids.length === 0) return [];
  const out: AlertRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    out.push(...(db.prepare(`${SELECT} WHERE a.id IN (${part.map(() => '?').join(',')})`).all(...part) as Row[]).map(fromRow));
  }
  return out;
}

export function listAlerts(db: ReadableDb, args: { includeClosed: boolean; limit: number }): AlertRecord[] {
  const where = args.includeClosed ? '' : 'WHERE a.dismissed = 0 AND (a.active = 1 OR a.acked = 0)';
  return (db.prepare(`${SELECT} ${where} ORDER BY a.priority, a.last_raised_at DESC LIMIT ?`).all(args.limit) as Row[]).map(fromRow);
}

/** Active alerts of one source (the engine reconciles them against the conditions it sees). */
export const ACTIVE_OF_SOURCE_SQL = `${SELECT} WHERE a.source = ? AND a.active = 1 AND a.dismissed = 0`;
export function activeKeysOf(db: ReadableDb, source: AlertSource): Map<string, AlertRecord> {
  const rows = (prepared(db, ACTIVE_OF_SOURCE_SQL).all(source) as Row[]).map(fromRow);
  return new Map(rows.map((a) => [a.key, a]));
}

/** Open alerts (active, or cleared and unacknowledged; not dismissed) whose key starts with `prefix`. */
export function openAlertsByKeyPrefix(db: ReadableDb, prefix: string): AlertRecord[] {
  const like = prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`) + '%';
  return (db.prepare(`${SELECT} WHERE a.key LIKE ? ESCAPE '\\' AND a.dismissed = 0 AND (a.active = 1 OR a.acked = 0)`).all(like) as Row[]).map(fromRow).filter((a) => a.key.startsWith(prefix));
}

/**
 * Read every second (the shelve countdown), so a kept statement. Prepared on each call it compiled this join every
 * second, and each compiled statement (~20 KB of native memory) lives until V8 collects its wrapper and the
 * finalizer runs; V8 does not count that memory, so nothing hastens it (the retention test saw 13 MB per ten
 * simulated minutes in a loop that never yields to the event loop).
 */
export const TIMED_SHELVES_SQL = `${SELECT} WHERE a.shelve_kind = 'timed'`;
export function timedShelves(db: ReadableDb): AlertRecord[] {
  return (prepared(db, TIMED_SHELVES_SQL).all() as Row[]).map(fromRow);
}

export interface NewAlert {
  key: string;
  source: AlertSource;
  lineId: string | null;
  assetId: string | null;
  priority: AlertPriority;
  title: string;
  detail: string;
  titleMsg?: Message | null;
  detailMsg?: Message | null;
  suppressed: boolean;
  downtimeEventId: number | null;
  externalId: string | null;
  at: number;
}

export function insertAlert(db: WritableDb, a: NewAlert): number {
  const r = db
    .prepare(
      `INSERT INTO alert (key, source, line_id, asset_id, priority, title, detail, title_msg, detail_msg, active, acked, suppressed, first_raised_at, last_raised_at, downtime_event_id, external_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.key, a.source, a.lineId, a.assetId, a.priority, a.title, a.detail, a.titleMsg ? JSON.stringify(a.titleMsg) : null, a.detailMsg ? JSON.stringify(a.detailMsg) : null, a.suppressed ? 1 : 0, a.at, a.at, a.downtimeEventId, a.externalId, a.at);
  return Number(r.lastInsertRowid);
}

/** Writes the mutable state of an alert back; bumps the revision. */
export function saveAlert(db: WritableDb, a: AlertRecord, at: number): void {
  const s = a.shelving;
  db.prepare(
    `UPDATE alert SET priority = ?, title = ?, detail = ?, title_msg = ?, detail_msg = ?, active = ?, acked = ?, acked_by = ?, acked_at = CASE WHEN ? = 1 AND acked = 0 THEN ? ELSE acked_at END,
       suppressed = ?, shelve_kind = ?, shelve_reason = ?, shelve_by = ?, shelve_at = ?, shelve_remaining_ms = ?, shelve_checked_at = ?,
       dismissed = ?, dismiss_reason = ?, assigned_to = ?, last_raised_at = ?, cleared_at = ?, raise_count = ?, downtime_event_id = ?, case_id = ?,
       revision = revision + 1, updated_at = ?
     WHERE id = ?`,
  ).run(
    a.priority,
    a.title,
    a.detail,
    a.titleMsg ? JSON.stringify(a.titleMsg) : null,
    a.detailMsg ? JSON.stringify(a.detailMsg) : null,
    a.active ? 1 : 0,
    a.acked ? 1 : 0,
    a.ackedBy,
    a.acked ? 1 : 0,
    at,
    a.suppressed ? 1 : 0,
    s?.kind ?? null,
    s?.reason ?? null,
    s?.by ?? null,
    s?.at ?? null,
    // Whole milliseconds: the column is a STRICT INTEGER, and elapsed time may come from performance.now().
    s?.remainingMs == null ? null : Math.round(s.remainingMs),
    s ? Math.round(a.shelveCheckedAt ?? at) : null,
    a.dismissed ? 1 : 0,
    a.dismissReason,
    a.assignedTo,
    a.lastRaisedAt,
    a.clearedAt,
    a.raiseCount,
    a.downtimeEventId,
    a.caseId,
    at,
    a.id,
  );
}

export function addAlertEvent(db: WritableDb, alertId: number, at: number, kind: string, by: string | null, note = ''): void {
  db.prepare('INSERT INTO alert_event (alert_id, at, kind, by, note) VALUES (?, ?, ?, ?, ?)').run(alertId, at, kind, by, note.slice(0, 500));
}

/**
 * An alert's history. `by` is the person's display name ("Paul Novak"), looked up from the user id the
 * event keeps (so a renamed person shows their current name); a name or system text that is not a user
 * id (older rows, "console") is shown as it was written.
 */
export function eventsOfAlert(db: ReadableDb, alertId: number): AlertEventView[] {
  return db
    .prepare('SELECT e.at, e.kind, COALESCE(u.display_name, e.by) AS by, e.note FROM alert_event e LEFT JOIN user_account u ON u.user_id = e.by WHERE e.alert_id = ? ORDER BY e.seq')
    .all(alertId)
    .map((e) => {
      const ev = e as AlertEventView;
      const m = noteMessage(ev.note);
      return m ? { ...ev, noteMsg: m } : ev;
    });
}

/**
 * The notes the console itself writes on an alert's history, as catalogue messages (old rows too: the
 * English note is read back); a person's own words inside (a shelve reason) stay as typed.
 */
export function noteMessage(note: string): Message | null {
  if (note === 'shelve time is up') return msg('alerts.note.shelveTimeUp');
  if (note === 'by hand') return msg('alerts.note.byHand');
  if (note === 'one-shot shelve ended with the return to normal') return msg('alerts.note.oneShotEnded');
  if (note === 'shelve time ran out while the console was off') return msg('alerts.note.ranOutWhileOff');
  let m: RegExpExecArray | null;
  if ((m = /^(\d+) min: ([\s\S]*)$/.exec(note))) return msg('alerts.note.shelvedFor', { minutes: Number(m[1]), reason: m[2]! });
  if ((m = /^until it clears: ([\s\S]*)$/.exec(note))) return msg('alerts.note.shelvedUntilClear', { reason: m[1]! });
  return null;
}

/** Raises in a window, for flood state after a restart and the bad-actor ranking. */
export function raisesSince(db: ReadableDb, from: number): { key: string; title: string; lineId: string | null; at: number; suppressed: number }[] {
  return db
    .prepare(
      `SELECT a.key, a.title, a.line_id AS lineId, e.at, a.suppressed FROM alert_event e JOIN alert a ON a.id = e.alert_id
       WHERE e.kind = 'raised' AND e.at >= ? ORDER BY e.at`,
    )
    .all(from) as { key: string; title: string; lineId: string | null; at: number; suppressed: number }[];
}

export function countOpen(db: ReadableDb): { open: number; unacked: number } {
  const r = db
    .prepare(`SELECT COUNT(*) AS open, COALESCE(SUM(CASE WHEN acked = 0 THEN 1 ELSE 0 END), 0) AS unacked FROM alert WHERE dismissed = 0 AND suppressed = 0 AND shelve_kind IS NULL AND (active = 1 OR acked = 0)`)
    .get() as { open: number; unacked: number };
  return r;
}
