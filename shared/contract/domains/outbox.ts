import { z } from 'zod';
import { count, FIELD_LIMITS, limitedText, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';
import { MessageSchema } from '../../i18n/index.ts';

export const OutboxKind = z.enum(['confirmation.post', 'confirmation.cancel', 'hold.place', 'hold.release', 'case.create', 'case.update']);
export type OutboxKind = z.infer<typeof OutboxKind>;
export const OutboxState = z.enum(['queued', 'sending', 'done', 'needs_check', 'rejected', 'parked']);
export type OutboxState = z.infer<typeof OutboxState>;

export const OutboxTargetStats = z.object({
  target: z.string(),
  /** "ERP (SAP S/4HANA)" */
  label: z.string(),
  /** Waiting for the remote system: queued + sending + needs_check. */
  depth: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  sending: z.number().int().nonnegative(),
  needsCheck: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  parked: z.number().int().nonnegative(),
  /** Enqueue time of the oldest waiting item; the screen computes the age with its own clock. */
  oldestCreatedAt: z.number().nullable(),
  nextAttemptAt: z.number().nullable(),
  breaker: z.enum(['closed', 'open', 'half-open']),
  online: z.boolean(),
  /** Waiting items per kind, for "37 confirmations waiting". */
  byKind: z.record(z.string(), z.number().int().nonnegative()),
  lastError: z.string().nullable(),
  /** The same as a catalogue message, in the reader's language (tMessage); absent from an older core. */
  lastErrorMsg: MessageSchema.nullable().optional(),
  /**
   * Records the remote system held twice under one reference (found by a read-back): `repaired` once the
   * extra record's cancellation is confirmed, `open` while it is on its way or waits for a person.
   */
  duplicates: z.object({ repaired: z.number().int().nonnegative(), open: z.number().int().nonnegative() }).default({ repaired: 0, open: 0 }),
});
export type OutboxTargetStats = z.infer<typeof OutboxTargetStats>;

export const OutboxStats = z.object({ at: z.number(), targets: z.array(OutboxTargetStats) });
export type OutboxStats = z.infer<typeof OutboxStats>;

export const OutboxErrorView = z.object({
  class: z.enum(['transient', 'unknown', 'business', 'config']),
  message: z.string(),
  httpStatus: z.number().optional(),
  code: z.string().optional(),
  /** What happened and what to do, as a catalogue message: show this (tMessage), not `message`. */
  msg: MessageSchema.optional(),
  /** The remote system's and library's own words and codes: sent to administrators only ("Details"). */
  technical: z.string().optional(),
});

export const OutboxItemView = z.object({
  id: z.string(),
  target: z.string(),
  kind: OutboxKind,
  orderingKey: z.string(),
  /** One line for people: "Order 1001123 / 0010: 480 PC good, 12 scrap". */
  summary: z.string(),
  payload: z.unknown(),
  state: OutboxState,
  attempts: z.number().int(),
  nextAttemptAt: z.number(),
  firstSentAt: z.number().nullable(),
  checkAfter: z.number().nullable(),
  lastError: OutboxErrorView.nullable(),
  remoteKeys: z.record(z.string(), z.string()).nullable(),
  resolvedBy: z.enum(['response', 'readback', 'person']).nullable(),
  supersedes: z.string().nullable(),
  resolution: z.enum(['superseded', 'discarded']).nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type OutboxItemView = z.infer<typeof OutboxItemView>;

export const OutboxEventView = z.object({
  at: z.number(),
  fromState: OutboxState.nullable(),
  toState: OutboxState,
  note: z.string(),
  /** The note as a catalogue message (stored since migration 0200); null: show `note`. */
  noteMsg: MessageSchema.nullable().optional(),
  actor: z.string().nullable(),
});
export type OutboxEventView = z.infer<typeof OutboxEventView>;

const Reason = limitedText(FIELD_LIMITS.outboxReason, { min: 3, minMessage: 'say why (at least 3 characters)' });

const Quantity = z.string().trim().regex(/^\d{1,10}(\.\d{1,3})?$/, 'a quantity like 120 or 12.5 (at most 3 decimals)');

/**
 * What a supervisor may correct on a confirmation before resending it: named fields only. Everything
 * else (plant, work centre, line, shift, execution times, who captured it) stays as it was frozen.
 */
export const ConfirmationCorrection = z
  .object({
    erpOrderId: z.string().trim().min(1, 'an order number').max(12, 'at most 12 characters').optional(),
    operationId: z.string().trim().regex(/^\d{1,4}$/, 'an operation number like 0010').optional(),
    yield: Quantity.optional(),
    scrap: Quantity.optional(),
    rework: Quantity.optional(),
    varianceReason: z.string().trim().max(4, 'at most 4 characters').optional(),
    postingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
    finality: z.enum(['partial', 'final']).optional(),
  })
  .strict();
export type ConfirmationCorrection = z.infer<typeof ConfirmationCorrection>;

/** The fields of the correction form, in order, with the words the form shows. */
export const CONFIRMATION_CORRECTION_FIELDS: readonly { key: keyof ConfirmationCorrection; label: string }[] = [
  { key: 'erpOrderId', label: 'Order' },
  { key: 'operationId', label: 'Operation' },
  { key: 'yield', label: 'Good quantity' },
  { key: 'scrap', label: 'Scrap' },
  { key: 'rework', label: 'Rework' },
  { key: 'varianceReason', label: 'Variance reason' },
  { key: 'postingDate', label: 'Posting date' },
  { key: 'finality', label: 'Partial or final' },
];

/** A correction of one kind of item; a kind not listed can only be resent as it is. */
export const OutboxCorrection = z.discriminatedUnion('kind', [z.object({ kind: z.literal('confirmation.post'), fields: ConfirmationCorrection }).strict()]);
export type OutboxCorrection = z.infer<typeof OutboxCorrection>;
export const CORRECTABLE_KINDS: readonly OutboxKind[] = ['confirmation.post'];

export const outboxCommands = defineCommands({
  'outbox.stats': {
    req: z.object({}).strict(),
    res: OutboxStats,
    access: 'anyone',
    summary: 'Read how many items wait for each remote system',
  },
  'outbox.list': {
    req: z
      .object({
        target: plainId('Target').optional(),
        states: z.array(OutboxState).max(6).optional(),
        includeResolved: z.boolean().optional(),
        limit: count('Limit', 1, 500).default(100),
        beforeSeq: count('Paging position', 1, Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    res: z.array(OutboxItemView),
    access: ['supervisor', 'quality', 'planner', 'admin'],
    summary: 'List outbox items',
  },
  'outbox.get': {
    req: z.object({ id: z.uuid() }).strict(),
    res: z.object({ item: OutboxItemView, history: z.array(OutboxEventView), supersededBy: z.string().nullable() }),
    access: ['supervisor', 'quality', 'planner', 'admin'],
    summary: 'Read one outbox item and its history',
  },
  'outbox.resend': {
    req: z
      .object({
        id: z.uuid(),
        /** Named fields to change, checked against the kind's schema; without it the same content goes again under a new reference. */
        correction: OutboxCorrection.optional(),
        reason: Reason,
      })
      .strict(),
    res: z.object({ id: z.string(), supersedes: z.string() }),
    access: ['supervisor', 'quality', 'planner', 'admin'],
    summary: 'Resend a rejected or parked outbox item after fixing it',
  },
  'outbox.discard': {
    req: z.object({ id: z.uuid(), reason: Reason }).strict(),
    res: z.object({ id: z.string() }),
    access: ['supervisor', 'quality', 'planner', 'admin'],
    summary: 'Discard a rejected or parked outbox item',
  },
});

export const outboxStreams = defineStreams({
  'outbox.stats': {
    payload: OutboxStats,
    summary: 'Depth, oldest age, rejected and parked counts per remote system; sent when they change',
  },
});
