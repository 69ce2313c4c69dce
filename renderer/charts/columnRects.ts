import type { TrendFrame } from './drawTrend.ts';
import type { PointList } from './pointList.ts';

/** Rectangles in the order drawn (left to right), in growable typed arrays: no object per rectangle. */
export class RectList {
  private xs = new Float64Array(1024);
  private ys = new Float64Array(1024);
  private ws = new Float64Array(1024);
  private hs = new Float64Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(x: number, y: number, w: number, h: number): void {
    if (this.length === this.xs.length) this.grow();
    const i = this.length++;
    this.xs[i] = x;
    this.ys[i] = y;
    this.ws[i] = w;
    this.hs[i] = h;
  }

  x(i: number): number {
    return this.xs[i]!;
  }
  y(i: number): number {
    return this.ys[i]!;
  }
  w(i: number): number {
    return this.ws[i]!;
  }
  h(i: number): number {
    return this.hs[i]!;
  }

  /** Keeps the first `n` rectangles. */
  truncate(n: number): void {
    this.length = Math.min(this.length, Math.max(0, n));
  }

  /** The leftmost x among the rectangles from index `from` on (Infinity when there are none). */
  minXFrom(from: number): number {
    let m = Infinity;
    for (let i = from; i < this.length; i++) if (this.xs[i]! < m) m = this.xs[i]!;
    return m;
  }

  /** The rightmost right edge (x + w) among the rectangles from index `from` on (-Infinity when there are none). */
  maxRightFrom(from: number): number {
    let m = -Infinity;
    for (let i = from; i < this.length; i++) if (this.xs[i]! + this.ws[i]! > m) m = this.xs[i]! + this.ws[i]!;
    return m;
  }

  private grow(): void {
    const n = this.xs.length * 2;
    const copy = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.xs = copy(this.xs);
    this.ys = copy(this.ys);
    this.ws = copy(this.ws);
    this.hs = copy(this.hs);
  }
}

/**
 * The live series as columns: one filled column per pixel from the lowest to the highest value in it,
 * joined to the previous column's last value so a steep change reads as one line, not as dots. Columns
 * skipped between two samples (sparse data early in a shift) get the values in between. Points further
 * apart than `maxGapMs` start a new run that is not joined to the one before: a connection gap or a stale
 * line shows as a gap and is never bridged by a line that looks like data. Every coordinate is a whole
 * number of CSS pixels. (That is how min/max-per-pixel data looks as a line, but axis-aligned rectangles
 * rasterise far faster than a self-crossing zig-zag path through the same points.)
 *
 * The columns are a fold over the points from left to right, so the builder keeps the fold's state before
 * each point: when only the last points changed (a new 1 s sample changes the last bucket), it resumes
 * there and keeps the columns before, giving exactly what a fold from the first point gives.
 */
export class ColumnBuilder {
  readonly rects = new RectList();
  /** The fold's state before point i: the open column, its lowest and highest y, the previous point, and the rectangles then drawn. */
  private col = new Float64Array(0);
  private lo = new Float64Array(0);
  private hi = new Float64Array(0);
  private prevY = new Float64Array(0);
  private prevT = new Float64Array(0);
  private drawn = new Int32Array(0);
  private folded = 0;

  /** How many rectangles stood before point `i` was folded in (for i up to the points last folded). */
  rectsBefore(i: number): number {
    return i <= 0 || this.folded === 0 ? 0 : this.drawn[Math.min(i, this.folded)]!;
  }

  /**
   * Folds in `points` from index `from` on, keeping the columns of the points before it (which must be
   * the same points as last time, under the same frame, width and gap: otherwise pass 0).
   */
  build(points: PointList, frame: TrendFrame, width: number, maxGapMs: number, from: number): void {
    const n = points.length;
    const out = this.rects;
    if (frame.to <= frame.from || frame.yMax <= 0) {
      out.clear();
      this.folded = 0;
      return;
    }
    this.reserve(n + 1);
    const start = Math.max(0, Math.min(from, this.folded, n));
    let col = Number.NaN;
    let lo = 0;
    let hi = 0;
    let prevY = Number.NaN;
    let prevT = Number.NaN;
    if (start > 0) {
      col = this.col[start]!;
      lo = this.lo[start]!;
      hi = this.hi[start]!;
      prevY = this.prevY[start]!;
      prevT = this.prevT[start]!;
      out.truncate(this.drawn[start]!);
    } else out.clear();
    const sx = frame.width / (frame.to - frame.from);
    const sy = frame.height / frame.yMax;
    const { ts, vs } = points;
    for (let i = start; i <= n; i++) {
      this.col[i] = col;
      this.lo[i] = lo;
      this.hi[i] = hi;
      this.prevY[i] = prevY;
      this.prevT[i] = prevT;
      this.drawn[i] = out.length;
      if (i === n) break;
      const t = ts[i]!;
      if (t - prevT > maxGapMs) {
        // A gap: close the run; the next point neither joins nor interpolates to it.
        if (!Number.isNaN(col)) pushColumn(out, col, lo, hi, width);
        col = Number.NaN;
        prevY = Number.NaN;
      }
      prevT = t;
      const c = Math.floor((t - frame.from) * sx);
      const py = frame.height - Math.min(frame.yMax, Math.max(0, vs[i]!)) * sy;
      if (c !== col) {
        if (!Number.isNaN(col)) pushColumn(out, col, lo, hi, width);
        if (!Number.isNaN(prevY) && c - col > 1) {
          for (let k = col + 1; k < c; k++) out.push(k, Math.floor(prevY + ((py - prevY) * (k - col)) / (c - col)), width, width);
        }
        col = c;
        lo = py;
        hi = py;
        if (!Number.isNaN(prevY)) {
          lo = Math.min(lo, prevY);
          hi = Math.max(hi, prevY);
        }
      } else {
        lo = Math.min(lo, py);
        hi = Math.max(hi, py);
      }
      prevY = py;
    }
    // The last column is still open after the last point: close it (the state kept for point n is before this).
    if (!Number.isNaN(col)) pushColumn(out, col, lo, hi, width);
    this.folded = n;
  }

  private reserve(n: number): void {
    if (this.col.length >= n) return;
    const size = Math.max(n, this.col.length * 2, 1024);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.col = grow(this.col);
    this.lo = grow(this.lo);
    this.hi = grow(this.hi);
    this.prevY = grow(this.prevY);
    this.prevT = grow(this.prevT);
    const drawn = new Int32Array(size);
    drawn.set(this.drawn);
    this.drawn = drawn;
  }
}

/** The columns of `points` in one pass (see ColumnBuilder). */
export function columnRects(points: PointList, frame: TrendFrame, width: number, maxGapMs: number): RectList {
  const b = new ColumnBuilder();
  b.build(points, frame, width, maxGapMs, 0);
  return b.rects;
}

function pushColumn(out: RectList, col: number, lo: number, hi: number, width: number): void {
  out.push(col, Math.floor(lo), width, Math.max(width, Math.ceil(hi) - Math.floor(lo)));
}
