import type { Message } from '../../../../shared/i18n/index.ts';
import type { Result } from '../../../../shared/result.ts';

/** Persisted: never renamed. New kinds are added here and registered by exactly one sender per target. */
export const OUTBOX_KINDS = ['confirmation.post', 'confirmation.cancel', 'hold.place', 'hold.release', 'case.create', 'case.update'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATES = ['queued', 'sending', 'done', 'needs_check', 'rejected', 'parked'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export type ErrorClass = 'transient' | 'unknown' | 'business' | 'config';

/** What went wrong, in words a person understands (the adapter parses remote error bodies into this). */
export interface OutboxError {
  class: ErrorClass;
  message: string;
  httpStatus?: number;
  code?: string;
  /**
   * A reason the console wrote itself, as a catalogue message (the screen shows it in the reader's
   * language); errors from a remote system are explained from class, status and code (outboxErrorText.ts).
   */
  msg?: Message;
}

export type RemoteKeys = Readonly<Record<string, string>>;

export interface OutboxItem {
  seq: number;
  id: string;
  target: string;
  kind: OutboxKind;
  orderingKey: string;
  /** Canonical JSON, frozen at enqueue: a resend sends exactly these bytes. */
  payload: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  firstSentAt: number | null;
  /** When the current (or last) attempt left. */
  sentAt: number | null;
  checkAfter: number | null;
  batchId: string | null;
  lastError: OutboxError | null;
  remoteKeys: RemoteKeys | null;
  resolvedBy: 'response' | 'readback' | 'person' | null;
  supersedes: string | null;
  resolution: 'superseded' | 'discarded' | null;
  createdAt: number;
  updatedAt: number;
}

/** What an adapter gets for each item it is asked to send or read back. */
export interface OutboxSendItem {
  id: string;
  kind: OutboxKind;
  orderingKey: string;
  payload: unknown;
  /** First time this reference left the console; repeatability headers use it and never change it. */
  firstSentAt: number;
  attempts: number;
}

/**
 * The outcome of one item of a send. The worker turns these into states:
 * done → done; transient → queued with backoff (nothing was applied); unknown → needs_check, settle,
 * read back; business → rejected at once; config → parked until a person fixes the setup.
 */
export type SendOutcome =
  | { kind: 'done'; remoteKeys: RemoteKeys; note?: string }
  | { kind: 'transient'; error: OutboxError; retryAfterMs?: number }
  | { kind: 'unknown'; error: OutboxError }
  | { kind: 'business'; error: OutboxError }
  | { kind: 'config'; error: OutboxError };

/** Records the remote system holds under one of our references. Two or more means it was applied twice. */
export interface ReadBackHit {
  remoteKeys: RemoteKeys;
  /** Reversed or cancelled remotely (by someone in the ERP): done with a note, never reposted. */
  reversed?: boolean;
}

/**
 * What a target is, whatever kinds it carries: one worker, one breaker, one order per key, and these
 * limits, shared by every kind registered on it (the ERP: confirmations from shift close, holds from the
 * holds feature).
 */
export interface OutboxTargetPolicy {
  /** "erp", "cmms". */
  readonly target: string;
  /** For the UI: "ERP (SAP S/4HANA)". */
  readonly label: string;
  /** Requests in flight at once on distinct ordering keys (default 1), whatever kind each carries. */
  readonly parallelRequests?: number;
  /** Minimum gap between two sends for the same ordering key (SAP: rapid posts lock the order). */
  readonly minKeyGapMs: number;
  /** Extra wait after the remote system's processing limit before the first read-back (grows per round). */
  readonly settleMs: number;
  /**
   * How long the remote system may still apply a request after it left (SAP: the longest a work process
   * may run a dialog step; not the ICM timeout, after which the work process carries on). No read-back
   * that could lead to a resend runs before `sentAt + processingLimitMs + settleMs`. Default: 0.
   */
  readonly processingLimitMs?: number;
  /** Called once when the engine stops (closes the adapter's connections). */
  dispose?(): void;
}

/**
 * How the kinds of one feature are sent on a target: registered on the engine with
 * `registerKinds(target, sender)`. One request carries items of one sender only, at most `batchSize`.
 * (The ordering key of each kind is declared with the kind, `declareOutboxKind`: one item in flight per key.)
 */
export interface OutboxSender {
  readonly kinds: readonly OutboxKind[];
  /** Most items per send() call (SAP $batch: 20; REST batch: 100; one-record APIs: 1). */
  readonly batchSize: number;
  /**
   * A read-back found `extra` as a second record under the reference of `item` (applied twice): the
   * item that undoes it, enqueued by the worker through the outbox. Null when this kind cannot be undone
   * by the console (a person decides; the outbox screen shows it).
   */
  repairDuplicate?(item: OutboxSendItem, extra: ReadBackHit): { kind: OutboxKind; orderingKey: string; payload: Record<string, unknown> } | null;
  /** One outcome per item, same order. Must not throw: failures are outcomes. */
  send(items: readonly OutboxSendItem[]): Promise<SendOutcome[]>;
  /**
   * Set when the remote system cannot be searched by our reference, so a read-back cannot tell whether an
   * item with an unknown outcome was applied: returns the reason in plain words. The worker then parks
   * such items for a person's decision instead of resending them (an item answered as applied is done).
   */
  readBackUnavailable?(): string | null;
  /** Map from item id to the records found under its reference (empty array: not there). */
  readBack(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>>;
}

/** A remote system's adapter (SAP, REST ERP, ServiceNow, MaintainX): a target's policy and the sender of its own kinds. */
export interface OutboxAdapter extends OutboxTargetPolicy, OutboxSender {}
