import { ColumnBuilder, RectList } from './columnRects.ts';
import type { TrendFrame } from './drawTrend.ts';
import { PointList } from './pointList.ts';

/** The part of a 2D canvas context the painter uses: a real one in the app, a software stand-in in unit tests. */
export type ColumnsDrawing = Pick<CanvasRenderingContext2D, 'save' | 'restore' | 'setTransform' | 'beginPath' | 'rect' | 'clip' | 'clearRect' | 'fill' | 'fillStyle'>;

/** The dashed target line: 6 px dashes, 4 px apart, from the left edge; one CSS pixel high. */
const TARGET_DASH = 6;
const TARGET_PERIOD = 10;
const TARGET_FILL = '#1e1e1e';

export interface ColumnsStyle {
  readonly fill: string;
  /** Column width (and the height of an interpolated step) in CSS pixels. */
  readonly width: number;
}

/** The canvas element's size in device pixels (an HTMLCanvasElement, or a stand-in in tests). */
export interface CanvasSize {
  width: number;
  height: number;
}

export interface LivePaint {
  /** True when the whole canvas was cleared and drawn. */
  readonly full: boolean;
  /** The device-pixel columns repainted, [fromX, toX); empty when nothing changed. */
  readonly fromX: number;
  readonly toX: number;
}

/**
 * Paints the live series as columns (see ColumnBuilder) plus the dashed target, repainting only what
 * changed. A new 1 s sample changes the last bucket's points and so the last column or two; clearing and
 * re-rasterising the whole plot for it, ten charts a second, was most of a redraw's cost. So each paint
 * finds the first point that differs from those it drew, rebuilds the columns from there on (the ones
 * before are kept), and repaints only the span covered by the columns it replaced and the ones it built,
 * clipped to it. Inside the clip every column and dash reaching into it is drawn again, in the order of a
 * full paint, so its pixels are those a full paint gives; outside it no column that was drawn has
 * changed. Any change of frame (size, window, value axis, target, pixel ratio), of gap or of canvas
 * repaints everything.
 *
 * Everything is drawn as rectangles on whole device pixels (the target's dashes too, rather than a dashed
 * stroke): no pixel is then partly covered, at any pixel ratio, and a pixel's colour does not depend on
 * how much of the plot was drawn with it. (Chromium's dashed strokes, and antialiased edges at a fractional
 * ratio, vary by a step or two of alpha with the clip, which the bench's pixel comparison catches.)
 */
export class LiveColumnsPainter {
  private readonly style: ColumnsStyle;
  private readonly columns = new ColumnBuilder();
  /** The columns drawn, snapped to device pixels (one for one with `columns.rects`), and the target's dashes. */
  private readonly device = new RectList();
  private readonly dashes = new RectList();
  /** The points drawn, to find the first one that changed. */
  private seen = new PointList();
  private frame: TrendFrame | null = null;
  private dpr = 0;
  private gapMs = 0;
  private canvas: CanvasSize | null = null;

  constructor(style: ColumnsStyle) {
    this.style = style;
  }

  paint(canvas: CanvasSize, ctx: ColumnsDrawing, frame: TrendFrame, dpr: number, points: PointList, maxGapMs: number): LivePaint {
    const w = Math.max(0, Math.round(frame.width * dpr));
    const h = Math.max(0, Math.round(frame.height * dpr));
    let full = this.frame === null || canvas !== this.canvas || dpr !== this.dpr || maxGapMs !== this.gapMs || !sameFrame(frame, this.frame);
    // Setting a canvas dimension clears it, even to the same value: only when it differs.
    if (canvas.width !== w) {
      canvas.width = w;
      full = true;
    }
    if (canvas.height !== h) {
      canvas.height = h;
      full = true;
    }
    const first = full ? 0 : firstDifference(points, this.seen);
    if (!full && first === points.length && first === this.seen.length) return { full: false, fromX: 0, toX: 0 };
    copyFrom(points, first, this.seen);
    // The columns from here on are rebuilt; the span they covered is repainted, as is the span of the new ones.
    const kept = full ? 0 : this.columns.rectsBefore(first);
    const oldFrom = this.device.minXFrom(kept);
    const oldTo = this.device.maxRightFrom(kept);
    this.columns.build(points, frame, this.style.width, maxGapMs, first);
    snapFrom(this.columns.rects, kept, dpr, this.device);
    let fromX = 0;
    let toX = w;
    if (full) {
      this.dashes.clear();
      targetDashes(frame, dpr, this.dashes);
    } else {
      fromX = Math.max(0, Math.min(oldFrom, this.device.minXFrom(kept)));
      toX = Math.min(w, Math.max(oldTo, this.device.maxRightFrom(kept)));
    }
    if (fromX < toX) paintSpan(ctx, fromX, toX, h, full, this.device, this.style.fill, this.dashes);
    else {
      fromX = 0;
      toX = 0;
    }
    this.frame = frame;
    this.dpr = dpr;
    this.gapMs = maxGapMs;
    this.canvas = canvas;
    return { full, fromX, toX };
  }
}

