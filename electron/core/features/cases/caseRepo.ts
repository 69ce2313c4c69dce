import type { CaseView } from '../../../../shared/contract/domains/cases.ts';
import type { AlertPriority } from '../../../../shared/domain/alert.ts';
import type { CaseEvidence, CaseStatus } from '../../../../shared/domain/maintenanceCase.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import { prepared } from '../../platform/storage/prepared.ts';

interface Row {
  id: string;
  line_id: string;
  asset_id: string | null;
  asset_key: string;
  title: string;
  priority: number;
  machine_down: number;
  status: string;
  system: string | null;
  external_id: string | null;
  external_number: string | null;
  remote_status: string | null;
  status_checked_at: number | null;
  created_by: string;
  /** The raiser's name (people by name on screens, issue 18); null when the account is gone. */
  created_by_name: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  delivery: string | null;
  alert_ids: string | null;
  notes: number;
}

const SELECT = `SELECT c.*, o.state AS delivery,
  (SELECT display_name FROM user_account WHERE user_id = c.created_by) AS created_by_name,
  (SELECT json_group_array(alert_id) FROM case_alert WHERE case_id = c.id) AS alert_ids,
  (SELECT COUNT(*) FROM case_note WHERE case_id = c.id) AS notes
  FROM maint_case c LEFT JOIN outbox o ON o.id = c.id`;

