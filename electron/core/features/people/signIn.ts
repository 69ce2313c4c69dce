import type { AuthSession, SignInReq } from '../../../../shared/contract/domains/auth.ts';
import { type Envelope, ok } from '../../../../shared/contract/envelope.ts';
import { refuse, refuseKey } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { ANONYMOUS_VIEWER, type Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { afterFailure, lockedMsg } from './lockoutPolicy.ts';
import { dummyHash, verifyPin } from './pinHash.ts';
import { findByBadge, findByUserName, setFailures, type UserRow } from './userRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';
import { sessionView } from './sessionView.ts';

const NOT_RECOGNISED = msg('people.notRecognised');

/** A lock on an identifier reads exactly like an account's lock; a workstation-wide wait says so. */
function throttledMessage(method: 'badge' | 'name', scope: 'identifier' | 'workstation', remainingMs: number): Message {
  if (scope === 'identifier') return lockedMsg(method, remainingMs);
  return msg('people.workstationPaused', { minutes: Math.max(1, Math.ceil(remainingMs / 60_000)) });
}

/** Enough of a wrongly typed identifier to tell attempts apart, never enough to leak a PIN typed in the wrong field. */
export function identifierHint(id: string): string {
  return id.length <= 2 ? `${'*'.repeat(id.length)} (${id.length})` : `${id.slice(0, 2)}… (${id.length})`;
}

/**
 * Sign-in by badge or user name plus PIN. Every attempt is audited, success or not. A wrong PIN
 * counts against the account; the K-th in a row locks it (30 s, then doubling up to 15 min), and while
 * it is locked no PIN is even checked. Attempts per account run one at a time, so parallel guesses
 * cannot get past K. Signing in over someone else is the quick switch: the new person replaces the old
 * one on this screen, and the record names both.
 */
export async function signIn(deps: PeopleDeps, req: SignInReq, sessionId: string, current: Actor): Promise<Envelope<AuthSession>> {
  const method = req.method;
  const identifier = req.method === 'badge' ? req.badgeId : req.userName;
  const auditFail = (user: UserRow | undefined, details: Record<string, unknown>) =>
    recordAudit(deps.db, {
      at: deps.clock.now(),
      actor: user ? { userId: user.userId, displayName: user.displayName, roles: user.roles } : ANONYMOUS_VIEWER,
      action: 'auth.signIn',
      target: user?.userId ?? null,
      details: { method, screen: sessionId.slice(0, 8), ...details },
      outcome: 'failed',
    });

  const state = deps.sessions.state(sessionId);
  if (state?.viewerOnly) {
    recordAudit(deps.db, { at: deps.clock.now(), actor: current, action: 'auth.signIn', details: { method, reason: 'viewer-only screen' }, outcome: 'denied' });
    return refuseKey('FORBIDDEN', 'people.wallBoard');
  }
  // Per workstation and identifier, in the database: a new screen or a restart does not reset it.
  const blocked = deps.throttle.blocked(method, identifier);
  if (blocked) {
    auditFail(undefined, { reason: blocked.scope === 'workstation' ? 'workstation throttled' : 'identifier throttled', identifier: identifierHint(identifier) });
    return refuse('UNAUTHENTICATED', throttledMessage(method, blocked.scope, blocked.until - deps.clock.now()), { details: { retryAt: blocked.until } });
  }

  const find = () => (req.method === 'badge' ? findByBadge(deps.db, req.badgeId) : findByUserName(deps.db, req.userName));
  const first = find();
  if (!first || !first.active) {
    // Same work as a real check, so the answer does not tell which badges exist.
    await verifyPin(req.pin, await dummyHash());
    const lock = deps.throttle.recordUnknown(method, identifier, deps.settings().lockoutThreshold);
    auditFail(first, { reason: first ? 'user deactivated' : 'unknown identifier', identifier: identifierHint(identifier) });
    if (lock) return refuse('UNAUTHENTICATED', throttledMessage(method, lock.scope, lock.until - deps.clock.now()), { details: { retryAt: lock.until } });
    return refuse('UNAUTHENTICATED', NOT_RECOGNISED);
  }

  return deps.serial(first.userId, async () => {
    const user = find();
    if (!user || user.userId !== first.userId || !user.active) {
      auditFail(undefined, { reason: 'account changed during sign-in' });
      return refuse('UNAUTHENTICATED', NOT_RECOGNISED);
    }
    const now0 = deps.clock.now();
    if (user.lockedUntil !== null && user.lockedUntil > now0) {
      auditFail(user, { reason: 'account locked', lockedUntil: user.lockedUntil });
      return refuse('UNAUTHENTICATED', lockedMsg(method, user.lockedUntil - now0), { details: { retryAt: user.lockedUntil } });
    }
    const good = await verifyPin(req.pin, user.pinHash);
    const now = deps.clock.now();
    if (!good) {
      const next = afterFailure(user.failedCount + 1, deps.settings().lockoutThreshold, now);
      deps.db.transaction(() => {
        setFailures(deps.db, user.userId, next.failedCount, next.lockedUntil);
        auditFail(user, { reason: 'wrong PIN', failedCount: next.failedCount });
        if (next.lockedUntil !== null) {
          recordAudit(deps.db, {
            at: now,
            actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
            action: 'auth.lockout',
            target: user.userId,
            details: { failedCount: next.failedCount, lockedUntil: next.lockedUntil },
            outcome: 'ok',
          });
        }
      })();
      if (next.lockedUntil !== null) {
        deps.log.warn('Account locked after failed PINs', { userId: user.userId, failedCount: next.failedCount, lockedUntil: next.lockedUntil });
        return refuse('UNAUTHENTICATED', lockedMsg(method, next.lockedUntil - now), { details: { retryAt: next.lockedUntil } });
      }
      return refuse('UNAUTHENTICATED', NOT_RECOGNISED);
    }
    const actor: Actor = { userId: user.userId, displayName: user.displayName, roles: user.roles };
    const before = deps.sessions.state(sessionId);
    // The record first: if it cannot be written, nobody is signed in.
    deps.db.transaction(() => {
      setFailures(deps.db, user.userId, 0, null);
      recordAudit(deps.db, {
        at: now,
        actor,
        action: 'auth.signIn',
        target: user.userId,
        details: {
          method,
          screen: sessionId.slice(0, 8),
          ...(before?.signedIn && before.actor.userId !== user.userId ? { switchedFrom: before.actor.userId } : {}),
          ...(before?.lockedUser ? { unlockedAfter: before.lockedUser.userId } : {}),
        },
        outcome: 'ok',
      });
    })();
    deps.throttle.clear(method, identifier);
    if (!deps.sessions.setActor(sessionId, actor)) return refuseKey('UNAUTHENTICATED', 'session.ended');
    return ok(sessionView(deps, sessionId));
  });
}
