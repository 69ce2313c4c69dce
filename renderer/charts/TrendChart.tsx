import { memo, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { CartesianGrid, LineChart, ResponsiveContainer, XAxis, YAxis, usePlotArea } from 'recharts';
import { useFormat, useLang, useT } from '../i18n/index.tsx';
import { MinMaxBuckets } from './downsample.ts';
import { type TrendLayer, type TrendSeriesStyle, drawTrend } from './drawTrend.ts';
import { type ColumnsStyle, LiveColumnsPainter } from './liveColumns.ts';
import { subscribeTrends, trendBuffer } from './liveTrends.ts';
import { trendSummary } from './trendSummary.ts';
import { minuteSteps, timeTicks, valueAxisMax, valueTicks } from './trendScale.ts';

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
const MINUTE_STYLE: TrendSeriesStyle = { stroke: '#4d4d4b', width: 2 };
/** The live series: one 1 px column per pixel of plot width. */
export const LIVE_STYLE: ColumnsStyle = { fill: '#1e1e1e', width: 1 };

/** Where the live series breaks into runs: never across less than three buckets, so a bucket boundary is no gap. */
export const liveGapMs = (from: number, to: number, buckets: number): number => Math.max(MIN_GAP_MS, (3 * (to - from)) / buckets);

interface PlotRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Everything a redraw of the live layer needs, as of the last commit. */
interface LiveView {
  readonly lineId: string;
  readonly acc: MinMaxBuckets;
  readonly painter: LiveColumnsPainter;
  readonly host: HTMLDivElement;
  readonly canvas: HTMLCanvasElement | null;
  readonly plot: PlotRect | null;
  readonly dpr: number;
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly target: number;
  readonly timeZone: string | undefined;
  readonly minuteRange: { min: number; max: number } | null;
  readonly minutePoints: number;
  readonly lang: string;
}

/**
 * Throughput over the shift. The frame (grid and axes) is recharts and renders only when the shift or the
 * value axis changes; the per-minute history is drawn on one canvas when it changes; the live series and
 * the dashed target line on another, over the plot area, min/max-downsampled to one bucket per pixel.
 *
 * The live layer is redrawn outside React, straight from the throttled trend notice: folding in the new
 * samples, repainting only the columns that changed, and updating the text alternative, all in the same
 * task. Only a change of the value axis goes through React (synchronously, so axes and data never disagree).
 */
export const TrendChart = memo(function TrendChart({ lineId, from, to, minutes, target, timeZone }: TrendChartProps) {
  const [plot, setPlot] = useState<PlotRect | null>(null);
  const t = useT('line');
  // The text alternative is in the language in force: a change of language redraws it.
  const lang = useLang();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const buckets = plot ? Math.max(1, Math.round(plot.width)) : FIRST_BUCKETS;
  // Read on each render; a change (the window moved to another screen) re-renders on the next notice.
  const dpr = pixelRatio();

  // Buckets kept between redraws: each redraw folds in only the samples that arrived since the last.
  const acc = useMemo(() => new MinMaxBuckets(from, to, buckets), [lineId, from, to, buckets]);
  // Folding in is idempotent (the buckets remember how far they got), so it is safe while rendering; the
  // value axis below needs the data's range as of now.
  acc.update(trendBuffer(lineId));
  const minuteRuns = useMemo(() => minuteSteps(minutes), [minutes]);
  const minuteRange = useMemo(() => partsRange(minutes), [minutes]);
  const minutePoints = useMemo(() => minuteRuns.reduce((n, r) => n + r.length, 0), [minuteRuns]);
  const yMax = axisMax(target, acc, minuteRange);
  const minuteLayers = useMemo(() => [{ style: MINUTE_STYLE, runs: minuteRuns }], [minuteRuns]);
  const painter = useMemo(() => new LiveColumnsPainter(LIVE_STYLE), []);
  const hostRef = useRef<HTMLDivElement>(null);
  const liveRef = useRef<HTMLCanvasElement>(null);
  const view = useRef<LiveView | null>(null);

  // After every commit: the live layer (all of it when the frame changed) and the text alternative, before the browser paints.
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    view.current = { lineId, acc, painter, host, canvas: liveRef.current, plot, dpr, from, to, yMax, target, timeZone, minuteRange, minutePoints, lang };
    redrawLive(view.current);
  });

  // The throttled notice: new samples. Drawn here, in the notice's own task, not on a later React render.
  useLayoutEffect(
    () =>
      subscribeTrends(() => {
        const v = view.current;
        if (!v) return;
        v.acc.update(trendBuffer(v.lineId));
        if (axisMax(v.target, v.acc, v.minuteRange) !== v.yMax || pixelRatio() !== v.dpr) flushSync(rerender);
        else redrawLive(v);
      }),
    [],
  );

  return (
    // One image with a text alternative for assistive technology (set by redrawLive): the latest value, the target, the range.
    <div ref={hostRef} className="trend" role="img" style={{ position: 'relative' }} data-testid={`trend-${lineId}`} data-buckets={buckets}>
      <TrendFrameChart from={from} to={to} yMax={yMax} timeZone={timeZone} onPlotArea={setPlot} />
      {plot ? <TrendCanvas plot={plot} from={from} to={to} yMax={yMax} target={0} layers={minuteLayers} /> : null}
      {plot ? (
        <canvas
          ref={liveRef}
          aria-hidden="true"
          className="trend__plot trend__live"
          style={{ position: 'absolute', left: plot.x, top: plot.y, width: plot.width, height: plot.height, pointerEvents: 'none', willChange: 'transform' }}
        />
      ) : null}
      {plot && target > 0 ? (
        <span className="trend__target" style={{ position: 'absolute', right: `calc(100% - ${plot.x + plot.width}px)`, top: plot.y + plot.height * (1 - target / yMax) - 22, fontSize: 14, padding: '0 4px', background: 'var(--panel)', color: '#1e1e1e' }}>
          {t('trend.target', { n: target })}
        </span>
      ) : null}
    </div>
  );
});

