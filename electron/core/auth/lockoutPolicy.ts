/** First lockout after K failures lasts this long; each further failure doubles it, up to the cap. */
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 15 * 60_000;

/**
 * What a failed PIN does to an account: `failedCount` failures in a row (this one included) with
 * threshold K. Below K nothing is locked; the K-th failure locks for 30 s, the next for 60 s, then
 * 2 min… up to 15 min. A success resets the count (the caller does that).
 */
export function afterFailure(failedCount: number, threshold: number, now: number): { failedCount: number; lockedUntil: number | null } {
  if (failedCount < threshold) return { failedCount, lockedUntil: null };
  const step = Math.min(failedCount - threshold, 10);
  return { failedCount, lockedUntil: now + Math.min(FIRST_LOCKOUT_MS * 2 ** step, MAX_LOCKOUT_MS) };
}
