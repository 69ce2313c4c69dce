import type { TrendPoint } from './downsample.ts';

export interface TrendSeriesStyle {
  readonly stroke: string;
  readonly width: number;
  /**
   * `line`: a polyline (the per-minute steps). `columns`: one filled column per pixel from the lowest to
   * the highest value in it, joined to the column before: how min/max-per-pixel data looks as a line, but
   * axis-aligned rectangles rasterise far faster than a self-crossing zig-zag path of the same points.
   */
  readonly mode: 'line' | 'columns';
}

export interface TrendLayer {
  readonly style: TrendSeriesStyle;
  readonly runs: readonly (readonly TrendPoint[])[];
}

export interface TrendFrame {
  /** Plot area in CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  /** Drawn dashed over the series, so it stays visible where the line runs at target; 0 for none. */
  readonly target: number;
}

/** Clears the canvas (already sized to the plot area times `dpr`) and draws the layers, then the target. */
export function drawTrend(ctx: CanvasRenderingContext2D, frame: TrendFrame, dpr: number, layers: readonly TrendLayer[]): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, frame.width, frame.height);
  if (frame.to <= frame.from || frame.yMax <= 0) return;
  const sx = frame.width / (frame.to - frame.from);
  const sy = frame.height / frame.yMax;
  const x = (t: number) => (t - frame.from) * sx;
  const y = (v: number) => frame.height - Math.min(frame.yMax, Math.max(0, v)) * sy;
  for (const { style, runs } of layers) {
    ctx.beginPath();
    for (const run of runs) {
      if (style.mode === 'columns') addColumns(ctx, run, x, y, style.width);
      else addPolyline(ctx, run, x, y);
    }
    if (style.mode === 'columns') {
      ctx.fillStyle = style.stroke;
      ctx.fill();
    } else {
      ctx.lineJoin = 'round';
      ctx.strokeStyle = style.stroke;
      ctx.lineWidth = style.width;
      ctx.stroke();
    }
  }
  if (frame.target > 0 && frame.target <= frame.yMax) {
    const ty = Math.round(y(frame.target)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(0, ty);
    ctx.lineTo(frame.width, ty);
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = '#1e1e1e';
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

function addPolyline(ctx: CanvasRenderingContext2D, run: readonly TrendPoint[], x: (t: number) => number, y: (v: number) => number): void {
  for (let i = 0; i < run.length; i++) {
    const p = run[i]!;
    if (i === 0) ctx.moveTo(x(p.t), y(p.v));
    else ctx.lineTo(x(p.t), y(p.v));
  }
  // A single sample still shows, as a short tick.
  if (run.length === 1) ctx.lineTo(x(run[0]!.t) + 2, y(run[0]!.v));
}

function addColumns(ctx: CanvasRenderingContext2D, run: readonly TrendPoint[], x: (t: number) => number, y: (v: number) => number, width: number): void {
  let col = Number.NaN;
  let lo = 0;
  let hi = 0;
  let prevY = Number.NaN;
  const flush = () => {
    if (!Number.isNaN(col)) ctx.rect(col, Math.floor(lo), width, Math.max(width, Math.ceil(hi) - Math.floor(lo)));
  };
  for (const p of run) {
    const c = Math.floor(x(p.t));
    const py = y(p.v);
    if (c !== col) {
      flush();
      // Columns skipped between two samples (sparse data early in a shift) get the values in between.
      if (!Number.isNaN(prevY) && c - col > 1) {
        for (let k = col + 1; k < c; k++) {
          const ky = prevY + ((py - prevY) * (k - col)) / (c - col);
          ctx.rect(k, Math.floor(ky), width, width);
        }
      }
      col = c;
      lo = py;
      hi = py;
      // Join to the previous column's last value, so a steep change reads as one line, not as dots.
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
  flush();
}
