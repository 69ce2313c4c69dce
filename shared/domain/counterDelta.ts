/**
 * Controller counters are unsigned integers that wrap, restart from zero when a controller is reset,
 * and stay silent while the link is down. This turns two readings of one counter into production,
 * never into negative or invented parts. Cases: see opcua-notes.md §5.
 */

export const UINT32_MOD = 2 ** 32;
export const UINT16_MOD = 2 ** 16;

/**
 * - normal: the counter went up (or stayed)
 * - wrap: it passed its maximum and started again at 0
 * - reset: it went back for any other reason (controller restart, counter cleared): what it shows now
 *   was made since the reset
 * - suspect: the increase is more than the line can make in the time between the readings; held for
 *   a supervisor, not counted
 */
export type CounterDeltaKind = 'normal' | 'wrap' | 'reset' | 'suspect';

export interface CounterDelta {
  readonly kind: CounterDeltaKind;
  /** Parts to count; 0 for `suspect` (see `held`). */
  readonly delta: number;
  /** The increase that was not counted because it was implausible. */
  readonly held: number;
}

export interface CounterDeltaOptions {
  /** Largest increase the line can plausibly make between the two readings (≥ 0). */
  readonly maxIncrease: number;
  /** 2^32 (UInt32, default) or 2^16 (UInt16). */
  readonly modulus?: number;
}

/** `prev` and `cur` must be readings of the same counter: integers in [0, modulus). */
export function counterDelta(prev: number, cur: number, options: CounterDeltaOptions): CounterDelta {
  const mod = options.modulus ?? UINT32_MOD;
  if (!isReading(prev, mod) || !isReading(cur, mod)) throw new RangeError(`counter readings must be integers in [0, ${mod}), got ${prev} → ${cur}`);
  const w = Math.max(0, Math.floor(options.maxIncrease));
  if (cur >= prev) {
    const d = cur - prev;
    return d <= w ? { kind: 'normal', delta: d, held: 0 } : { kind: 'suspect', delta: 0, held: d };
  }
  // Backwards: a wrap only when the counter was near its top and the way round is plausible.
  const round = cur + mod - prev;
  if (round <= w) return { kind: 'wrap', delta: round, held: 0 };
  // Otherwise a reset: what the counter shows now was made since the reset.
  return cur <= w ? { kind: 'reset', delta: cur, held: 0 } : { kind: 'suspect', delta: 0, held: cur };
}

/** Plausible maximum increase: the line's top rate (parts/min) over the elapsed time, with a floor for jitter. */
export function plausibleIncrease(maxRatePerMin: number, elapsedMs: number, floor = 5): number {
  const parts = (Math.max(0, maxRatePerMin) * Math.max(0, elapsedMs)) / 60_000;
  return Math.max(floor, Math.ceil(parts));
}

const isReading = (v: number, mod: number): boolean => Number.isInteger(v) && v >= 0 && v < mod;
