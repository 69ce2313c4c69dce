import { type Message, msg } from '../../../../shared/i18n/index.ts';

/** First lockout after K failures lasts this long; each further failure doubles it, up to the cap. */
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 15 * 60_000;

/**
 * The one back-off rule for every sign-in lock (an account after wrong PINs, an unknown badge, a
 * workstation offering too many unknown badges): below `threshold` failures nothing is locked; the
 * threshold-th failure locks for 30 s, the next for 60 s, then 2 min… up to 15 min. Null: not locked.
 */
export function lockoutMs(failures: number, threshold: number): number | null {
  if (failures < threshold) return null;
  const step = Math.min(failures - threshold, 10);
  return Math.min(FIRST_LOCKOUT_MS * 2 ** step, MAX_LOCKOUT_MS);
}

/**
 * What a failed PIN does to an account: `failedCount` failures in a row (this one included) with
 * threshold K. A success resets the count (the caller does that).
 */
export function afterFailure(failedCount: number, threshold: number, now: number): { failedCount: number; lockedUntil: number | null } {
  const ms = lockoutMs(failedCount, threshold);
  // Whole milliseconds: a clock may give fractions, the lock is stored in an INTEGER column.
  return { failedCount, lockedUntil: ms === null ? null : Math.ceil(now + ms) };
}

/**
 * What a person at the screen is told about a lock. It names the badge or user name they typed, never
 * the person it belongs to (anyone at a screen could otherwise learn whose badge it is), and reads the
 * same for a known and an unknown badge (so it does not tell which badges exist).
 */
export function lockedMsg(method: 'badge' | 'name', remainingMs: number): Message {
  return msg('people.locked', { method, minutes: Math.max(1, Math.ceil(remainingMs / 60_000)) });
}
