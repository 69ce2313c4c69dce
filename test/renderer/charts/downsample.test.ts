import { MinMaxBuckets, downsampleMinMax } from '../../../renderer/charts/downsample.ts';
import { RingBuffer } from '../../../renderer/charts/ringBuffer.ts';

const T0 = Date.UTC(2026, 2, 2, 6, 0, 0);
const SHIFT = 8 * 3_600_000;

/** A full shift of 1 s samples: steady 100/min with a noise of ±3, one stop to 0 and one spike to 250. */
function shiftBuffer(capacity = 8 * 3600 + 600): RingBuffer {
  const b = new RingBuffer(capacity);
  for (let s = 0; s < 8 * 3600; s++) {
    let v = 100 + ((s * 7) % 7) - 3;
    if (s === 10_000) v = 0; // a one-second stop
    if (s === 20_000) v = 250; // a one-second spike
    b.push(T0 + s * 1000, v);
  }
  return b;
}

describe('downsampleMinMax', () => {
  it('draws at most two points per bucket, in time order, whatever the buffer holds', () => {
    const pts = downsampleMinMax(shiftBuffer(), T0, T0 + SHIFT, 800);
    expect(pts.length).toBeLessThanOrEqual(1600);
    expect(pts.length).toBeGreaterThan(800);
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.t).toBeGreaterThan(pts[i - 1]!.t);
  });

  it('keeps a one-second stop and a one-second spike visible among 28,800 samples', () => {
    const pts = downsampleMinMax(shiftBuffer(), T0, T0 + SHIFT, 800);
    expect(pts).toContainEqual({ t: T0 + 10_000_000, v: 0 });
    expect(pts).toContainEqual({ t: T0 + 20_000_000, v: 250 });
    expect(Math.min(...pts.map((p) => p.v))).toBe(0);
    expect(Math.max(...pts.map((p) => p.v))).toBe(250);
  });

  it('keeps min and max of each bucket in the order they happened', () => {
    const b = new RingBuffer(10);
    b.push(0, 5);
    b.push(1, 9); // max after min in bucket 0
    b.push(10, 8);
    b.push(11, 1); // min after max in bucket 1
    b.push(12, 4);
    expect(downsampleMinMax(b, 0, 19, 2)).toEqual([
      { t: 0, v: 5 },
      { t: 1, v: 9 },
      { t: 10, v: 8 },
      { t: 11, v: 1 },
    ]);
  });

  it('leaves out samples outside the window and empty buckets, and returns nothing for an empty window', () => {
    const b = new RingBuffer(10);
    b.push(-5, 1);
    b.push(3, 7);
    b.push(50, 1);
    expect(downsampleMinMax(b, 0, 40, 4)).toEqual([{ t: 3, v: 7 }]);
    expect(downsampleMinMax(b, 40, 40, 4)).toEqual([]);
    expect(downsampleMinMax(b, 0, 40, 0)).toEqual([]);
  });
});

describe('MinMaxBuckets.update', () => {
  it('folding in only new samples gives exactly what a full pass gives', () => {
    const b = new RingBuffer(5000);
    const acc = new MinMaxBuckets(T0, T0 + 4000_000, 300);
    for (let s = 0; s < 4000; s++) {
      b.push(T0 + s * 1000, 50 + 40 * Math.sin(s / 37) + ((s * 13) % 11));
      if (s % 97 === 0 || s === 3999) {
        acc.update(b);
        expect(acc.points()).toEqual(downsampleMinMax(b, T0, T0 + 4000_000, 300));
      }
    }
  });

  it('starts over when the ring, full, drops samples from inside the window', () => {
    const b = new RingBuffer(100);
    const acc = new MinMaxBuckets(0, 1000, 10);
    for (let t = 0; t < 100; t++) b.push(t, t === 5 ? 999 : 1);
    acc.update(b);
    expect(acc.points().some((p) => p.v === 999)).toBe(true);
    for (let t = 100; t < 150; t++) b.push(t, 1); // the spike at t = 5 is overwritten
    acc.update(b);
    expect(acc.points()).toEqual(downsampleMinMax(b, 0, 1000, 10));
    expect(acc.points().some((p) => p.v === 999)).toBe(false);
  });

  it('starts over on another buffer', () => {
    const a = shiftBuffer();
    const other = new RingBuffer(10);
    other.push(T0 + 1000, 42);
    const acc = new MinMaxBuckets(T0, T0 + SHIFT, 100);
    acc.update(a);
    acc.update(other);
    expect(acc.points()).toEqual([{ t: T0 + 1000, v: 42 }]);
  });
});
