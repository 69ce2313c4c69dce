import { formatClock } from '../format/time.ts';
import { i18n } from '../i18n/instance.ts';

const tr = (key: string, params: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'line', ...params });
import type { TrendPoint } from './downsample.ts';

/**
 * What the chart shows, in words, for screen readers and for anyone who cannot see the plot: the latest
 * live rate and when it was taken, the target, and the range over the shift so far.
 */
export function trendSummary(latest: TrendPoint | null, target: number, range: { min: number; max: number } | null, timeZone?: string): string {
  const parts: string[] = [];
  parts.push(latest ? tr('trend.live', { n: Math.round(latest.v), time: formatClock(latest.t, timeZone) }) : tr('trend.noLive'));
  parts.push(tr('trend.targetWords', { n: target }));
  if (range) parts.push(tr('trend.range', { min: Math.round(range.min), max: Math.round(range.max) }));
  return `${parts.join(', ')}.`;
}
