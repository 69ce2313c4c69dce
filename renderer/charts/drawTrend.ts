import type { TrendPoint } from './downsample.ts';

export interface TrendSeriesStyle {
  readonly stroke: string;
  readonly width: number;
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
  /** Drawn dashed over the live series (LiveColumnsPainter), so it stays visible where the line runs at target; 0 for none. */
  readonly target: number;
}

/**
 * Clears the canvas (already sized to the plot area times `dpr`) and draws the layers as polylines (the
 * per-minute steps). The live 1 s series and the target are drawn by LiveColumnsPainter.
 */
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
    for (const run of runs) addPolyline(ctx, run, x, y);
    ctx.lineJoin = 'round';
    ctx.strokeStyle = style.stroke;
    ctx.lineWidth = style.width;
    ctx.stroke();
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
