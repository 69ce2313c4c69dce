import type { OutboxAdapter, OutboxKind, OutboxSender, OutboxTargetPolicy } from './outboxTypes.ts';

/**
 * One target of the engine: its policy and the senders registered on it, one per kind. The worker asks
 * it which sender carries an item; it knows nothing of what the kinds mean.
 */
export class OutboxTarget {
  readonly policy: OutboxTargetPolicy;
  private readonly byKind = new Map<OutboxKind, OutboxSender>();

  constructor(policy: OutboxTargetPolicy) {
    this.policy = policy;
  }

  /** A target carrying one adapter's own kinds under its own policy. */
  static of(adapter: OutboxAdapter): OutboxTarget {
    const t = new OutboxTarget(adapter);
    t.add(adapter);
    return t;
  }

  get name(): string {
    return this.policy.target;
  }

  /** Adds a feature's kinds. A kind has one sender per target: a second one is a wiring bug. */
  add(sender: OutboxSender): void {
    const clash = sender.kinds.filter((k) => this.byKind.has(k));
    if (clash.length > 0) throw new Error(`Bug: ${clash.join(', ')} already handled on target ${this.name}`);
    for (const k of sender.kinds) this.byKind.set(k, sender);
  }

  get kinds(): OutboxKind[] {
    return [...this.byKind.keys()];
  }

  /** The largest batch any sender takes: how many due heads the worker looks at per request slot. */
  get maxBatchSize(): number {
    let n = 1;
    for (const s of this.byKind.values()) n = Math.max(n, s.batchSize);
    return n;
  }

  senderOf(kind: OutboxKind): OutboxSender | undefined {
    return this.byKind.get(kind);
  }

  /** Requests in flight on this target: the policy's, 1 to 8 (default 1). */
  get parallelRequests(): number {
    return Math.max(1, Math.min(8, this.policy.parallelRequests ?? 1));
  }
}
