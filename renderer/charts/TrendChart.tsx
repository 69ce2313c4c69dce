import { useMemo, useSyncExternalStore } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '../format/time.ts';
import { downsampleMinMax } from './downsample.ts';
import { subscribeTrends, trendBuffer, trendRevision } from './liveTrends.ts';

export interface TrendChartProps {
  readonly lineId: string;
  readonly from: number;
  readonly to: number;
  /** Per-minute history from the core (parts per minute), drawn under the live 1 s series. */
  readonly minutes: readonly { minuteAt: number; parts: number }[];
  readonly target: number;
  readonly timeZone?: string;
}

const BUCKETS = 360;

/** Throughput over the shift: redrawn on a throttled revision, downsampled, never animated. */
export function TrendChart({ lineId, from, to, minutes, target, timeZone }: TrendChartProps) {
  const rev = useSyncExternalStore(subscribeTrends, trendRevision);
  const data = useMemo(() => {
    const live = downsampleMinMax(trendBuffer(lineId), from, to, BUCKETS);
    const rows: { t: number; minute?: number; live?: number }[] = minutes.map((m) => ({ t: m.minuteAt + 30_000, minute: m.parts }));
    for (const p of live) rows.push({ t: p.t, live: Math.round(p.v) });
    return rows.sort((a, b) => a.t - b.t);
    // `rev` is the throttled redraw signal for the buffer, which is not React state.
  }, [lineId, from, to, minutes, rev]);
  return (
    <div className="trend" data-testid={`trend-${lineId}`} data-points={data.length}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#b8b8b5" strokeDasharray="2 4" />
          <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" tickFormatter={(t: number) => formatClock(t, timeZone).slice(0, 5)} stroke="#4d4d4b" fontSize={14} />
          <YAxis stroke="#4d4d4b" fontSize={14} width={56} />
          <Tooltip labelFormatter={(t) => formatClock(Number(t), timeZone)} isAnimationActive={false} />
          <ReferenceLine y={target} stroke="#1e1e1e" strokeDasharray="6 4" label={{ value: `target ${target}/min`, position: 'insideTopRight', fontSize: 14 }} />
          <Line dataKey="minute" name="Parts per minute" type="stepAfter" stroke="#4d4d4b" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="live" name="Live rate" type="linear" stroke="#1e1e1e" strokeWidth={1} dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
