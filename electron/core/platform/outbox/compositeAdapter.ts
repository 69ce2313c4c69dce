import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { OutboxAdapter, OutboxError, OutboxKind, OutboxSendItem, ReadBackHit, SendOutcome } from './outboxTypes.ts';

/**
 * Several adapters behind one target: the ERP target takes confirmations from the ERP adapter and
 * holds from the holds feature's adapter, yet keeps one worker, one breaker and one order per key.
 * Each item goes to the adapter that declared its kind; the first adapter gives the target's label.
 */
export class CompositeAdapter implements OutboxAdapter {
  readonly target: string;
  private readonly parts: OutboxAdapter[] = [];

  constructor(first: OutboxAdapter) {
    this.target = first.target;
    this.parts.push(first);
  }

  add(a: OutboxAdapter): void {
    if (a.target !== this.target) throw new Error(`Bug: adapter for ${a.target} added to target ${this.target}`);
    const clash = a.kinds.filter((k) => this.kinds.includes(k));
    if (clash.length > 0) throw new Error(`Bug: ${clash.join(', ')} already handled on target ${this.target}`);
    this.parts.push(a);
  }

  get label(): string {
    return this.parts[0]!.label;
  }
  get kinds(): readonly OutboxKind[] {
    return this.parts.flatMap((p) => p.kinds);
  }
  get batchSize(): number {
    return Math.max(...this.parts.map((p) => p.batchSize));
  }
  /**
   * The requests in flight the target's own adapters ask for: the smallest that any part declares. A part
   * that declares none (a holds or one-record adapter) does not pull the target down to one request.
   */
  get parallelRequests(): number {
    const declared = this.parts.map((p) => p.parallelRequests).filter((n): n is number => n !== undefined);
    return declared.length > 0 ? Math.min(...declared) : 1;
  }
  get processingLimitMs(): number {
    return Math.max(...this.parts.map((p) => p.processingLimitMs ?? 0));
  }
  get minKeyGapMs(): number {
    return Math.max(...this.parts.map((p) => p.minKeyGapMs));
  }
  get settleMs(): number {
    return Math.max(...this.parts.map((p) => p.settleMs));
  }

  private partFor(kind: OutboxKind): OutboxAdapter | undefined {
    return this.parts.find((p) => p.kinds.includes(kind));
  }

  async send(items: readonly OutboxSendItem[]): Promise<SendOutcome[]> {
    const out: SendOutcome[] = new Array<SendOutcome>(items.length);
    for (const part of this.parts) {
      const idx = items.map((it, i) => (part.kinds.includes(it.kind) ? i : -1)).filter((i) => i >= 0);
      for (let s = 0; s < idx.length; s += part.batchSize) {
        const chunk = idx.slice(s, s + part.batchSize);
        const res = await part.send(chunk.map((i) => items[i]!));
        chunk.forEach((i, k) => (out[i] = res[k] ?? { kind: 'unknown', error: { class: 'unknown', message: 'no answer for this item' } }));
      }
    }
    items.forEach((it, i) => {
      if (!out[i]) out[i] = { kind: 'config', error: { class: 'config', message: `nothing on target ${this.target} sends ${it.kind}` } };
    });
    return out;
  }

  async readBack(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
    const all = new Map<string, readonly ReadBackHit[]>();
    for (const part of this.parts) {
      const mine = items.filter((it) => part.kinds.includes(it.kind));
      if (mine.length === 0) continue;
      const r = await part.readBack(mine);
      if (!r.ok) return errResult(r.error);
      for (const [k, v] of r.value) all.set(k, v);
    }
    return okResult(all);
  }

  repairDuplicate(item: OutboxSendItem, extra: ReadBackHit): { kind: OutboxKind; orderingKey: string; payload: Record<string, unknown> } | null {
    return this.partFor(item.kind)?.repairDuplicate?.(item, extra) ?? null;
  }

  dispose(): void {
    for (const p of this.parts) p.dispose?.();
  }

  /** For the worker's kind filter: the adapter of a kind, if any. */
  handles(kind: OutboxKind): boolean {
    return this.partFor(kind) !== undefined;
  }
}
