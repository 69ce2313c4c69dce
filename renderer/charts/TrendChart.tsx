import { memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, XAxis, YAxis, usePlotArea } from 'recharts';
import { formatClock } from '../format/time.ts';
import { MinMaxBuckets, type TrendPoint } from './downsample.ts';
import { type TrendLayer, type TrendSeriesStyle, drawTrend } from './drawTrend.ts';
import { subscribeTrends, trendBuffer, trendRevision } from './liveTrends.ts';
import { trendSummary } from './trendSummary.ts';
import { minuteSteps, splitAtGaps, timeTicks, valueAxisMax, valueTicks } from './trendScale.ts';

export interface TrendChartProps {
  readonly lineId: string;
  readonly from: number;
  readonly to: number;
  /** Per-minute history from the core (parts per minute), drawn under the live 1 s series. Pass a stable array. */
  readonly minutes: readonly { minuteAt: number; parts: number }[];
  readonly target: number;
  readonly timeZone?: string;
}

const HEIGHT = 260;
const MARGIN = { top: 8, right: 24, bottom: 8, left: 8 };
/** Buckets before the plot area is known (first render); then one bucket per CSS pixel of plot width. */
const FIRST_BUCKETS = 360;
/** Live samples further apart than this are a gap (disconnected, stale), drawn as one. */
const MIN_GAP_MS = 10_000;
const MINUTE_STYLE: TrendSeriesStyle = { stroke: '#4d4d4b', width: 2, mode: 'line' };
const LIVE_STYLE: TrendSeriesStyle = { stroke: '#1e1e1e', width: 1, mode: 'columns' };

interface PlotRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Throughput over the shift. The frame (grid and axes) is recharts and renders only when the shift or the
 * value axis changes; the series and the dashed target line are drawn on canvases over the plot area,
 * min/max-downsampled to one bucket per pixel, on each throttled revision of the ring buffers.
 */
export const TrendChart = memo(function TrendChart({ lineId, from, to, minutes, target, timeZone }: TrendChartProps) {
  const rev = useSyncExternalStore(subscribeTrends, trendRevision);
  const [plot, setPlot] = useState<PlotRect | null>(null);
  const buckets = plot ? Math.max(1, Math.round(plot.width)) : FIRST_BUCKETS;

  // Buckets kept between redraws: each redraw folds in only the samples that arrived since the last.
  const acc = useMemo(() => new MinMaxBuckets(from, to, buckets), [lineId, from, to, buckets]);
  // `rev` is the throttled redraw signal for the buffer, which is not React state.
  const live = useMemo(() => {
    acc.update(trendBuffer(lineId));
    return acc.points();
  }, [acc, lineId, rev]);
  const liveRuns = useMemo(() => splitAtGaps(live, Math.max(MIN_GAP_MS, (3 * (to - from)) / buckets)), [live, from, to, buckets]);
  const minuteRuns = useMemo(() => minuteSteps(minutes), [minutes]);
  const range = useMemo(() => valueRange(live, minutes), [live, minutes]);
  const yMax = valueAxisMax(target, range?.max ?? 0);
  // Two canvases: the per-minute history changes every few seconds at most, the live series every redraw.
  const minuteLayers = useMemo(() => [{ style: MINUTE_STYLE, runs: minuteRuns }], [minuteRuns]);
  const liveLayers = useMemo(() => [{ style: LIVE_STYLE, runs: liveRuns }], [liveRuns]);
  // The newest sample itself (the downsampled series ends on a bucket's min or max, not necessarily on it).
  const newest = useMemo(() => trendBuffer(lineId).last(), [lineId, rev]);
  const latest = newest && newest.t >= from && newest.t <= to ? newest : null;
  const summary = trendSummary(latest, target, range, timeZone);
  return (
    // One image with a text alternative for assistive technology: the latest value, the target, the range.
    <div className="trend" role="img" aria-label={summary} style={{ position: 'relative' }} data-testid={`trend-${lineId}`} data-points={live.length + minuteRuns.reduce((n, r) => n + r.length, 0)} data-buckets={buckets}>
      <TrendFrameChart from={from} to={to} yMax={yMax} timeZone={timeZone} onPlotArea={setPlot} />
      {plot ? <TrendCanvas plot={plot} from={from} to={to} yMax={yMax} target={0} layers={minuteLayers} /> : null}
      {plot ? <TrendCanvas plot={plot} from={from} to={to} yMax={yMax} target={target} layers={liveLayers} /> : null}
      {plot && target > 0 ? (
        <span className="trend__target" style={{ position: 'absolute', right: `calc(100% - ${plot.x + plot.width}px)`, top: plot.y + plot.height * (1 - target / yMax) - 22, fontSize: 14, padding: '0 4px', background: 'var(--panel)', color: '#1e1e1e' }}>
          target {target}/min
        </span>
      ) : null}
    </div>
  );
});

