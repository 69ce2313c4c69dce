import { MinMaxBuckets } from '../../../renderer/charts/downsample.ts';
import type { TrendFrame } from '../../../renderer/charts/drawTrend.ts';
import { LiveColumnsPainter } from '../../../renderer/charts/liveColumns.ts';
import { PointList } from '../../../renderer/charts/pointList.ts';
import { RingBuffer } from '../../../renderer/charts/ringBuffer.ts';
import { valueAxisMax } from '../../../renderer/charts/trendScale.ts';
import { RasterCanvas } from './rasterCanvas.ts';

const STYLE = { fill: '#1e1e1e', width: 1 };
const T0 = Date.UTC(2026, 2, 2, 6, 0, 0);
const HOURS_2 = 2 * 3_600_000;
const GAP_MS = 10_000;
/** As TrendChart breaks the live series: never across less than three buckets. */
const chartGap = (from: number, to: number, buckets: number) => Math.max(GAP_MS, (3 * (to - from)) / buckets);

/** A fresh painter on a fresh canvas: the full paint the incremental one must equal, pixel for pixel. */
function fullPaint(buf: RingBuffer, frame: TrendFrame, buckets: number, dpr: number, gapMs = chartGap(frame.from, frame.to, buckets)): RasterCanvas {
  const acc = new MinMaxBuckets(frame.from, frame.to, buckets);
  acc.update(buf);
  const canvas = new RasterCanvas();
  new LiveColumnsPainter(STYLE).paint(canvas, canvas.ctx, frame, dpr, acc.pointsInto(new PointList()), gapMs);
  return canvas;
}

/** One chart's live layer, kept across redraws the way TrendChart keeps it (buckets, their point list, painter, canvas). */
function liveChart(buf: RingBuffer, width: number, dpr: number, from = T0, to = T0 + HOURS_2) {
  const buckets = Math.round(width);
  const acc = new MinMaxBuckets(from, to, buckets);
  const painter = new LiveColumnsPainter(STYLE);
  const canvas = new RasterCanvas();
  let frame: TrendFrame = { width, height: 201, from, to, yMax: 150, target: 120 };
  return {
    canvas,
    get frame() {
      return frame;
    },
    buckets,
    redraw(over: Partial<TrendFrame> = {}) {
      acc.update(buf);
      frame = { ...frame, yMax: valueAxisMax(120, acc.range()?.max ?? 0), ...over };
      canvas.ctx.resetCounts();
      return painter.paint(canvas, canvas.ctx, frame, dpr, acc.pointList(), chartGap(from, to, buckets));
    },
  };
}

