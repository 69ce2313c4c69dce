import type { WritableDb } from '../storage/db.ts';
import { enqueueOutbox } from './outboxRepo.ts';
import type { OutboxKind } from './outboxTypes.ts';

/**
 * A kind a feature sends through the outbox, declared once: the target it goes to and the ordering key
 * the engine derives from its payload (one item in flight per key, sent in enqueue order). The feature
 * enqueues through the declaration, so every item of a kind is keyed the same way, including a resend
 * whose corrected payload names another order, and the undo of a duplicate.
 */
export interface OutboxKindSpec<P> {
  readonly target: string;
  readonly kind: OutboxKind;
  /** "order:1000123", "hold:<id>", "asset:L2/8901". */
  orderingKey(payload: P): string;
}

export interface DeclaredOutboxKind<P> extends OutboxKindSpec<P> {
  /**
   * Writes one queued item of this kind. Call it INSIDE the caller's db.transaction, with the domain
   * change that causes it. Returns the id (the reference the remote system sees).
   */
  enqueue(db: WritableDb, item: { readonly id?: string; readonly payload: P; readonly at: number; readonly supersedes?: string }): string;
}

export function declareOutboxKind<P>(spec: OutboxKindSpec<P>): DeclaredOutboxKind<P> {
  return {
    ...spec,
    enqueue: (db, item) =>
      enqueueOutbox(db, { ...(item.id ? { id: item.id } : {}), target: spec.target, kind: spec.kind, orderingKey: spec.orderingKey(item.payload), payload: item.payload, at: item.at, ...(item.supersedes ? { supersedes: item.supersedes } : {}) }),
  };
}
