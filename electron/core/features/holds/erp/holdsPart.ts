import type { Result } from '../../../../../shared/result.ts';
import type { OutboxError, OutboxKind, OutboxSendItem, ReadBackHit, RemoteKeys, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';

/** The hold half of an ERP adapter: sends hold.place / hold.release one by one and reads them back by reference. */
export interface HoldsPart {
  readonly kinds: readonly OutboxKind[];
  send(item: OutboxSendItem): Promise<SendOutcome>;
  readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>>;
  /**
   * Whether the hold this console posted (or joined) is released in the ERP, by whom, from which console
   * and when (issue 19: a release on another standalone console reaches this one through the ERP).
   */
  releasedElsewhere(place: PostedPlacement): Promise<Result<RemoteRelease | null, OutboxError>>;
}

/** A hold.place outbox item that is done: its reference, its payload and what the ERP gave back. */
export interface PostedPlacement {
  id: string;
  payload: unknown;
  remoteKeys: RemoteKeys;
}

/** A release found in the ERP: from which console, by whom, when (as the ERP keeps them). */
export interface RemoteRelease {
  on: string;
  by: string;
  at: string;
}

export const HOLD_KINDS: readonly OutboxKind[] = ['hold.place', 'hold.release'];
