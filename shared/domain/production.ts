/**
 * Pure helpers for production rollups: cutting time spans and part counts into calendar minutes.
 * Minutes are epoch-aligned (every zone the plant could be in has whole-minute offsets).
 */

export const MINUTE_MS = 60_000;

export const floorToMinute = (t: number): number => Math.floor(t / MINUTE_MS) * MINUTE_MS;

/** [from, to) cut at minute boundaries: each piece with the minute it falls in and its length. */
export function splitByMinute(from: number, to: number): { minuteAt: number; ms: number }[] {
  const out: { minuteAt: number; ms: number }[] = [];
  let t = from;
  while (t < to) {
    const m = floorToMinute(t);
    const end = Math.min(to, m + MINUTE_MS);
    out.push({ minuteAt: m, ms: end - t });
    t = end;
  }
  return out;
}

/**
 * `parts` made somewhere in [from, to) (a connection gap): shared out over the minutes in proportion
 * to the time in each, as whole parts (largest remainder), so the minutes add up to exactly `parts`.
 * An empty span puts everything in the minute of `from`.
 */
export function spreadOverMinutes(parts: number, from: number, to: number): { minuteAt: number; n: number }[] {
  if (!Number.isInteger(parts) || parts < 0) throw new RangeError(`parts must be a non-negative integer, got ${parts}`);
  if (parts === 0) return [];
  if (to <= from) return [{ minuteAt: floorToMinute(from), n: parts }];
  const pieces = splitByMinute(from, to);
  const total = to - from;
  const shares = pieces.map((p) => {
    const exact = (parts * p.ms) / total;
    return { minuteAt: p.minuteAt, n: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = parts - shares.reduce((n, s) => n + s.n, 0);
  // Largest remainders first; ties go to the earlier minute so the result is deterministic.
  const order = shares.map((s, i) => i).sort((a, b) => shares[b]!.rest - shares[a]!.rest || a - b);
  for (const i of order) {
    if (left === 0) break;
    shares[i]!.n++;
    left--;
  }
  return shares.filter((s) => s.n > 0).map(({ minuteAt, n }) => ({ minuteAt, n }));
}

/** Parts per minute over a sliding window of recent deltas. */
export function ratePerMinute(deltas: readonly { at: number; parts: number }[], now: number, windowMs: number, trackedSince: number): number | null {
  const from = Math.max(now - windowMs, trackedSince);
  const span = now - from;
  if (span <= 0) return null;
  let n = 0;
  for (const d of deltas) if (d.at > from && d.at <= now) n += d.parts;
  return (n * MINUTE_MS) / span;
}
