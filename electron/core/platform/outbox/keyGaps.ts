/**
 * When each ordering key last left, for the per-key gap (minKeyGapMs): a key sent less than the gap ago is
 * held back. Kept in the order of sending (a key sent again moves to the end), so forgetting the keys whose
 * gap has passed looks only at those and stops at the first key still inside its gap: while a backlog of
 * thousands of orders drains, every batch sent used to walk every key sent in the last gap (one batch of 50
 * looked at up to 6,000 keys at 3,000 confirmations a second).
 */
export class KeyGaps {
  private readonly lastSent = new Map<string, number>();
  /** Keys looked at by forget() so far (for tests: the cost of forgetting follows what is forgotten). */
  examined = 0;

  private readonly gapMs: () => number;

  constructor(gapMs: () => number) {
    this.gapMs = gapMs;
  }

  /** A key left at `at`. */
  sent(key: string, at: number): void {
    this.lastSent.delete(key);
    this.lastSent.set(key, at);
  }

  /**
   * Send times read back at start (the gap holds across a restart), oldest first, so the order of sending
   * holds; a time already known for a key wins when it is later.
   */
  restore(times: ReadonlyMap<string, number>): void {
    const merged = new Map(this.lastSent);
    for (const [k, t] of times) merged.set(k, Math.max(t, merged.get(k) ?? -Infinity));
    this.lastSent.clear();
    for (const [k, t] of [...merged].sort((a, b) => a[1] - b[1])) this.lastSent.set(k, t);
  }

  /** True when the key may go now: never sent, or its gap has passed. */
  ready(key: string, now: number): boolean {
    const last = this.lastSent.get(key);
    return last === undefined || now - last >= this.gapMs();
  }

  /**
   * Forgets the keys whose gap has passed (they hold nothing back). Stops at the first key still inside its
   * gap: the ones after it left later. Should the clock step back, a key may be kept longer than its gap
   * (ready() still reads its time), never forgotten early.
   */
  forget(now: number): void {
    const gap = this.gapMs();
    for (const [key, t] of this.lastSent) {
      this.examined += 1;
      if (now - t < gap) break;
      this.lastSent.delete(key);
    }
  }

  /** Keys whose last send still holds back the next (or has not been forgotten yet). */
  get size(): number {
    return this.lastSent.size;
  }
}
