import { z } from 'zod';
import { LinkState, Quality } from './line.ts';

/**
 * A line's process signals as the screens see them: what each one is (from the plant configuration)
 * and, once per tick, its value and how far it can be trusted. The definitions travel once
 * (`signals.list`); the values every tick (`live.signals`), so a message carries numbers, not labels.
 */

export const SignalDefinition = z.object({
  id: z.string(),
  label: z.string(),
  /** The configured node (`nsu=…;s=…`): shown beside a Bad value so an administrator can find it. */
  nodeId: z.string(),
  unit: z.string().nullable(),
  decimals: z.number().int().min(0).max(6),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type SignalDefinition = z.infer<typeof SignalDefinition>;

export const LineSignalDefinitions = z.object({
  lineId: z.string(),
  signals: z.array(SignalDefinition),
});
export type LineSignalDefinitions = z.infer<typeof LineSignalDefinitions>;

/** Where a value lies against its configured band; null without a band or without a usable value. */
export const SignalBand = z.enum(['low', 'normal', 'high']);
export type SignalBand = z.infer<typeof SignalBand>;

export const SignalReading = z.object({
  id: z.string(),
  /**
   * Good or Uncertain: the current value. Bad: the last Good value (shown greyed with its time), or
   * null when there never was one. Never NaN: a non-finite value from the controller is Bad.
   */
  value: z.number().nullable(),
  quality: Quality,
  /** Controller's source timestamp (ms) of `value`, falling back to the server timestamp. */
  at: z.number().nullable(),
  band: SignalBand.nullable(),
  /** Why the value is not Good, in plain words. Absent when it is Good. */
  reason: z.string().optional(),
});
export type SignalReading = z.infer<typeof SignalReading>;

export const LineSignalReadings = z.object({
  lineId: z.string(),
  link: LinkState,
  /** No notification or keep-alive within the freshness window: every value of the line is not live (and Bad). */
  stale: z.boolean(),
  /** In the order of the definitions. */
  signals: z.array(SignalReading),
});
export type LineSignalReadings = z.infer<typeof LineSignalReadings>;

export const LiveSignals = z.object({
  at: z.number(),
  /**
   * Lines with at least one signal configured; in a live.signals message only those some screen shows
   * (signals.watch), in the core's order.
   */
  lines: z.array(LineSignalReadings),
});
export type LiveSignals = z.infer<typeof LiveSignals>;

/** The band a value falls in; null without a configured band. Ends of the band are normal. */
export function bandOf(value: number, low: number | null | undefined, high: number | null | undefined): SignalBand | null {
  const hasLow = low !== null && low !== undefined;
  const hasHigh = high !== null && high !== undefined;
  if (!hasLow && !hasHigh) return null;
  if (hasLow && value < low) return 'low';
  if (hasHigh && value > high) return 'high';
  return 'normal';
}
