/**
 * OEE = Availability × Performance × Quality, the usual definitions (shown to people on hover, from
 * OEE_DEFINITIONS, so screen and math cannot drift apart).
 */

export interface OeeInput {
  /** Planned production time: the shift window so far, minus breaks, minus planned stops (ms). */
  readonly plannedMs: number;
  /** Time the line was running inside the planned time (ms). */
  readonly runMs: number;
  /** Σ ideal cycle time × parts made (good + reject), per product (ms). */
  readonly idealMs: number;
  readonly good: number;
  readonly reject: number;
}

export interface Oee {
  /** Each a ratio 0…1 (performance may exceed 1 when the ideal cycle time is set too slow); null when undefined (nothing planned, nothing made). */
  readonly availability: number | null;
  readonly performance: number | null;
  readonly quality: number | null;
  readonly oee: number | null;
}

export function computeOee(i: OeeInput): Oee {
  const availability = i.plannedMs > 0 ? clamp01(i.runMs / i.plannedMs) : null;
  const total = i.good + i.reject;
  const performance = i.runMs > 0 ? i.idealMs / i.runMs : null;
  const quality = total > 0 ? i.good / total : null;
  const oee = availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  return { availability, performance, quality, oee };
}

/**
 * A figure that cannot be right, in words a supervisor can act on; null when the figures are plausible.
 * Performance over 100 % means the line made parts faster than its ideal cycle time allows: the ideal
 * cycle time in the configuration is too slow (or a counter counted parts twice), so OEE is not valid.
 */
export function oeeWarning(o: Pick<Oee, 'performance' | 'oee'>, lineName: string): string | null {
  if (o.performance !== null && o.performance > 1.005) {
    return `performance ${Math.round(o.performance * 100)} % — check the ideal cycle time of ${lineName}`;
  }
  if (o.oee !== null && o.oee > 1.005) return `OEE ${Math.round(o.oee * 100)} % is not possible — check the ideal cycle time of ${lineName}`;
  return null;
}

/** Ideal time for `parts` at a cycle time in seconds. */
export const idealMsFor = (parts: number, idealCycleTimeSec: number): number => parts * idealCycleTimeSec * 1000;

export const OEE_DEFINITIONS = {
  availability: 'Availability = run time ÷ planned production time. Planned production time is the shift so far minus planned breaks and planned stops.',
  performance: 'Performance = (ideal cycle time × parts made) ÷ run time, with the ideal cycle time of the product being made.',
  quality: 'Quality = good parts ÷ parts made (good + reject).',
  oee: 'OEE = Availability × Performance × Quality.',
} as const;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
