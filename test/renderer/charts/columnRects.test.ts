import { ColumnBuilder, type RectList, columnRects } from '../../../renderer/charts/columnRects.ts';
import { PointList } from '../../../renderer/charts/pointList.ts';

// 1 CSS pixel per time unit across, 1 per value unit down: x = t, y = 100 - v.
const FRAME = { width: 10, height: 100, from: 0, to: 10, yMax: 100, target: 0 };
const rectsOf = (out: RectList) => Array.from({ length: out.length }, (_, i) => [out.x(i), out.y(i), out.w(i), out.h(i)]);

describe('columnRects', () => {
  const points = PointList.of([
    { t: 0.5, v: 50 },
    { t: 1.2, v: 60 },
    { t: 1.8, v: 40 },
    { t: 4.5, v: 70 },
  ]);

  it('draws one column per pixel from its lowest to its highest value, joined to the column before, and fills skipped columns', () => {
    expect(rectsOf(columnRects(points, FRAME, 1, 100))).toEqual([
      [0, 50, 1, 1], // one value: a 1 px dot
      [1, 40, 1, 20], // 60 and 40, and joined to 50 before
      [2, 50, 1, 1], // interpolated between 40 (y 60) and 70 (y 30)
      [3, 40, 1, 1],
      [4, 30, 1, 30], // joined down to the previous column's last value (y 60)
    ]);
  });

  it('breaks the series at a gap: no join and no filled columns across it', () => {
    expect(rectsOf(columnRects(points, FRAME, 1, 2))).toEqual([
      [0, 50, 1, 1],
      [1, 40, 1, 20],
      [4, 30, 1, 1],
    ]);
  });

  it('clamps values to the axis, and draws nothing for an empty window or axis', () => {
    expect(rectsOf(columnRects(PointList.of([{ t: 2, v: 150 }, { t: 2.5, v: -5 }]), FRAME, 1, 100))).toEqual([[2, 0, 1, 100]]);
    expect(columnRects(points, { ...FRAME, to: 0 }, 1, 100).length).toBe(0);
    expect(columnRects(points, { ...FRAME, yMax: 0 }, 1, 100).length).toBe(0);
  });
});

describe('ColumnBuilder', () => {
  // A series with sparse stretches (filled columns), gaps and several points per column.
  const series = Array.from({ length: 3000 }, (_, i) => ({
    t: i < 200 ? i * 7 : 1400 + (i - 200) * 0.9 + (i > 1500 ? 40 : 0) + (i > 2500 ? 15 : 0),
    v: 50 + 30 * Math.sin(i / 40) + (i % 9),
  }));
  const frame = { width: 700, height: 200, from: 0, to: 4300, yMax: 100, target: 0 };

  it('resuming at the first changed point gives exactly the columns of a build from the start', () => {
    const b = new ColumnBuilder();
    const list = new PointList();
    let resumed = 0;
    for (let n = 1; n <= series.length; n += n < 300 ? 1 : 37) {
      // The last point moves (a bucket's max grew) and new points arrive: rebuild from the first changed one.
      const first = Math.max(0, list.length - 1);
      list.truncate(first);
      for (let i = first; i < n; i++) list.push(series[i]!.t, series[i]!.v + (i === n - 1 ? 5 : 0));
      const kept = b.rectsBefore(first);
      const before = rectsOf(b.rects).slice(0, kept);
      b.build(list, frame, 1, 20, first);
      const fresh = columnRects(list, frame, 1, 20);
      expect(rectsOf(b.rects)).toEqual(rectsOf(fresh));
      expect(rectsOf(b.rects).slice(0, kept)).toEqual(before);
      if (first > 0) resumed++;
    }
    expect(resumed).toBeGreaterThan(300);
    expect(b.rects.length).toBeGreaterThan(600);
  });

  it('builds from the start when told to (another frame), and holds nothing for an empty window', () => {
    const b = new ColumnBuilder();
    const list = PointList.of(series.slice(0, 1000));
    b.build(list, frame, 1, 20, 0);
    const wider = { ...frame, width: 900 };
    b.build(list, wider, 1, 20, 0);
    expect(rectsOf(b.rects)).toEqual(rectsOf(columnRects(list, wider, 1, 20)));
    b.build(list, { ...frame, to: 0 }, 1, 20, 500);
    expect(b.rects.length).toBe(0);
    expect(b.rectsBefore(500)).toBe(0);
    b.build(list, frame, 1, 20, 500); // nothing kept from the empty build: a full one
    expect(rectsOf(b.rects)).toEqual(rectsOf(columnRects(list, frame, 1, 20)));
  });
});
