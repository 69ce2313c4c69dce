import type { Clock } from '../ports/ports.ts';

/**
 * The one place that decides when the console may next open a secure channel to a controller (defect 7, the
 * reconnect storm). Every connection attempt of a gateway, its own retry loop and node-opcua's reconnection
 * alike, waits here first:
 *  - a hard floor: one attempt per endpoint per MIN_CONTACT_INTERVAL_MS, for the whole console process (several
 *    gateways or clients towards the same endpoint share it), whatever the error looked like;
 *  - a capped exponential backoff with jitter after consecutive failures of one gateway, reset by a success.
 * The failure's kind is deliberately not looked at: a controller that closes the socket without a status code
 * (open62541 refusing a certificate) backs off like any other refusal.
 */

export const MIN_CONTACT_INTERVAL_MS = 1000;

/** Next attempt time per endpoint (process-wide: one console never contacts one controller faster). */
const nextSlot = new Map<string, number>();

/** The backoff before attempt `failures + 1`: base·2^(failures−1), capped, minus up to 20 % jitter; 0 before a failure. */
export function backoffDelay(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const base = Math.max(MIN_CONTACT_INTERVAL_MS, baseMs);
  const cap = Math.max(base, capMs);
  const d = Math.min(cap, base * 2 ** Math.min(failures - 1, 30));
  return Math.round(d * (1 - 0.2 * random()));
}

export interface ContactGate {
  /** Milliseconds to wait before the next attempt may start; the slot is taken (reserved) by this call. */
  reserve(): number;
  /** An attempt failed (any way at all): the next one waits longer. */
  failed(): void;
  /** Connected: the backoff starts over (the per-endpoint floor stays). */
  succeeded(): void;
  /** A person asked to connect now (e.g. after trusting a certificate): the backoff starts over, the floor stays. */
  resetBackoff(): void;
  /** Consecutive failures so far. */
  failures(): number;
}

export function createContactGate(endpoint: string, clock: Clock, backoff: { baseMs: number; capMs: number }, random: () => number = Math.random): ContactGate {
  let failures = 0;
  let lastFailureAt = 0;
  let backoffMs = 0;
  const key = endpoint.trim().toLowerCase();
  return {
    reserve() {
      const now = clock.now();
      const floorAt = nextSlot.get(key) ?? now;
      const at = Math.max(now, floorAt, failures > 0 ? lastFailureAt + backoffMs : now);
      nextSlot.set(key, at + MIN_CONTACT_INTERVAL_MS);
      return at - now;
    },
    failed() {
      failures++;
      lastFailureAt = clock.now();
      backoffMs = backoffDelay(failures, backoff.baseMs, backoff.capMs, random);
    },
    succeeded() {
      failures = 0;
      backoffMs = 0;
    },
    resetBackoff() {
      failures = 0;
      backoffMs = 0;
    },
    failures: () => failures,
  };
}