describe('LiveColumnsPainter', () => {
  // The scripted shift: sparse samples (interpolated columns), dense 1 s data with a stop to zero and a
  // spike above the axis (the axis grows: a full repaint), a connection gap, and a ring that wraps and
  // drops samples inside the window (the buckets start over).
  for (const dpr of [1, 2, 1.5, 0.75]) {
    it(`painting only what changed gives the pixels of a full paint after every redraw (pixel ratio ${dpr})`, () => {
      const buf = new RingBuffer(4000);
      const chart = liveChart(buf, 613.5, dpr);
      let t = T0;
      let steps = 0;
      let partial = 0;
      const check = () => {
        const p = chart.redraw();
        steps++;
        if (!p.full) partial++;
        expect(chart.canvas.diff(fullPaint(buf, chart.frame, chart.buckets, dpr))).toBe(0);
      };
      // Sparse (the buckets are 11.7 s wide, runs break at 35 s): columns filled in between.
      for (let i = 0; i < 30; i++, t += 25_000) {
        buf.push(t, 100 + ((i * 13) % 21));
        check();
      }
      // Sparse, three samples a second apart every 25 s: the third moves the bucket's minimum after its
      // maximum, so the bucket's first point changes, and with it the filled columns before it.
      for (let i = 0; i < 12; i++, t += 25_000) {
        for (const [k, v] of [100, 112, 91].entries()) {
          buf.push(t + k * 1000, v + i);
          check();
        }
      }
      for (let i = 0; i < 3000; i++, t += 1000) {
        buf.push(t, i === 700 ? 0 : i === 1500 ? 260 : 100 + 20 * Math.sin(i / 50) + (i % 7));
        if (i < 120 || i % 53 === 0 || (i >= 1495 && i <= 1505)) check();
      }
      t += 180_000;
      for (let i = 0; i < 600; i++, t += 1000) {
        buf.push(t, 90 + (i % 11));
        if (i < 40 || i % 61 === 0) check();
      }
      for (let i = 0; i < 900; i++, t += 1000) {
        buf.push(t, 110 + (i % 5));
        if (i % 97 === 0) check();
      }
      expect(buf.pushed).toBeGreaterThan(buf.capacity);
      expect(partial).toBeGreaterThan(steps / 2);
      expect(chart.canvas.inked()).toBeGreaterThan(1000);
    });
  }

  it('after one new 1 s sample clears and redraws only the last columns, and with nothing new draws nothing', () => {
    const buf = new RingBuffer(8000);
    for (let s = 0; s < 3600; s++) buf.push(T0 + s * 1000, 100 + (s % 9));
    const chart = liveChart(buf, 600, 1);
    expect(chart.redraw()).toEqual({ full: true, fromX: 0, toX: 600 });
    expect(chart.canvas.ctx.rects).toBeGreaterThan(290);

    buf.push(T0 + 3600 * 1000, 140);
    const p = chart.redraw();
    // The hour ends at x = 300: the new sample lands in column 300, joined from column 299.
    expect(p.full).toBe(false);
    expect(p.fromX).toBeGreaterThanOrEqual(299);
    expect(p.toX).toBeLessThanOrEqual(302);
    expect(chart.canvas.ctx.clears).toEqual([[p.fromX, p.toX]]);
    // The clip, the columns in it and at most one dash.
    expect(chart.canvas.ctx.rects).toBeLessThanOrEqual(1 + (p.toX - p.fromX) + 1);
    expect(chart.canvas.diff(fullPaint(buf, chart.frame, chart.buckets, 1))).toBe(0);

    expect(chart.redraw()).toEqual({ full: false, fromX: 0, toX: 0 });
    expect(chart.canvas.ctx.rects).toBe(0);
    expect(chart.canvas.ctx.clears).toEqual([]);
  });

  it('repaints everything when the frame or the canvas changes', () => {
    const buf = new RingBuffer(8000);
    for (let s = 0; s < 1800; s++) buf.push(T0 + s * 1000, 100 + (s % 9));
    const chart = liveChart(buf, 600, 1);
    chart.redraw();
    for (const over of [{ target: 90 }, { height: 180 }, { yMax: 300 }, { width: 500 }]) {
      const p = chart.redraw(over);
      expect(p.full).toBe(true);
      expect(chart.canvas.ctx.clears).toEqual([[0, chart.canvas.width]]);
      expect(chart.canvas.diff(fullPaint(buf, chart.frame, chart.buckets, 1))).toBe(0);
    }
    // Another canvas element (a remount) of the right size already: only its identity says it holds nothing yet.
    const painter = new LiveColumnsPainter(STYLE);
    const acc = new MinMaxBuckets(T0, T0 + HOURS_2, 600);
    acc.update(buf);
    const pts = acc.pointsInto(new PointList());
    const frame = chart.frame;
    const first = new RasterCanvas();
    const second = new RasterCanvas();
    second.width = Math.round(frame.width);
    second.height = Math.round(frame.height);
    expect(painter.paint(first, first.ctx, frame, 1, pts, GAP_MS).full).toBe(true);
    expect(painter.paint(first, first.ctx, frame, 1, pts, GAP_MS).full).toBe(false);
    expect(painter.paint(second, second.ctx, frame, 1, pts, GAP_MS).full).toBe(true);
    expect(second.diff(first)).toBe(0);
    expect(painter.paint(second, second.ctx, frame, 2, pts, GAP_MS).full).toBe(true);
    expect(second.width).toBe(1000);
    // Another gap (the same frame with other buckets would give one): runs split elsewhere, all repainted.
    expect(painter.paint(second, second.ctx, frame, 2, pts, 500).full).toBe(true);
    const fresh = new RasterCanvas();
    new LiveColumnsPainter(STYLE).paint(fresh, fresh.ctx, frame, 2, pts, 500);
    expect(second.diff(fresh)).toBe(0);
  });

  it('draws the target as 6 px dashes every 10 px on its row, and nothing else where there is no data', () => {
    const buf = new RingBuffer(8000);
    for (let s = 0; s < 3600; s++) buf.push(T0 + s * 1000, 100 + (s % 9));
    const chart = liveChart(buf, 600, 1);
    chart.redraw();
    const { canvas, frame } = chart;
    const row = Math.round(frame.height - frame.target * (frame.height / frame.yMax));
    const at = (x: number, y: number) => canvas.colours[canvas.pixels[y * canvas.width + x]!];
    for (let x = 310; x < 600; x++) {
      expect(at(x, row)).toBe(x % 10 < 6 ? '#1e1e1e' : '');
      expect(at(x, row - 1)).toBe('');
      expect(at(x, row + 1)).toBe('');
    }
    // The data (about 100 to 108 a minute) lies below the target row, up to x = 300.
    expect(at(150, Math.round(frame.height - 104 * (frame.height / frame.yMax)))).toBe('#1e1e1e');
  });

  it('clears what an earlier, longer series drew when the next one is shorter (another line on the same frame)', () => {
    const long = new RingBuffer(8000);
    const short = new RingBuffer(8000);
    for (let s = 0; s < 3600; s++) long.push(T0 + s * 1000, 100 + (s % 9));
    for (let s = 0; s < 1800; s++) short.push(T0 + s * 1000, 100 + (s % 9));
    const frame: TrendFrame = { width: 600, height: 201, from: T0, to: T0 + HOURS_2, yMax: 150, target: 120 };
    const painter = new LiveColumnsPainter(STYLE);
    const canvas = new RasterCanvas();
    const pointsOf = (b: RingBuffer) => {
      const acc = new MinMaxBuckets(T0, T0 + HOURS_2, 600);
      acc.update(b);
      return acc.pointsInto(new PointList());
    };
    painter.paint(canvas, canvas.ctx, frame, 1, pointsOf(long), GAP_MS);
    const p = painter.paint(canvas, canvas.ctx, frame, 1, pointsOf(short), GAP_MS);
    expect(p.full).toBe(false);
    expect(p.toX).toBeGreaterThanOrEqual(300);
    expect(canvas.diff(fullPaint(short, frame, 600, 1, GAP_MS))).toBe(0);
  });
});
