import { z } from 'zod';
import { AlertPriority } from '../../domain/alert.ts';
import { CaseEvidence, CaseStatus } from '../../domain/maintenanceCase.ts';
import { FIELD_LIMITS, limitedText, rowId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';

export const CaseView = z.object({
  id: z.string(),
  lineId: z.string(),
  assetId: z.string().nullable(),
  title: z.string(),
  priority: AlertPriority,
  machineDown: z.boolean(),
  status: CaseStatus,
  /** Where the case is on its way to the CMMS: the outbox state of its create. */
  delivery: z.enum(['queued', 'sending', 'done', 'needs_check', 'rejected', 'parked', 'unknown']),
  system: z.enum(['servicenow', 'maintainx']).nullable(),
  externalId: z.string().nullable(),
  externalNumber: z.string().nullable(),
  remoteStatus: z.string().nullable(),
  statusCheckedAt: z.number().nullable(),
  alertIds: z.array(z.number().int().positive()),
  updates: z.number().int().nonnegative(),
  /** Who raised it, by name (the internal user id only when the account is gone). */
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  closedAt: z.number().nullable(),
});
export type CaseView = z.infer<typeof CaseView>;

export const casesCommands = defineCommands({
  'cases.raise': {
    req: z
      .object({
        alertId: rowId('Alert'),
        note: limitedText(FIELD_LIMITS.caseNote, { min: 3 }),
        priority: AlertPriority.optional(),
      })
      .strict(),
    res: z.object({ caseId: z.string(), mode: z.enum(['created', 'added']), outboxId: z.string() }),
    access: ['planner'],
    summary: 'Raise a maintenance case from an alert (or add it to the asset’s open case)',
  },
  'cases.list': {
    req: z.object({ includeClosed: z.boolean().default(false) }).strict(),
    res: z.array(CaseView),
    access: 'anyone',
    summary: 'Read maintenance cases',
  },
  'cases.get': {
    req: z.object({ id: z.uuid('Case: not a case id') }).strict(),
    res: z.object({
      case: CaseView,
      evidence: CaseEvidence,
      notes: z.array(z.object({ at: z.number(), by: z.string(), text: z.string(), outboxId: z.string() })),
      /** Every status the case went through as the console learnt it, oldest first: raised as new, then each change read back from the CMMS. */
      statusHistory: z.array(z.object({ at: z.number(), status: CaseStatus, remote: z.string().nullable() })),
      /** The case's record in the CMMS for a person to open (ServiceNow; MaintainX on its own API), or null. */
      cmmsUrl: z.string().nullable(),
      /** Who the CMMS has the work with, by name, as last read back; null when nobody or not yet known. */
      technician: z.string().nullable(),
    }),
    access: 'anyone',
    summary: 'Read one case with its evidence',
  },
  'cases.refresh': {
    req: z.object({}).strict(),
    res: z.object({ checked: z.number().int().nonnegative() }),
    access: ['planner', 'supervisor'],
    summary: 'Read open cases’ status from the CMMS now',
  },
});

export const casesStreams = defineStreams({
  'cases.changed': {
    payload: z.object({ at: z.number(), cases: z.array(CaseView) }),
    summary: 'Open and recently closed cases, after any change',
  },
});
