import type { RingBuffer } from './ringBuffer.ts';

export interface TrendPoint {
  t: number;
  v: number;
}

/**
 * Min/max per time bucket: keeps every peak and dip a person would see at full resolution while
 * drawing at most 2 × `buckets` points, whatever the buffer holds.
 */
export function downsampleMinMax(buf: RingBuffer, from: number, to: number, buckets: number): TrendPoint[] {
  if (buckets < 1 || to <= from) return [];
  const width = (to - from) / buckets;
  const minT = new Float64Array(buckets).fill(NaN);
  const minV = new Float64Array(buckets).fill(Infinity);
  const maxT = new Float64Array(buckets).fill(NaN);
  const maxV = new Float64Array(buckets).fill(-Infinity);
  buf.forEach((t, v) => {
    if (t < from || t > to) return;
    const b = Math.min(buckets - 1, Math.floor((t - from) / width));
    if (v < minV[b]!) {
      minV[b] = v;
      minT[b] = t;
    }
    if (v > maxV[b]!) {
      maxV[b] = v;
      maxT[b] = t;
    }
  });
  const out: TrendPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    if (Number.isNaN(minT[b]!)) continue;
    if (minT[b] === maxT[b]) out.push({ t: minT[b]!, v: minV[b]! });
    else if (minT[b]! < maxT[b]!) out.push({ t: minT[b]!, v: minV[b]! }, { t: maxT[b]!, v: maxV[b]! });
    else out.push({ t: maxT[b]!, v: maxV[b]! }, { t: minT[b]!, v: minV[b]! });
  }
  return out;
}