/** Repaints what changed of the live layer and brings the text alternative and the point count up to date. */
function redrawLive(v: LiveView): void {
  let points = 0;
  const ctx = v.canvas?.getContext('2d');
  if (v.canvas && ctx && v.plot) {
    const frame = { width: v.plot.width, height: v.plot.height, from: v.from, to: v.to, yMax: v.yMax, target: v.target };
    const list = v.acc.pointList();
    v.painter.paint(v.canvas, ctx, frame, v.dpr, list, liveGapMs(v.from, v.to, v.acc.buckets));
    points = list.length;
  }
  const newest = trendBuffer(v.lineId).last();
  const latest = newest && newest.t >= v.from && newest.t <= v.to ? newest : null;
  setAttr(v.host, 'aria-label', trendSummary(latest, v.target, mergeRanges(v.acc.range(), v.minuteRange), v.timeZone));
  setAttr(v.host, 'data-points', String(points + v.minutePoints));
}

/** Only real changes: each one is a DOM mutation (and a MutationObserver record). */
function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

const pixelRatio = (): number => window.devicePixelRatio || 1;

const axisMax = (target: number, acc: MinMaxBuckets, minuteRange: { max: number } | null): number =>
  valueAxisMax(target, Math.max(acc.range()?.max ?? 0, minuteRange?.max ?? 0));

function partsRange(minutes: readonly { parts: number }[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const m of minutes) {
    if (m.parts < min) min = m.parts;
    if (m.parts > max) max = m.parts;
  }
  return max === -Infinity ? null : { min, max };
}

function mergeRanges(a: { min: number; max: number } | null, b: { min: number; max: number } | null): { min: number; max: number } | null {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

interface FrameProps {
  readonly from: number;
  readonly to: number;
  readonly yMax: number;
  readonly timeZone: string | undefined;
  readonly onPlotArea: (area: PlotRect) => void;
}

/** The still part of the chart: no series, no tooltip, no animation; re-renders only when its props change. */
const TrendFrameChart = memo(function TrendFrameChart({ from, to, yMax, onPlotArea }: FrameProps) {
  const f = useFormat();
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
          tickFormatter={(t: number) => f.time(t)}
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
