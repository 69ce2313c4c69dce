import { MINUTE_MS } from '../../../../shared/domain/production.ts';

/**
 * A line's counted deltas over the live rate's window, as they came: two number arrays and a start index.
 * It was an array of `{ at, parts }` objects, one allocated per counter notification, copied by a filter every
 * second once its oldest entry left the window (at 10 notifications a second per counter, 600 entries per line
 * copied each second). The rate is the same as `ratePerMinute` over the entries (a test compares them).
 */
export class RecentDeltas {
  private at: number[] = [];
  private parts: number[] = [];
  private start = 0;

  /** Entries kept (the retention check counts them). */
  get length(): number {
    return this.at.length - this.start;
  }

  push(at: number, parts: number): void {
    this.at.push(at);
    this.parts.push(parts);
  }

  clear(): void {
    this.at = [];
    this.parts = [];
    this.start = 0;
  }

  /**
   * Forgets the deltas at or before `cutoff` from the oldest on. One that came out of order (an older source
   * timestamp behind a newer one) stays until those before it go: it is outside every later window, so it
   * never counts (`rate` takes only deltas after the window's start).
   */
  forgetUpTo(cutoff: number): void {
    while (this.start < this.at.length && this.at[this.start]! <= cutoff) this.start++;
    if (this.start === this.at.length) this.clear();
    else if (this.start > 1024 && this.start * 2 > this.at.length) {
      this.at = this.at.slice(this.start);
      this.parts = this.parts.slice(this.start);
      this.start = 0;
    }
  }

  /** Parts per minute over the window ending at `now` (not before `trackedSince`): `ratePerMinute`'s rule. */
  ratePerMinute(now: number, windowMs: number, trackedSince: number): number | null {
    const from = Math.max(now - windowMs, trackedSince);
    const span = now - from;
    if (span <= 0) return null;
    let n = 0;
    for (let i = this.start; i < this.at.length; i++) {
      const at = this.at[i]!;
      if (at > from && at <= now) n += this.parts[i]!;
    }
    return (n * MINUTE_MS) / span;
  }
}
