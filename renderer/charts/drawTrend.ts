import type { TrendPoint } from './downsample.ts';

export interface TrendSeriesStyle {
  readonly stroke: string;
  readonly width: number;
}

export interface TrendFrame {
  /** Plot area in CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
}

/**
 * Draws polylines into a canvas already sized to the plot area (times the device pixel ratio). One path
 * per series style: a canvas stroke of a thousand points costs well under a millisecond, where the same
 * points as SVG elements through React cost a hundred times more on every redraw.
 */
export function drawTrend(ctx: CanvasRenderingContext2D, frame: TrendFrame, dpr: number, layers: readonly { style: TrendSeriesStyle; runs: readonly (readonly TrendPoint[])[] }[]): number {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, frame.width, frame.height);
  const span = frame.to - frame.from;
  if (span <= 0 || frame.yMax <= 0) return 0;
  const sx = frame.width / span;
  const sy = frame.height / frame.yMax;
  let drawn = 0;
  ctx.lineJoin = 'round';
  for (const { style, runs } of layers) {
    ctx.beginPath();
    for (const run of runs) {
      for (let i = 0; i < run.length; i++) {
        const p = run[i]!;
        const x = (p.t - frame.from) * sx;
        const y = frame.height - Math.min(frame.yMax, Math.max(0, p.v)) * sy;
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      // A single sample (a run of one) still shows, as a short tick.
      if (run.length === 1) ctx.lineTo((run[0]!.t - frame.from) * sx + 1, frame.height - run[0]!.v * sy);
      drawn += run.length;
    }
    ctx.strokeStyle = style.stroke;
    ctx.lineWidth = style.width;
    ctx.stroke();
  }
  return drawn;
}
