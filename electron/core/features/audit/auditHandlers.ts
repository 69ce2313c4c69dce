import type { AuditRecordView, AuditVerifyResult } from '../../../../shared/contract/domains/audit.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import { auditToCsv } from '../../platform/audit/auditExport.ts';
import { type AuditRecord, recordAudit, verifyAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { Clock, Logger } from '../../platform/ports/ports.ts';
import { exportAuditRows, queryAudit } from '../../platform/audit/auditRepo.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { readPeopleSettings } from '../people/index.ts';

/** An export larger than this is cut and says so; filter by time for more. */
export const MAX_EXPORT_ROWS = 100_000;

export interface AuditDeps {
  db: WritableDb;
  clock: Clock;
  log: Logger;
  plantId: string;
}

const view = (r: AuditRecord): AuditRecordView => ({ seq: r.seq, at: r.at, userId: r.userId, displayName: r.displayName, roles: r.roles, action: r.action, target: r.target, details: r.details, outcome: r.outcome, hash: r.hash });

/** The detail fields that name a person by user id (a session switch, an unlock, a role change's user). */
export const PERSON_FIELD = /^(switchedFrom|unlockedAfter)$|user_?id$/i;

/** The names of the people the records' details name by user id, so a person reads "switched from Paul Novak" (issue 18). */
export function peopleNamedIn(db: WritableDb, records: readonly AuditRecord[]): Record<string, string> {
  const ids = new Set<string>();
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (PERSON_FIELD.test(key)) ids.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const r of records) {
    if (!r.details) continue;
    try {
      walk(JSON.parse(r.details), '');
    } catch {
      // Details that are not JSON name nobody.
    }
  }
  const out: Record<string, string> = {};
  const nameOf = db.prepare('SELECT display_name AS name FROM user_account WHERE user_id = ?');
  for (const id of ids) {
    const row = nameOf.get(id) as { name: string } | undefined;
    if (row) out[id] = row.name;
  }
  return out;
}

export function verifyWithCapacity(db: WritableDb): AuditVerifyResult {
  const v = verifyAudit(db);
  if (!v.ok) return v;
  const warnRows = readPeopleSettings(db).auditWarnRows;
  return { ok: true, count: v.count, headHash: v.headHash, warnRows, nearCapacity: v.count >= warnRows };
}

export function auditHandlers(deps: AuditDeps): HandlerGroup<'audit.query' | 'audit.verify' | 'audit.export'> {
  return {
    'audit.query': (req) => {
      const { beforeSeq, limit, ...filter } = req;
      const page = queryAudit(deps.db, filter, limit, beforeSeq);
      return ok({ records: page.records.map(view), hasMore: page.hasMore, people: peopleNamedIn(deps.db, page.records) });
    },
    'audit.verify': (_req, ctx) => {
      const result = verifyWithCapacity(deps.db);
      if (!result.ok) deps.log.error('Audit trail verification failed', { at: result.at, problem: result.problem });
      // Who checked, when, and what they saw is itself part of the record.
      recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'audit.verify', details: result.ok ? { ok: true, count: result.count } : { ok: false, at: result.at, problem: result.problem }, outcome: 'ok' });
      return ok(result);
    },
    'audit.export': (req, ctx) => {
      const records = exportAuditRows(deps.db, req.filter, MAX_EXPORT_ROWS);
      const verify = verifyWithCapacity(deps.db);
      const stamp = new Date(ctx.now).toISOString().replace(/[:.]/g, '-');
      // The export is recorded first: if that cannot be written, nothing leaves the console.
      recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'audit.export', details: { format: req.format, filter: req.filter, count: records.length }, outcome: 'ok' });
      const truncated = records.length === MAX_EXPORT_ROWS;
      if (req.format === 'csv') {
        return ok({ fileName: `audit-${deps.plantId}-${stamp}.csv`, mimeType: 'text/csv', content: auditToCsv(records), count: records.length });
      }
      const content = JSON.stringify(
        { format: 'plant-console-audit/1', plantId: deps.plantId, exportedAt: new Date(ctx.now).toISOString(), exportedBy: ctx.actor.userId, filter: req.filter, truncated, verify, hashAlgorithm: 'sha256(prevHash + "\\n" + canonicalJson({v:1,at,userId,displayName,roles,action,target,details,outcome}))', records },
        null,
        1,
      );
      return ok({ fileName: `audit-${deps.plantId}-${stamp}.json`, mimeType: 'application/json', content, count: records.length });
    },
  };
}
