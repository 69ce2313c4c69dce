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
  }

  add(t: number, v: number): void {
    if (this.buckets === 0 || this.to <= this.from || t < this.from || t > this.to || Number.isNaN(v)) return;
    const b = Math.min(this.buckets - 1, Math.floor((t - this.from) / this.width));
    if (v < this.minV[b]!) {
      this.minV[b] = v;
      this.minT[b] = t;
    }
    if (v > this.maxV[b]!) {
      this.maxV[b] = v;
      this.maxT[b] = t;
    }
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

  points(): TrendPoint[] {
    const out: TrendPoint[] = [];
    for (let b = 0; b < this.buckets; b++) {
      const minT = this.minT[b]!;
      const maxT = this.maxT[b]!;
      if (Number.isNaN(minT)) continue;
      if (minT === maxT) out.push({ t: minT, v: this.minV[b]! });
      else if (minT < maxT) out.push({ t: minT, v: this.minV[b]! }, { t: maxT, v: this.maxV[b]! });
      else out.push({ t: maxT, v: this.maxV[b]! }, { t: minT, v: this.minV[b]! });
    }
    return out;
  }
}

/** One full pass: the min/max points of everything in `buf` between `from` and `to`. */
export function downsampleMinMax(buf: RingBuffer, from: number, to: number, buckets: number): TrendPoint[] {
  if (buckets < 1 || to <= from) return [];
  const acc = new MinMaxBuckets(from, to, buckets);
  buf.forEach((t, v) => acc.add(t, v));
  return acc.points();
}