function fromRow(r: Row): CaseView {
  return {
    id: r.id,
    lineId: r.line_id,
    assetId: r.asset_id,
    title: r.title,
    priority: r.priority as AlertPriority,
    machineDown: r.machine_down === 1,
    status: r.status as CaseStatus,
    delivery: (r.delivery ?? 'unknown') as CaseView['delivery'],
    system: r.system as CaseView['system'],
    externalId: r.external_id,
    externalNumber: r.external_number,
    remoteStatus: r.remote_status,
    statusCheckedAt: r.status_checked_at,
    alertIds: r.alert_ids ? (JSON.parse(r.alert_ids) as number[]).sort((a, b) => a - b) : [],
    updates: r.notes,
    createdBy: r.created_by_name ?? r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

export interface NewCase {
  id: string;
  lineId: string;
  assetId: string | null;
  assetKey: string;
  title: string;
  priority: AlertPriority;
  machineDown: boolean;
  malfunctionStart: number | null;
  system: 'servicenow' | 'maintainx' | null;
  evidence: CaseEvidence;
  createdBy: string;
  at: number;
}

export function insertCase(db: WritableDb, c: NewCase): void {
  prepared(db, 
    `INSERT INTO maint_case (id, line_id, asset_id, asset_key, title, priority, machine_down, malfunction_start, status, system, evidence, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?)`,
  ).run(c.id, c.lineId, c.assetId, c.assetKey, c.title, c.priority, c.machineDown ? 1 : 0, c.malfunctionStart, c.system, JSON.stringify(c.evidence), c.createdBy, c.at, c.at);
  prepared(db, "INSERT INTO case_status_event (case_id, at, status, remote) VALUES (?, ?, 'new', NULL)").run(c.id, c.at);
}

/** Every status the case went through, oldest first (0190): raised as new, then each change read back from the CMMS. */
export function statusHistoryOf(db: ReadableDb, caseId: string): { at: number; status: CaseStatus; remote: string | null }[] {
  return prepared(db, 'SELECT at, status, remote FROM case_status_event WHERE case_id = ? ORDER BY seq').all(caseId) as { at: number; status: CaseStatus; remote: string | null }[];
}

export function getCase(db: ReadableDb, id: string): CaseView | undefined {
  const r = prepared(db, `${SELECT} WHERE c.id = ?`).get(id) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

export function evidenceOf(db: ReadableDb, id: string): CaseEvidence | undefined {
  const r = prepared(db, 'SELECT evidence FROM maint_case WHERE id = ?').get(id) as { evidence: string } | undefined;
  if (!r) return undefined;
  const { [TECHNICIAN_KEY]: _technician, ...evidence } = JSON.parse(r.evidence) as CaseEvidence & { [TECHNICIAN_KEY]?: unknown };
  return evidence;
}

/**
 * The technician the CMMS has the case with, by name, as last read back (null: nobody; undefined: never read).
 * Kept in the evidence JSON column under its own key (no column for it without a migration; see the lead's
 * note in docs/cmms.md): evidenceOf leaves it out, so the evidence a person sees is unchanged.
 */
const TECHNICIAN_KEY = 'cmmsTechnician';
export function technicianOf(db: ReadableDb, id: string): string | null {
  const r = prepared(db, `SELECT json_extract(evidence, '$.${TECHNICIAN_KEY}') AS t FROM maint_case WHERE id = ?`).get(id) as { t: string | null } | undefined;
  return r?.t ?? null;
}
/** Keeps the technician's name; true when it changed (nobody, never read and null are the same: no change). */
export function setTechnician(db: WritableDb, id: string, technician: string | null, at: number): boolean {
  return (
    prepared(db, `UPDATE maint_case SET evidence = json_set(evidence, '$.${TECHNICIAN_KEY}', ?), updated_at = ? WHERE id = ? AND json_extract(evidence, '$.${TECHNICIAN_KEY}') IS NOT ?`)
      .run(technician, at, id, technician).changes > 0
  );
}

export function openCaseForAsset(db: ReadableDb, assetKey: string): CaseView | undefined {
  const r = prepared(db, `${SELECT} WHERE c.asset_key = ? AND c.status <> 'closed'`).get(assetKey) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

/** Open cases and the ones closed in the last `closedWithinMs`. */
export function listCases(db: ReadableDb, args: { includeClosed: boolean; now: number; closedWithinMs?: number }): CaseView[] {
  // The cut-off is a parameter, not spliced into the text: one statement for every read (a spliced time made
  // each read of the Cases screen compile and keep a statement of its own).
  if (args.includeClosed) return (prepared(db, `${SELECT} ORDER BY c.created_at DESC LIMIT 500`).all() as Row[]).map(fromRow);
  const since = Math.trunc(args.now - (args.closedWithinMs ?? 8 * 3_600_000));
  return (prepared(db, `${SELECT} WHERE c.status <> 'closed' OR c.closed_at >= ? ORDER BY c.created_at DESC LIMIT 500`).all(since) as Row[]).map(fromRow);
}

export function linkAlert(db: WritableDb, caseId: string, alertId: number, at: number): void {
  prepared(db, 'INSERT OR IGNORE INTO case_alert (case_id, alert_id, added_at) VALUES (?, ?, ?)').run(caseId, alertId, at);
}

export function addNote(db: WritableDb, n: { outboxId: string; caseId: string; at: number; by: string; text: string }): void {
  prepared(db, 'INSERT INTO case_note (outbox_id, case_id, at, by, text) VALUES (?, ?, ?, ?, ?)').run(n.outboxId, n.caseId, n.at, n.by, n.text);
  prepared(db, 'UPDATE maint_case SET updated_at = ? WHERE id = ?').run(n.at, n.caseId);
}

export function notesOf(db: ReadableDb, caseId: string): { at: number; by: string; text: string; outboxId: string }[] {
  return prepared(db, 'SELECT at, by, text, outbox_id AS outboxId FROM case_note WHERE case_id = ? ORDER BY at').all(caseId) as { at: number; by: string; text: string; outboxId: string }[];
}

/** Cases whose create is done in the outbox but whose remote keys are not copied yet. */
export function casesAwaitingKeys(db: ReadableDb): { id: string; remoteKeys: string }[] {
  return prepared(db, `SELECT c.id, o.remote_keys AS remoteKeys FROM maint_case c JOIN outbox o ON o.id = c.id WHERE c.external_id IS NULL AND o.state = 'done' AND o.remote_keys IS NOT NULL`).all() as { id: string; remoteKeys: string }[];
}

export function setExternal(db: WritableDb, id: string, ext: { externalId: string; externalNumber: string | null; at: number }): void {
  prepared(db, 'UPDATE maint_case SET external_id = ?, external_number = ?, updated_at = ? WHERE id = ?').run(ext.externalId, ext.externalNumber, ext.at, id);
}

export function openCasesWithExternal(db: ReadableDb): { id: string; externalId: string; remoteKeys: string | null }[] {
  return prepared(db, `SELECT c.id, c.external_id AS externalId, o.remote_keys AS remoteKeys FROM maint_case c LEFT JOIN outbox o ON o.id = c.id WHERE c.status <> 'closed' AND c.external_id IS NOT NULL`).all() as { id: string; externalId: string; remoteKeys: string | null }[];
}

/** True when something changed. */
export function setStatus(db: WritableDb, id: string, s: { status: CaseStatus; remote: string; at: number }): boolean {
  const r = prepared(db, 
      `UPDATE maint_case SET status = ?, remote_status = ?, status_checked_at = ?, updated_at = CASE WHEN status <> ? OR remote_status IS NOT ? THEN ? ELSE updated_at END,
         closed_at = CASE WHEN ? = 'closed' AND closed_at IS NULL THEN ? ELSE closed_at END
       WHERE id = ? AND (status <> ? OR remote_status IS NOT ?)`,
    )
    .run(s.status, s.remote, s.at, s.status, s.remote, s.at, s.status, s.at, id, s.status, s.remote);
  if (r.changes === 0) prepared(db, 'UPDATE maint_case SET status_checked_at = ? WHERE id = ?').run(s.at, id);
  else prepared(db, 'INSERT INTO case_status_event (case_id, at, status, remote) VALUES (?, ?, ?, ?)').run(id, s.at, s.status, s.remote);
  return r.changes > 0;
}

export function alertIdsOfCase(db: ReadableDb, caseId: string): number[] {
  return (prepared(db, 'SELECT alert_id AS id FROM case_alert WHERE case_id = ?').all(caseId) as { id: number }[]).map((r) => r.id);
}
