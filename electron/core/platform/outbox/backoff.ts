/**
 * Capped exponential backoff with "equal jitter": half the step is fixed, half random, so retries of many
 * consoles after an ERP outage spread out but never retry sooner than half the step.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

export function backoffDelay(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The wait before the next try: the server's Retry-After wins when it asks for more than our backoff. */
export function nextDelay(attempts: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: () => number): number {
  const ours = backoffDelay(attempts, policy, random);
  return retryAfterMs !== undefined && retryAfterMs > ours ? retryAfterMs : ours;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
