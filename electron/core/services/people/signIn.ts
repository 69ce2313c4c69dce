import type { AuthSession, SignInReq } from '../../../../shared/contract/domains/auth.ts';
import { type Envelope, fail, ok } from '../../../../shared/contract/envelope.ts';
import { ANONYMOUS_VIEWER, type Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../audit/auditTrail.ts';
import { afterFailure, FIRST_LOCKOUT_MS } from '../../auth/lockoutPolicy.ts';
import { dummyHash, verifyPin } from '../../auth/pinHash.ts';
import { findByBadge, findByUserName, setFailures, type UserRow } from '../../storage/userRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';
import { sessionView } from './sessionView.ts';

const NOT_RECOGNISED = 'Badge, user name or PIN not recognised';

/** Unknown badges and names are throttled per screen, since there is no account to lock. */
export interface ScreenThrottle {
  failures: number;
  until: number;
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
export async function signIn(deps: PeopleDeps, throttles: Map<string, ScreenThrottle>, req: SignInReq, sessionId: string, current: Actor): Promise<Envelope<AuthSession>> {
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
    return fail('FORBIDDEN', 'This screen is a read-only wall board; sign in at a workstation');
  }
  const throttle = throttles.get(sessionId);
  if (throttle && throttle.until > deps.clock.now()) {
    auditFail(undefined, { reason: 'screen throttled', identifier: identifierHint(identifier) });
    return fail('UNAUTHENTICATED', `Too many unrecognised attempts on this screen; try again in ${Math.ceil((throttle.until - deps.clock.now()) / 1000)} s`, { retryAt: throttle.until });
  }

  const find = () => (req.method === 'badge' ? findByBadge(deps.db, req.badgeId) : findByUserName(deps.db, req.userName));
  const first = find();
  if (!first || !first.active) {
    // Same work as a real check, so the answer does not tell which badges exist.
    await verifyPin(req.pin, await dummyHash());
    const t = throttles.get(sessionId) ?? { failures: 0, until: 0 };
    t.failures += 1;
    const k = deps.settings().lockoutThreshold;
    if (t.failures >= k) t.until = deps.clock.now() + FIRST_LOCKOUT_MS * 2 ** Math.min(t.failures - k, 5);
    throttles.set(sessionId, t);
    auditFail(first, { reason: first ? 'user deactivated' : 'unknown identifier', identifier: identifierHint(identifier) });
    return fail('UNAUTHENTICATED', NOT_RECOGNISED);
  }

  return deps.serial(first.userId, async () => {
    const user = find();
    if (!user || user.userId !== first.userId || !user.active) {
      auditFail(undefined, { reason: 'account changed during sign-in' });
      return fail('UNAUTHENTICATED', NOT_RECOGNISED);
    }
    const now0 = deps.clock.now();
    if (user.lockedUntil !== null && user.lockedUntil > now0) {
      auditFail(user, { reason: 'account locked', lockedUntil: user.lockedUntil });
      const seconds = Math.ceil((user.lockedUntil - now0) / 1000);
      return fail('UNAUTHENTICATED', `Too many wrong PINs: ${user.displayName} is locked for ${seconds} s more (or until an administrator unlocks)`, { retryAt: user.lockedUntil });
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
        return fail('UNAUTHENTICATED', `Too many wrong PINs: ${user.displayName} is locked for ${Math.ceil((next.lockedUntil - now) / 1000)} s`, { retryAt: next.lockedUntil });
      }
      return fail('UNAUTHENTICATED', NOT_RECOGNISED);
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
    throttles.delete(sessionId);
    if (!deps.sessions.setActor(sessionId, actor)) return fail('UNAUTHENTICATED', 'This screen’s session has ended; reload it');
    return ok(sessionView(deps, sessionId));
  });
}
