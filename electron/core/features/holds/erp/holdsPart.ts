import type { Result } from '../../../../../shared/result.ts';
import type { OutboxError, OutboxKind, OutboxSendItem, ReadBackHit, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';

/** The hold half of an ERP adapter: sends hold.place / hold.release one by one and reads them back by reference. */
export interface HoldsPart {
  readonly kinds: readonly OutboxKind[];
  send(item: OutboxSendItem): Promise<SendOutcome>;
  readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>>;
}

export const HOLD_KINDS: readonly OutboxKind[] = ['hold.place', 'hold.release'];
