import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { Disposable } from '../../platform/ports/ports.ts';
import type { PeopleDeps } from './peopleDeps.ts';

/** How often idle sessions are looked for: the lock comes at most this late (T31 allows 5 s). */
export const IDLE_CHECK_MS = 1000;

/**
 * Locks every screen whose person has done nothing for the configured minutes. Locking is the safe
 * direction, so it happens even when its audit record cannot be written (that is logged as an error).
 */
export function lockIdleSessions(deps: PeopleDeps): number {
  const now = deps.clock.now();
  const idleMs = deps.settings().idleLockMinutes * 60_000;
  let locked = 0;
  for (const id of deps.sessions.idleSignedIn(now - idleMs)) {
    const was = deps.sessions.lock(id);
    if (!was) continue;
    locked++;
    try {
      recordAudit(deps.db, { at: now, actor: was, action: 'auth.autoLock', target: was.userId, details: { screen: id.slice(0, 8), idleMinutes: deps.settings().idleLockMinutes }, outcome: 'ok' });
    } catch (e) {
      deps.log.error('Audit record of an automatic lock could not be written', { userId: was.userId, error: e as Error });
    }
  }
  return locked;
}

export function startIdleLock(deps: PeopleDeps): Disposable {
  return deps.clock.setInterval(IDLE_CHECK_MS, () => {
    try {
      lockIdleSessions(deps);
    } catch (e) {
      deps.log.error('Idle lock check failed', { error: e as Error });
    }
  });
}
