import type { Confirmer } from '../../../../shared/contract/domains/holds.ts';
import type { Actor, Role } from '../../../../shared/domain/actor.ts';
import { ANONYMOUS_VIEWER } from '../../../../shared/domain/actor.ts';
import { englishOf } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { afterFailure } from '../people/index.ts';
import { dummyHash, verifyPin } from '../people/index.ts';
import type { Clock } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { findByBadge, findByUserName, readPeopleSettings, setFailures } from '../people/index.ts';

export type ConfirmerResult = { ok: true; actor: Actor } | { ok: false; message: string; msg?: Message };

/** Who may confirm a release: another quality lead or an administrator. */
export const CONFIRMER_ROLES: readonly Role[] = ['quality', 'admin'];

/**
 * Checks the second person's badge or user name and PIN, as sign-in does: unknown identifiers cost the
 * same time as a real check, a wrong PIN counts against the account and locks it after the plant's
 * threshold, a locked or deactivated account is refused, and every failure is audited. The core
 * decides; the screen only collects what the second person typed.
 */
export async function verifyConfirmer(deps: { db: WritableDb; clock: Clock }, c: Confirmer, holdId: string): Promise<ConfirmerResult> {
  const user = c.method === 'badge' ? findByBadge(deps.db, c.badgeId) : findByUserName(deps.db, c.userName);
  const fail = (m: Message, actor: Actor, details: Record<string, unknown>): ConfirmerResult => {
    recordAudit(deps.db, { at: deps.clock.now(), actor, action: 'holds.confirmRelease', target: holdId, details: { method: c.method, ...details }, outcome: 'failed' });
    return { ok: false, message: englishOf(m), msg: m };
  };
  if (!user || !user.active) {
    await verifyPin(c.pin, await dummyHash());
    return fail(msg('holds.confirmerNotRecognised'), ANONYMOUS_VIEWER, { reason: user ? 'user deactivated' : 'unknown identifier' });
  }
  const who: Actor = { userId: user.userId, displayName: user.displayName, roles: user.roles };
  const now0 = deps.clock.now();
  if (user.lockedUntil !== null && user.lockedUntil > now0) {
    return fail(msg('holds.confirmerLocked', { person: user.displayName, seconds: String(Math.ceil((user.lockedUntil - now0) / 1000)) }), who, { reason: 'account locked' });
  }
  if (!(await verifyPin(c.pin, user.pinHash))) {
    const next = afterFailure(user.failedCount + 1, readPeopleSettings(deps.db).lockoutThreshold, deps.clock.now());
    deps.db.transaction(() => {
      setFailures(deps.db, user.userId, next.failedCount, next.lockedUntil);
    })();
    return fail(msg('holds.confirmerNotRecognised'), who, { reason: 'wrong PIN', failedCount: next.failedCount });
  }
  if (user.failedCount > 0) setFailures(deps.db, user.userId, 0, null);
  return { ok: true, actor: who };
}