/** Index of the first point of `a` that differs from `b` (the shorter length when one is a prefix of the other). */
function firstDifference(a: PointList, b: PointList): number {
  const n = Math.min(a.length, b.length);
  const { ts, vs } = a;
  for (let i = 0; i < n; i++) if (ts[i] !== b.ts[i] || vs[i] !== b.vs[i]) return i;
  return n;
}

/** Makes `out` equal to `points`, rewriting it from index `from` on. */
function copyFrom(points: PointList, from: number, out: PointList): void {
  out.truncate(from);
  for (let i = from; i < points.length; i++) out.push(points.ts[i]!, points.vs[i]!);
}

/** Clears device columns [a, b) and draws into them everything that reaches them. */
function paintSpan(ctx: ColumnsDrawing, a: number, b: number, h: number, whole: boolean, rects: RectList, fill: string, dashes: RectList): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (!whole) {
    // Whole device pixels: the clip's edges are exact, with no antialiasing of their own.
    ctx.beginPath();
    ctx.rect(a, 0, b - a, h);
    ctx.clip();
  }
  ctx.clearRect(a, 0, b - a, h);
  addRects(ctx, rects, a, b);
  ctx.fillStyle = fill;
  ctx.fill();
  addRects(ctx, dashes, a, b);
  ctx.fillStyle = TARGET_FILL;
  ctx.fill();
  ctx.restore();
}

/** Starts a path of the rectangles that reach into device columns [a, b). */
function addRects(ctx: ColumnsDrawing, rects: RectList, a: number, b: number): void {
  ctx.beginPath();
  for (let i = 0; i < rects.length; i++) {
    const x = rects.x(i);
    const w = rects.w(i);
    if (x < b && x + w > a) ctx.rect(x, rects.y(i), w, rects.h(i));
  }
}

/** CSS-pixel rectangles from index `from` on, snapped to whole device pixels (at least one each way), replacing those of `out`. */
function snapFrom(css: RectList, from: number, dpr: number, out: RectList): void {
  out.truncate(from);
  for (let i = from; i < css.length; i++) addSnapped(out, css.x(i), css.y(i), css.w(i), css.h(i), dpr);
}

function addSnapped(out: RectList, x: number, y: number, w: number, h: number, dpr: number): void {
  const x0 = Math.round(x * dpr);
  const y0 = Math.round(y * dpr);
  out.push(x0, y0, Math.max(1, Math.round((x + w) * dpr) - x0), Math.max(1, Math.round((y + h) * dpr) - y0));
}

/** The target across the plot, where the value axis reaches it, as dashes in device pixels. */
function targetDashes(frame: TrendFrame, dpr: number, out: RectList): void {
  if (!(frame.target > 0 && frame.target <= frame.yMax && frame.to > frame.from)) return;
  const row = Math.round(frame.height - frame.target * (frame.height / frame.yMax));
  for (let x = 0; x < frame.width; x += TARGET_PERIOD) addSnapped(out, x, row, Math.min(TARGET_DASH, frame.width - x), 1, dpr);
}

const sameFrame = (a: TrendFrame, b: TrendFrame): boolean =>
  a.width === b.width && a.height === b.height && a.from === b.from && a.to === b.to && a.yMax === b.yMax && a.target === b.target;
