import { z } from 'zod';
import { MessageSchema } from '../../i18n/index.ts';
import { AlertPriority, AlertSource, BadActor, FloodState, Shelving } from '../../domain/alert.ts';
import { count, FIELD_LIMITS, limitedText, rowId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';

const AlertId = rowId('Alert');
const Reason = limitedText(FIELD_LIMITS.alertReason, { min: 3 });

/** One alert as the triage list shows it. */
export const AlertView = z.object({
  id: AlertId,
  key: z.string(),
  source: AlertSource,
  lineId: z.string().nullable(),
  assetId: z.string().nullable(),
  priority: AlertPriority,
  title: z.string(),
  detail: z.string(),
  /** The texts as catalogue messages when the console wrote them (line stopped, rate, rejects, link): show these (tMessage) in the reader's language. */
  titleMsg: MessageSchema.optional(),
  detailMsg: MessageSchema.optional(),
  active: z.boolean(),
  acked: z.boolean(),
  ackedBy: z.string().nullable(),
  shelving: Shelving.nullable(),
  suppressed: z.boolean(),
  dismissed: z.boolean(),
  dismissReason: z.string().nullable(),
  assignedTo: z.string().nullable(),
  firstRaisedAt: z.number(),
  lastRaisedAt: z.number(),
  clearedAt: z.number().nullable(),
  raiseCount: z.number().int().positive(),
  downtimeEventId: z.number().int().positive().nullable(),
  caseId: z.string().nullable(),
  /** The linked case's status, for the list without a second call. */
  caseStatus: z.string().nullable(),
  revision: z.number().int().nonnegative(),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertEventView = z.object({
  at: z.number(),
  kind: z.string(),
  by: z.string().nullable(),
  note: z.string(),
  /** The note as a catalogue message when the console wrote it (shelve reasons, time up, by hand): show it with tMessage(noteMsg, note). */
  noteMsg: MessageSchema.optional(),
});
export type AlertEventView = z.infer<typeof AlertEventView>;

export const AlertsSummary = z.object({ flood: FloodState, badActors: z.array(BadActor), openCount: z.number().int().nonnegative(), unackedCount: z.number().int().nonnegative() });
export type AlertsSummary = z.infer<typeof AlertsSummary>;

const TRIAGE = ['planner', 'supervisor'] as const;

export const alertsCommands = defineCommands({
  'alerts.list': {
    req: z
      .object({
        /** Also cleared-and-acknowledged, dismissed, shelved and suppressed ones (the history view). */
        includeClosed: z.boolean().default(false),
        limit: count('Limit', 1, 5000).default(2000),
      })
      .strict(),
    res: z.object({ at: z.number(), alerts: z.array(AlertView), summary: AlertsSummary }),
    access: 'anyone',
    summary: 'Read the alert list with flood state and bad actors',
  },
  'alerts.get': {
    req: z.object({ id: AlertId }).strict(),
    res: z.object({ alert: AlertView, events: z.array(AlertEventView) }),
    access: 'anyone',
    summary: 'Read one alert with its history',
  },
  'alerts.acknowledge': {
    req: z.object({ ids: z.array(AlertId).min(1).max(500) }).strict(),
    res: z.object({ acknowledged: z.array(AlertId), already: z.array(AlertId) }),
    access: TRIAGE,
    summary: 'Acknowledge alerts',
  },
  'alerts.shelve': {
    req: z.discriminatedUnion('kind', [
      z.object({ id: AlertId, kind: z.literal('timed'), minutes: count('Minutes', 1, 480), reason: Reason }).strict(),
      z.object({ id: AlertId, kind: z.literal('oneShot'), reason: Reason }).strict(),
    ]),
    res: AlertView,
    access: TRIAGE,
    summary: 'Shelve an alert for a time, or until it next clears, with a reason',
  },
  'alerts.unshelve': {
    req: z.object({ id: AlertId }).strict(),
    res: AlertView,
    access: TRIAGE,
    summary: 'Take an alert off the shelf',
  },
  'alerts.assign': {
    req: z.object({ id: AlertId, assignee: limitedText(FIELD_LIMITS.assignee, { min: 1 }) }).strict(),
    res: AlertView,
    access: ['planner'],
    summary: 'Assign an alert to a person',
  },
  'alerts.dismiss': {
    req: z.object({ id: AlertId, reason: Reason }).strict(),
    res: AlertView,
    access: ['planner'],
    summary: 'Dismiss an alert with a reason',
  },
});

export const alertsStreams = defineStreams({
  'alerts.changed': {
    payload: z.object({ at: z.number(), alerts: z.array(AlertView), summary: AlertsSummary }),
    summary: 'Alerts that changed since the last message (coalesced), with flood state and bad actors',
  },
});
