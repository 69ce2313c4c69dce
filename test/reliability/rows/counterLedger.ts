import type { LinkGap, LiveValue } from '../../../electron/core/platform/opcua/opcuaTypes.ts';

/**
 * What production would do with the counters the gateway delivers, reduced to what the rows measure:
 * deltas between consecutive Good values, the delta across a gap attributed to that gap, decreases counted
 * as resets. `missed` compares the counted total with the counter's own movement.
 */
export class CounterLedger {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly inGap = new Set<string>();
  counted = 0;
  gapCounted = 0;
  gapDeltas = 0;
  decreases = 0;
  late = 0;
  readonly gaps: LinkGap[] = [];

  ingest(values: readonly LiveValue[]): void {
    for (const v of values) {
      // History delivered after a newer value (republish after the gap re-read): not the counter's state.
      if (v.flags?.includes('late')) {
        this.late++;
        continue;
      }
      if (v.quality !== 'good' || typeof v.value !== 'number') {
        this.inGap.add(v.tagId);
        continue;
      }
      const prev = this.last.get(v.tagId);
      if (prev === undefined) this.first.set(v.tagId, v.value);
      else if (v.value >= prev) {
        const d = v.value - prev;
        this.counted += d;
        if (this.inGap.has(v.tagId)) {
          this.gapCounted += d;
          this.gapDeltas++;
        }
      } else this.decreases++;
      this.inGap.delete(v.tagId);
      this.last.set(v.tagId, v.value);
    }
  }

  gap(g: LinkGap): void {
    this.gaps.push(g);
  }

  /** Counts the counters moved by (last − first) that the deltas did not account for. */
  missed(): number {
    let moved = 0;
    for (const [tag, f] of this.first) moved += (this.last.get(tag) ?? f) - f;
    return Math.abs(moved - this.counted);
  }

  lastOf(tag: string): number | undefined {
    return this.last.get(tag);
  }
}
