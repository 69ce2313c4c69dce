import type { AuditFilter } from '../../../../shared/contract/domains/audit.ts';
import { type AuditRecord, type AuditRow, toAuditRecord } from './auditTrail.ts';
import type { ReadableDb } from '../storage/db.ts';
import { prepared } from '../storage/prepared.ts';

/** WHERE clause and parameters for a filter; every value is bound, never spliced. */
function where(f: AuditFilter, beforeSeq?: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.from !== undefined) (parts.push('at >= ?'), params.push(f.from));
  if (f.to !== undefined) (parts.push('at < ?'), params.push(f.to));
  if (f.userId !== undefined) (parts.push('user_id = ?'), params.push(f.userId));
  if (f.outcome !== undefined) (parts.push('outcome = ?'), params.push(f.outcome));
  if (f.action !== undefined) {
    if (f.action.endsWith('.')) {
      // Prefix match without LIKE's wildcards: substr compares literally.
      parts.push('substr(action, 1, ?) = ?');
      params.push(f.action.length, f.action);
    } else {
      parts.push('action = ?');
      params.push(f.action);
    }
  }
  if (beforeSeq !== undefined) (parts.push('seq < ?'), params.push(beforeSeq));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Newest first, `limit` at most, and whether older ones exist. */
export function queryAudit(db: ReadableDb, f: AuditFilter, limit: number, beforeSeq?: number): { records: AuditRecord[]; hasMore: boolean } {
  const w = where(f, beforeSeq);
  const rows = prepared(db, `SELECT * FROM audit_log ${w.sql} ORDER BY seq DESC LIMIT ?`).all(...w.params, limit + 1) as AuditRow[];
  return { records: rows.slice(0, limit).map(toAuditRecord), hasMore: rows.length > limit };
}

/** Oldest first, for export; at most `max`. */
export function exportAuditRows(db: ReadableDb, f: AuditFilter, max: number): AuditRecord[] {
  const w = where(f);
  return (prepared(db, `SELECT * FROM audit_log ${w.sql} ORDER BY seq LIMIT ?`).all(...w.params, max) as AuditRow[]).map(toAuditRecord);
}

export function auditCount(db: ReadableDb): number {
  return (prepared(db, 'SELECT count FROM audit_head WHERE id = 1').get() as { count: number } | undefined)?.count ?? 0;
}
