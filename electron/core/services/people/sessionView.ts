import type { AuthSession } from '../../../../shared/contract/domains/auth.ts';
import type { PeopleDeps } from './peopleDeps.ts';

/** The session as the screen sees it; UNAUTHENTICATED is the dispatcher's job, so the session exists. */
export function sessionView(deps: PeopleDeps, sessionId: string): AuthSession {
  const s = deps.sessions.state(sessionId);
  if (!s) throw new Error(`Bug: session ${sessionId} vanished during a command`);
  const idleMs = deps.settings().idleLockMinutes * 60_000;
  return {
    actor: s.actor,
    signedIn: s.signedIn,
    viewerOnly: s.viewerOnly,
    locked: s.lockedUser && s.lockedAt !== null ? { userId: s.lockedUser.userId, displayName: s.lockedUser.displayName, at: s.lockedAt } : null,
    idleLockMinutes: deps.settings().idleLockMinutes,
    lockAt: s.signedIn ? s.lastActivityAt + idleMs : null,
    needsBootstrap: deps.needsBootstrap(),
  };
}
