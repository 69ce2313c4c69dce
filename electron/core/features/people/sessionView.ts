import type { AuthSession } from '../../../../shared/contract/domains/auth.ts';
import { readLanguage } from './languageRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';

/**
 * The session as the screen sees it; UNAUTHENTICATED is the dispatcher's job, so the session exists.
 * The first view after a sign-in (or a resume) carries a new resume secret, once: the screen keeps it
 * in the tab's sessionStorage so a reload can take the session back (`auth.resume`).
 */
export function sessionView(deps: PeopleDeps, sessionId: string): AuthSession {
  const s = deps.sessions.state(sessionId);
  if (!s) throw new Error(`Bug: session ${sessionId} vanished during a command`);
  const idleMs = deps.settings().idleLockMinutes * 60_000;
  const resumeToken = s.signedIn && !s.hasResume ? deps.sessions.issueResume(sessionId) : null;
  return {
    ...(resumeToken ? { resumeToken } : {}),
    actor: s.actor,
    signedIn: s.signedIn,
    viewerOnly: s.viewerOnly,
    locked: s.lockedUser && s.lockedAt !== null ? { userId: s.lockedUser.userId, displayName: s.lockedUser.displayName, at: s.lockedAt } : null,
    idleLockMinutes: deps.settings().idleLockMinutes,
    lockAt: s.signedIn ? s.lastActivityAt + idleMs : null,
    needsBootstrap: deps.needsBootstrap(),
    // The person's own language (null: the plant's); nobody signed in: the plant's, so absent.
    ...(s.signedIn ? { language: readLanguage(deps.db, s.actor.userId) } : {}),
  };
}