function valueRange(live: readonly TrendPoint[], minutes: readonly { parts: number }[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const p of live) {
    if (p.v < min) min = p.v;
    if (p.v > max) max = p.v;
  }
  for (const m of minutes) {
    if (m.parts < min) min = m.parts;
    if (m.parts > max) max = m.parts;
  }
  return max === -Infinity ? null : { min, max };
}

interface FrameProps {
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly timeZone: string | undefined;
  readonly onPlotArea: (area: PlotRect) => void;
}

/** The still part of the chart: no series, no tooltip, no animation; re-renders only when its props change. */
const TrendFrameChart = memo(function TrendFrameChart({ from, to, yMax, timeZone, onPlotArea }: FrameProps) {
  const data = useMemo(() => [{ t: from }, { t: to }], [from, to]);
  const xTicks = useMemo(() => timeTicks(from, to, 9), [from, to]);
  const yTicks = useMemo(() => valueTicks(yMax), [yMax]);
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={data} margin={MARGIN}>
        <CartesianGrid stroke="#b8b8b5" strokeDasharray="2 4" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[from, to]}
          ticks={xTicks}
          allowDataOverflow
          height={30}
          tickFormatter={(t: number) => formatClock(t, timeZone).slice(0, 5)}
          stroke="#4d4d4b"
          fontSize={14}
        />
        <YAxis type="number" domain={[0, yMax]} ticks={yTicks} allowDataOverflow stroke="#4d4d4b" fontSize={14} width={56} />
        <PlotAreaProbe onPlotArea={onPlotArea} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** Reports recharts' plot area (inside margins and axes) so the canvas lies exactly over it. */
function PlotAreaProbe({ onPlotArea }: { readonly onPlotArea: (area: PlotRect) => void }) {
  const area = usePlotArea();
  const x = area?.x ?? 0;
  const y = area?.y ?? 0;
  const width = area?.width ?? 0;
  const height = area?.height ?? 0;
  useLayoutEffect(() => {
    if (width > 0 && height > 0) onPlotArea({ x, y, width, height });
  }, [x, y, width, height, onPlotArea]);
  return null;
}

interface CanvasProps {
  readonly plot: PlotRect;
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly target: number;
  readonly layers: readonly TrendLayer[];
}

function TrendCanvas({ plot, from, to, yMax, target, layers }: CanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { width, height } = plot;
  // Drawn in the commit, before the browser paints, so a frame never shows axes and data that disagree.
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    drawTrend(ctx, { width, height, from, to, yMax, target }, dpr, layers);
  }, [width, height, from, to, yMax, target, layers]);
  return (
    <canvas
      ref={ref}
      aria-hidden="true"
      className="trend__plot"
      style={{ position: 'absolute', left: plot.x, top: plot.y, width: plot.width, height: plot.height, pointerEvents: 'none', willChange: 'transform' }}
    />
  );
}
