import { PointList } from './pointList.ts';
import type { RingBuffer } from './ringBuffer.ts';

export interface TrendPoint {
  t: number;
  v: number;
}

/**
 * Min/max per time bucket over [from, to]: keeps every peak and dip a person would see at full
 * resolution (a one-second stop to zero, a spike) while yielding at most 2 × `buckets` points, in time
 * order. With one bucket per pixel of plot width that is at most two points per pixel, whatever the
 * buffer holds.
 */
export class MinMaxBuckets {
  readonly from: number;
  readonly to: number;
  readonly buckets: number;
  private readonly width: number;
  private readonly minT: Float64Array;
  private readonly minV: Float64Array;
  private readonly maxT: Float64Array;
  private readonly maxV: Float64Array;
  private source: RingBuffer | null = null;
  private folded = 0;
  /** Lowest and highest value folded in (the series' range, kept as samples arrive). */
  private lo = Infinity;
  private hi = -Infinity;
  /** The points as of the last `pointList()`, and the first bucket that may have changed since. */
  private readonly list = new PointList();
  private listFrom = 0;

  constructor(from: number, to: number, buckets: number) {
    this.from = from;
    this.to = to;
    this.buckets = Math.max(0, Math.floor(buckets));
    this.width = (to - from) / Math.max(1, this.buckets);
    this.minT = new Float64Array(this.buckets);
    this.minV = new Float64Array(this.buckets);
    this.maxT = new Float64Array(this.buckets);
    this.maxV = new Float64Array(this.buckets);
    this.clear();
  }

  private clear(): void {
    this.minT.fill(NaN);
    this.minV.fill(Infinity);
    this.maxT.fill(NaN);
    this.maxV.fill(-Infinity);
    this.lo = Infinity;
    this.hi = -Infinity;
    this.listFrom = 0;
  }

  add(t: number, v: number): void {
    if (this.buckets === 0 || this.to <= this.from || t < this.from || t > this.to || Number.isNaN(v)) return;
    const b = this.bucketOf(t);
    if (v < this.minV[b]!) {
      this.minV[b] = v;
      this.minT[b] = t;
      if (b < this.listFrom) this.listFrom = b;
    }
    if (v > this.maxV[b]!) {
      this.maxV[b] = v;
      this.maxT[b] = t;
      if (b < this.listFrom) this.listFrom = b;
    }
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }

  /** The lowest and highest value in the window so far, or null when it holds nothing. */
  range(): { min: number; max: number } | null {
    return this.hi === -Infinity ? null : { min: this.lo, max: this.hi };
  }

  /**
   * Brings the buckets up to date with `buf`, folding in only the samples pushed since the last call. It
   * starts over (one full pass) on a different buffer, or when samples inside [from, to] may have been
   * overwritten since: the result is then always what a full pass over the buffer gives.
   */
  update(buf: RingBuffer): void {
    const fresh = buf.pushed - this.folded;
    // A full ring drops its oldest sample on every push; when the oldest one still held is inside the
    // window, the dropped ones may have been too, and buckets cannot forget a sample: start over.
    const droppedInside = fresh > 0 && buf.pushed > buf.capacity && buf.size > 0 && buf.at(0).t > this.from;
    if (buf !== this.source || fresh < 0 || fresh > buf.size || droppedInside) {
      this.clear();
      buf.forEach((t, v) => this.add(t, v));
    } else if (fresh > 0) {
      buf.forEachNewest(fresh, (t, v) => this.add(t, v));
    }
    this.source = buf;
    this.folded = buf.pushed;
  }

  /**
   * The points in time order (each bucket's min and max, or one when they are the same sample), in a list
   * kept between calls: only the points of buckets changed since the last call are rewritten. The list is
   * the same object each time; read it before the next `update`.
   */
  pointList(): PointList {
    if (this.listFrom < this.buckets) {
      // Points are in time order and each lies in its own bucket: keep those of the buckets before listFrom.
      const { list } = this;
      let keep = this.listFrom === 0 ? 0 : list.length;
      while (keep > 0 && this.bucketOf(list.ts[keep - 1]!) >= this.listFrom) keep--;
      list.truncate(keep);
      this.appendPoints(this.listFrom, list);
      this.listFrom = this.buckets;
    }
    return this.list;
  }

  /** The points (as in `pointList`) written into `out`, cleared first. */
  pointsInto(out: PointList): PointList {
    out.clear();
    this.appendPoints(0, out);
    return out;
  }

  private bucketOf(t: number): number {
    return Math.min(this.buckets - 1, Math.floor((t - this.from) / this.width));
  }

  private appendPoints(fromBucket: number, out: PointList): void {
    const { minT, minV, maxT, maxV } = this;
    for (let b = fromBucket; b < this.buckets; b++) {
      const lo = minT[b]!;
      const hi = maxT[b]!;
      if (Number.isNaN(lo)) continue;
      if (lo === hi) out.push(lo, minV[b]!);
      else if (lo < hi) {
        out.push(lo, minV[b]!);
        out.push(hi, maxV[b]!);
      } else {
        out.push(hi, maxV[b]!);
        out.push(lo, minV[b]!);
      }
    }
  }

  points(): TrendPoint[] {
    const list = this.pointsInto(new PointList());
    return Array.from({ length: list.length }, (_, i) => ({ t: list.ts[i]!, v: list.vs[i]! }));
  }
}

/** One full pass: the min/max points of everything in `buf` between `from` and `to`. */
export function downsampleMinMax(buf: RingBuffer, from: number, to: number, buckets: number): TrendPoint[] {
  if (buckets < 1 || to <= from) return [];
  const acc = new MinMaxBuckets(from, to, buckets);
  buf.forEach((t, v) => acc.add(t, v));
  return acc.points();
}
