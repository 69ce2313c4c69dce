import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { lockoutMs } from './lockoutPolicy.ts';

/**
 * Throttle for sign-ins with a badge or user name that has no account to lock (unknown or deactivated),
 * kept per workstation and identifier in the database: a new screen (WebSocket) or a restart of the
 * console does not reset it. Two counts:
 * - per identifier: the same unknown badge offered K times is locked like an account (lockoutMs), with
 *   the same words as a known badge's lock, so the answer does not tell which badges exist;
 * - per workstation: every unknown identifier offered there; past WORKSTATION_FACTOR × K within
 *   WORKSTATION_WINDOW_MS the whole workstation waits (lockoutMs again), since trying many badges is
 *   how one finds a real one.
 */
export const WORKSTATION_FACTOR = 3;
/** Unknown attempts older than this no longer count towards the workstation's cap. */
export const WORKSTATION_WINDOW_MS = 15 * 60_000;
const WORKSTATION_KEY = '*';

export type ThrottleBlock = { scope: 'identifier' | 'workstation'; until: number };

interface Row {
  failures: number;
  locked_until: number | null;
  last_failure_at: number;
}

/** The identifier as the core compares it (badge readers and people differ in case and spaces). */
const keyOf = (method: 'badge' | 'name', identifier: string): string =>
  `${method}:${createHash('sha256').update(identifier.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

export function createSignInThrottle(db: WritableDb, clock: Clock, workstationId: string) {
  const get = db.prepare('SELECT failures, locked_until, last_failure_at FROM signin_throttle WHERE workstation_id = ? AND key = ?');
  const put = db.prepare(
    `INSERT INTO signin_throttle (workstation_id, key, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (workstation_id, key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
  );
  const del = db.prepare('DELETE FROM signin_throttle WHERE workstation_id = ? AND key = ?');
  const row = (key: string) => get.get(workstationId, key) as Row | undefined;

  return {
    workstationId,
    /** Whether sign-in with this identifier must wait, and until when; null when it may go ahead. */
    blocked(method: 'badge' | 'name', identifier: string): ThrottleBlock | null {
      const now = clock.now();
      const ws = row(WORKSTATION_KEY);
      if (ws?.locked_until != null && ws.locked_until > now) return { scope: 'workstation', until: ws.locked_until };
      const id = row(keyOf(method, identifier));
      if (id?.locked_until != null && id.locked_until > now) return { scope: 'identifier', until: id.locked_until };
      return null;
    },
    /** Counts a failed sign-in with an identifier that has no usable account; returns the lock it causes, if any. */
    recordUnknown(method: 'badge' | 'name', identifier: string, threshold: number): ThrottleBlock | null {
      // Whole milliseconds: a clock may give fractions, the columns are STRICT INTEGER.
      const now = Math.ceil(clock.now());
      return db.transaction((): ThrottleBlock | null => {
        const key = keyOf(method, identifier);
        const id = row(key);
        const idFailures = (id?.failures ?? 0) + 1;
        const idMs = lockoutMs(idFailures, threshold);
        put.run(workstationId, key, idFailures, idMs === null ? null : now + idMs, now);
        const ws = row(WORKSTATION_KEY);
        const wsFailures = (ws && now - ws.last_failure_at < WORKSTATION_WINDOW_MS ? ws.failures : 0) + 1;
        const wsMs = lockoutMs(wsFailures, threshold * WORKSTATION_FACTOR);
        put.run(workstationId, WORKSTATION_KEY, wsFailures, wsMs === null ? null : now + wsMs, now);
        if (wsMs !== null) return { scope: 'workstation', until: now + wsMs };
        if (idMs !== null) return { scope: 'identifier', until: now + idMs };
        return null;
      })();
    },
    /** A successful sign-in with this identifier forgets its own failures (not the workstation's). */
    clear(method: 'badge' | 'name', identifier: string): void {
      del.run(workstationId, keyOf(method, identifier));
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
