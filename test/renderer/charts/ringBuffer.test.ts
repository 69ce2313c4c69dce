import { RingBuffer } from '../../../renderer/charts/ringBuffer.ts';

const collect = (b: RingBuffer) => {
  const out: [number, number][] = [];
  b.forEach((t, v) => out.push([t, v]));
  return out;
};

describe('RingBuffer', () => {
  it('keeps the newest `capacity` samples, oldest first, across the wrap', () => {
    const b = new RingBuffer(4);
    for (let i = 1; i <= 6; i++) b.push(i, i * 10);
    expect(b.size).toBe(4);
    expect(b.pushed).toBe(6);
    expect(collect(b)).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
      [6, 60],
    ]);
    expect(b.at(0)).toEqual({ t: 3, v: 30 });
    expect(b.last()).toEqual({ t: 6, v: 60 });
    expect(b.lastTime()).toBe(6);
  });

  it('visits only the newest n samples in order, and at most all of them', () => {
    const b = new RingBuffer(4);
    for (let i = 1; i <= 6; i++) b.push(i, i);
    const newest: number[] = [];
    b.forEachNewest(2, (t) => newest.push(t));
    expect(newest).toEqual([5, 6]);
    const all: number[] = [];
    b.forEachNewest(99, (t) => all.push(t));
    expect(all).toEqual([3, 4, 5, 6]);
  });

  it('is empty before the first push', () => {
    const b = new RingBuffer(3);
    expect(b.last()).toBeNull();
    expect(b.lastTime()).toBeNull();
    expect(collect(b)).toEqual([]);
  });
});
