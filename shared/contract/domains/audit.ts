import { z } from 'zod';
import { Role } from '../../domain/actor.ts';
import { count, FIELD_LIMITS, instant, limitedText, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands } from '../spec.ts';

export const AuditOutcome = z.enum(['ok', 'denied', 'failed']);

export const AuditRecordView = z.object({
  seq: z.number().int(),
  at: z.number(),
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  action: z.string(),
  target: z.string().nullable(),
  /** Canonical JSON text as chained, or null. */
  details: z.string().nullable(),
  outcome: AuditOutcome,
  hash: z.string(),
});
export type AuditRecordView = z.infer<typeof AuditRecordView>;

export const AuditFilter = z
  .object({
    from: instant('From').optional(),
    to: instant('To').optional(),
    userId: plainId('User').optional(),
    /** Exact action, or a prefix ending in "." (`auth.` = every sign-in event). */
    action: limitedText(FIELD_LIMITS.auditAction, { min: 1 }).optional(),
    outcome: AuditOutcome.optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditVerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int(), headHash: z.string(), warnRows: z.number().int(), nearCapacity: z.boolean() }),
  z.object({
    ok: z.literal(false),
    at: z.number().int(),
    problem: z.enum(['edited', 'deleted', 'reordered', 'inserted', 'truncated', 'head-missing']),
    message: z.string(),
    checked: z.number().int(),
  }),
]);
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

const AUDIT_READERS: readonly Role[] = ['admin', 'quality'];

export const auditCommands = defineCommands({
  'audit.query': {
    req: AuditFilter.extend({
      /** Paging: records older than this seq. */
      beforeSeq: count('Paging position', 1, Number.MAX_SAFE_INTEGER).optional(),
      limit: count('Limit', 1, 1000).default(200),
    }).strict(),
    /** `people`: the name of each person a record's details name by user id (a session switch's `switchedFrom`), for the screen. */
    res: z.object({ records: z.array(AuditRecordView), hasMore: z.boolean(), people: z.record(z.string(), z.string()).optional() }),
    access: AUDIT_READERS,
    summary: 'Read the audit trail',
  },
  'audit.verify': {
    req: z.object({}).strict(),
    res: AuditVerifyResult,
    access: AUDIT_READERS,
    summary: 'Check the audit trail’s hash chain for edited, deleted or reordered records',
  },
  'audit.export': {
    req: z.object({ format: z.enum(['csv', 'json']), filter: AuditFilter.default({}) }).strict(),
    res: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), count: z.number().int() }),
    access: AUDIT_READERS,
    summary: 'Export the audit trail for auditors',
  },
});
