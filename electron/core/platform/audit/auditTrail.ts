import { createHash } from 'node:crypto';
import type { Actor } from '../../../../shared/domain/actor.ts';
import type { ReadableDb, WritableDb } from '../storage/db.ts';
import { canonicalJson } from './canonicalJson.ts';
import { redactSecrets } from './redactSecrets.ts';
import { prepared } from '../storage/prepared.ts';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  at: number;
  actor: Actor;
  /** What was attempted: a command key (`downtime.setReason`) or an event (`auth.signIn`). */
  action: string;
  /** What it was done to: a line, a shift, a user id… */
  target?: string | null;
  /** Anything an auditor needs; secret-looking fields (pin, password, token…) are replaced by ***. */
  details?: unknown;
  outcome: AuditOutcome;
}

export interface AuditRecord {
  seq: number;
  at: number;
  userId: string;
  displayName: string;
  roles: string[];
  action: string;
  target: string | null;
  /** Canonical JSON text, or null. */
  details: string | null;
  outcome: AuditOutcome;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

interface Row {
  seq: number;
  at: number;
  user_id: string;
  display_name: string;
  roles: string;
  action: string;
  target: string | null;
  details: string | null;
  outcome: AuditOutcome;
  prev_hash: string;
  hash: string;
}

/**
 * The bytes a record's hash covers. `seq` is deliberately not among them: a record's position is
 * proven by the chain (its prev_hash), so swapping two records shows up as "reordered" rather than
 * as two "edited" ones.
 */
export function recordHash(prevHash: string, r: Omit<Row, 'seq' | 'prev_hash' | 'hash'>): string {
  const body = canonicalJson({
    v: 1,
    at: r.at,
    userId: r.user_id,
    displayName: r.display_name,
    roles: r.roles,
    action: r.action,
    target: r.target,
    details: r.details,
    outcome: r.outcome,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one hash-chained record. Call it INSIDE the same db.transaction as the privileged change:
 * it throws when it cannot write (disk full, a trigger, a broken table), which rolls the whole
 * transaction back, so an action that cannot be audited does not happen. Called outside a
 * transaction it makes its own (better-sqlite3 nests transactions as savepoints).
 */
export function recordAudit(db: WritableDb, entry: AuditEntry): void {
  if (typeof entry.action !== 'string' || entry.action.length === 0) throw new Error('recordAudit: action is required');
  if (entry.outcome !== 'ok' && entry.outcome !== 'denied' && entry.outcome !== 'failed') {
    throw new Error(`recordAudit: unknown outcome ${String(entry.outcome)}`);
  }
  const append = db.transaction(() => {
    const head = prepared(db, 'SELECT count, last_hash FROM audit_head WHERE id = 1').get() as { count: number; last_hash: string } | undefined;
    if (!head) throw new Error('recordAudit: audit_head is missing; the audit trail cannot be written');
    const row = {
      at: Math.trunc(entry.at),
      user_id: entry.actor.userId,
      display_name: entry.actor.displayName,
      roles: canonicalJson([...entry.actor.roles].sort()),
      action: entry.action.slice(0, 200),
      target: entry.target == null ? null : String(entry.target).slice(0, 500),
      details: entry.details === undefined || entry.details === null ? null : canonicalJson(redactSecrets(entry.details)),
      outcome: entry.outcome,
    };
    const seq = head.count + 1;
    const hash = recordHash(head.last_hash, row);
    prepared(db, 
      `INSERT INTO audit_log (seq, at, user_id, display_name, roles, action, target, details, outcome, prev_hash, hash)
       VALUES (@seq, @at, @user_id, @display_name, @roles, @action, @target, @details, @outcome, @prev_hash, @hash)`,
    ).run({ ...row, seq, prev_hash: head.last_hash, hash });
    const updated = prepared(db, 'UPDATE audit_head SET count = ?, last_hash = ? WHERE id = 1 AND count = ?').run(seq, hash, head.count);
    if (updated.changes !== 1) throw new Error('recordAudit: audit_head changed underneath; record not written');
  });
  append();
}

export type AuditProblem = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated' | 'head-missing';

export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; at: number; problem: AuditProblem; message: string; checked: number };

/**
 * Walks the chain from the first record. Reports the first place it breaks:
 * - edited: a record's content no longer gives its stored hash;
 * - deleted: a record is missing (a gap in seq, or a prev_hash that matches no record);
 * - reordered: a record's prev_hash points at a record that comes later;
 * - inserted: a record's prev_hash skips the one before it (something was put in between);
 * - truncated: the head says there were more records than there are.
 * `at` is the seq of the record where the chain breaks.
 */
export function verifyAudit(db: ReadableDb): VerifyResult {
  const rows = prepared(db, 'SELECT * FROM audit_log ORDER BY seq').all() as Row[];
  const head = prepared(db, 'SELECT count, last_hash FROM audit_head WHERE id = 1').get() as { count: number; last_hash: string } | undefined;
  const positionOfHash = new Map<string, number>();
  rows.forEach((r, i) => positionOfHash.set(r.hash, i));
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const expectedSeq = i + 1;
    const broken = (problem: AuditProblem, at: number, message: string): VerifyResult => ({ ok: false, at, problem, message, checked: i });
    if (recordHash(r.prev_hash, r) !== r.hash) return broken('edited', r.seq, `Record ${r.seq} was changed after it was written`);
    if (r.seq !== expectedSeq) return broken('deleted', r.seq, `Record(s) ${expectedSeq}–${r.seq - 1} are missing before record ${r.seq}`);
    if (r.prev_hash !== prevHash) {
      const pointsAt = r.prev_hash === GENESIS_HASH ? -1 : positionOfHash.get(r.prev_hash);
      if (pointsAt !== undefined && pointsAt > i) return broken('reordered', r.seq, `Record ${r.seq} is out of order: it was written after record ${rows[pointsAt]!.seq}`);
      if (pointsAt !== undefined && pointsAt < i - 1) return broken('inserted', r.seq - 1, `Record ${r.seq - 1} was inserted: record ${r.seq} follows record ${pointsAt + 1} in the chain`);
      return broken('deleted', r.seq, `A record before record ${r.seq} was removed (its predecessor in the chain is missing)`);
    }
    prevHash = r.hash;
  }
  if (!head) return { ok: false, at: rows.length, problem: 'head-missing', message: 'The audit head record is missing', checked: rows.length };
  if (head.count !== rows.length || head.last_hash !== prevHash) {
    if (head.count > rows.length) {
      return { ok: false, at: rows.length + 1, problem: 'truncated', message: `Records ${rows.length + 1}–${head.count} were removed from the end`, checked: rows.length };
    }
    if (head.count < rows.length) {
      return { ok: false, at: head.count + 1, problem: 'inserted', message: `Records ${head.count + 1}–${rows.length} were added without going through the console`, checked: rows.length };
    }
    return { ok: false, at: rows.length, problem: 'edited', message: 'The audit head does not match the last record', checked: rows.length };
  }
  return { ok: true, count: rows.length, headHash: prevHash };
}

export function toAuditRecord(r: Row): AuditRecord {
  let roles: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.roles);
    if (Array.isArray(parsed)) roles = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    roles = [];
  }
  return {
    seq: r.seq,
    at: r.at,
    userId: r.user_id,
    displayName: r.display_name,
    roles,
    action: r.action,
    target: r.target,
    details: r.details,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export type { Row as AuditRow };
