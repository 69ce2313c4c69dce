import { MinMaxBuckets, downsampleMinMax } from '../../../renderer/charts/downsample.ts';
import { PointList } from '../../../renderer/charts/pointList.ts';
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

  it('keeps the range of the values in the window as samples arrive, and forgets it on starting over', () => {
    const b = new RingBuffer(100);
    const acc = new MinMaxBuckets(0, 1000, 10);
    expect(acc.range()).toBeNull();
    b.push(-10, 500); // before the window: not in the range
    b.push(1, 40);
    acc.update(b);
    expect(acc.range()).toEqual({ min: 40, max: 40 });
    b.push(2, 7);
    b.push(3, 90);
    acc.update(b);
    expect(acc.range()).toEqual({ min: 7, max: 90 });
    for (let t = 4; t < 110; t++) b.push(t, 50); // the ring drops 7 and 90 from inside the window
    acc.update(b);
    expect(acc.range()).toEqual({ min: 50, max: 50 });
  });

  it('writes the same points into a reused typed list as into an array, growing it as needed', () => {
    const b = new RingBuffer(8 * 3600);
    for (let s = 0; s < 8 * 3600; s++) b.push(T0 + s * 1000, 100 + ((s * 13) % 17)); // min and max apart in every bucket
    const acc = new MinMaxBuckets(T0, T0 + SHIFT, 1500);
    acc.update(b);
    const list = new PointList();
    list.push(1, 2); // left over from a previous redraw: cleared
    acc.pointsInto(list);
    const seen = Array.from({ length: list.length }, (_, i) => ({ t: list.ts[i], v: list.vs[i] }));
    expect(seen).toEqual(downsampleMinMax(b, T0, T0 + SHIFT, 1500));
    expect(list.length).toBeGreaterThan(2048); // beyond its first allocation
  });

  it('keeps its point list up to date between calls, rewriting only the buckets that changed, across a start over', () => {
    const b = new RingBuffer(3000);
    const acc = new MinMaxBuckets(T0, T0 + 4000_000, 250);
    const list = acc.pointList();
    for (let s = 0; s < 4000; s++) {
      b.push(T0 + s * 1000, 50 + 40 * Math.sin(s / 37) + ((s * 13) % 11)); // the ring wraps at 3000: a start over
      if (s % 13 === 0 || s > 3990) {
        acc.update(b);
        expect(acc.pointList()).toBe(list); // the same list, refilled
        const got = Array.from({ length: list.length }, (_, i) => ({ t: list.ts[i], v: list.vs[i] }));
        expect(got).toEqual(downsampleMinMax(b, T0, T0 + 4000_000, 250));
      }
    }
  });
});
