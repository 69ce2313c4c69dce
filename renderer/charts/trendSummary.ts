import { formatClock } from '../format/time.ts';
import type { TrendPoint } from './downsample.ts';

/**
 * What the chart shows, in words, for screen readers and for anyone who cannot see the plot: the latest
 * live rate and when it was taken, the target, and the range over the shift so far.
 */
export function trendSummary(latest: TrendPoint | null, target: number, range: { min: number; max: number } | null, timeZone?: string): string {
  const parts: string[] = [];
  parts.push(latest ? `Live rate ${Math.round(latest.v)} parts per minute at ${formatClock(latest.t, timeZone)}` : 'No live rate yet this shift');
  parts.push(`target ${target} parts per minute`);
  if (range) parts.push(`this shift between ${Math.round(range.min)} and ${Math.round(range.max)}`);
  return `${parts.join(', ')}.`;
}
