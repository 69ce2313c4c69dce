import { z } from 'zod';
import { DowntimeEvent, ReasonNode } from '../../domain/downtime.ts';
import { FIELD_LIMITS, instant, limitedText, plainId, rowId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';
import { WhichShift } from './production.ts';

const EventId = rowId('Downtime event');
const Revision = z.number().int('Revision: must be a whole number').nonnegative('Revision: must not be negative').optional();
const LineId = plainId('Line');

export const DowntimeList = z.object({
  lineId: z.string(),
  window: z.object({ start: z.number(), end: z.number() }).nullable(),
  /** Every event, micro-stops included (the screen groups them). */
  events: z.array(DowntimeEvent),
  micro: z.object({ count: z.number().int().nonnegative(), totalMs: z.number().nonnegative() }),
  uncodedCount: z.number().int().nonnegative(),
  pareto: z.array(z.object({ reasonCode: z.string().nullable(), label: z.string(), totalMs: z.number(), count: z.number() })),
});
export type DowntimeList = z.infer<typeof DowntimeList>;

export const ReasonLeafView = z.object({ code: z.string(), label: z.string(), path: z.string(), planned: z.boolean() });
export type ReasonLeafView = z.infer<typeof ReasonLeafView>;

export const downtimeCommands = defineCommands({
  'downtime.list': {
    req: z.object({ lineId: LineId, shift: WhichShift.default('current') }).strict(),
    res: DowntimeList,
    access: 'anyone',
    summary: 'Read a line’s downtime events for a shift',
  },
  'downtime.reasons': {
    req: z.object({ lineId: LineId }).strict(),
    res: z.object({ tree: z.array(ReasonNode), leaves: z.array(ReasonLeafView) }),
    access: 'anyone',
    summary: 'Read the downtime reason tree of a line',
  },
  'downtime.setReason': {
    req: z.object({ eventId: EventId, reasonCode: plainId('Reason code'), expectedRevision: Revision }).strict(),
    res: DowntimeEvent,
    access: ['supervisor'],
    summary: 'Code or re-code the reason of a downtime event',
  },
  'downtime.split': {
    req: z.object({ eventId: EventId, at: instant('Split time'), expectedRevision: Revision }).strict(),
    res: z.object({ first: DowntimeEvent, second: DowntimeEvent }),
    access: ['supervisor'],
    summary: 'Split a downtime event in two at a moment inside it',
  },
  'downtime.addNote': {
    req: z
      .object({
        eventId: EventId,
        text: limitedText(FIELD_LIMITS.downtimeNote, { min: 1, minMessage: 'the note is empty' }),
        expectedRevision: Revision,
      })
      .strict(),
    res: DowntimeEvent,
    access: ['supervisor'],
    summary: 'Add a note to a downtime event',
  },
});

export const downtimeStreams = defineStreams({
  'downtime.changed': {
    payload: z.object({ at: z.number(), lineIds: z.array(z.string()) }),
    summary: 'Downtime events of these lines changed (opened, closed, coded, split): reload what you show',
  },
});
