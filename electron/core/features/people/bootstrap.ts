import { randomUUID } from 'node:crypto';
import type { AuthSession } from '../../../../shared/contract/domains/auth.ts';
import { type Envelope, ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import { ANONYMOUS_VIEWER, type Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { codeMatches, createBootstrapCode, readBootstrapCode, removeBootstrapCode } from '../../platform/host/bootstrapCode.ts';
import { DEMO_USERS } from './demoUsers.ts';
import { hashPin } from './pinHash.ts';
import { SYSTEM_ACTOR } from '../../platform/systemActor.ts';
import { countUsers, findByBadge, findByUserName, insertUser } from './userRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';
import { sessionView } from './sessionView.ts';

/** Wrong codes before the code is replaced by a new one (printed again). */
export const BOOTSTRAP_ATTEMPTS = 5;

/**
 * Start-up: a demo plant with no users gets the demo people; a production plant with none gets a
 * one-time code for its first administrator. Returns the code file, if one was made, for the host to
 * print (the code itself never goes to the log).
 */
export async function prepareFirstRun(deps: PeopleDeps): Promise<string | null> {
  if (countUsers(deps.db) > 0) {
    removeBootstrapCode(deps.dataDir);
    deps.setNeedsBootstrap(false);
    return null;
  }
  if (deps.mode === 'demo') {
    const hashed = await Promise.all(DEMO_USERS.map(async (u) => ({ ...u, pinHash: await hashPin(u.pin) })));
    const at = deps.clock.now();
    deps.db.transaction(() => {
      for (const u of hashed) insertUser(deps.db, { userId: u.userId, userName: u.userName, displayName: u.displayName, badgeId: u.badgeId, roles: u.roles, pinHash: u.pinHash, active: true, createdAt: at });
      recordAudit(deps.db, { at, actor: SYSTEM_ACTOR, action: 'users.seedDemo', details: { users: DEMO_USERS.map((u) => ({ userId: u.userId, roles: u.roles })) }, outcome: 'ok' });
    })();
    deps.log.info('Demo plant: demo users created (see docs/people.md)', { count: DEMO_USERS.length });
    deps.setNeedsBootstrap(false);
    return null;
  }
  deps.setNeedsBootstrap(true);
  const existing = readBootstrapCode(deps.dataDir);
  const file = existing ? `${deps.dataDir}/first-admin-code.txt` : createBootstrapCode(deps.dataDir).file;
  deps.log.warn('No administrator yet: create one on the sign-in screen with the one-time code in this file (readable only by this OS user)', { file });
  return file;
}

export interface BootstrapReqParsed {
  code: string;
  userName: string;
  displayName: string;
  badgeId?: string | undefined;
  pin: string;
}

export async function bootstrapAdmin(deps: PeopleDeps, attempts: { wrong: number }, req: BootstrapReqParsed, sessionId: string, current: Actor): Promise<Envelope<AuthSession>> {
  const at = deps.clock.now();
  if (countUsers(deps.db) > 0) return refuseKey('CONFLICT', 'people.alreadyHasUsers');
  if (deps.sessions.state(sessionId)?.viewerOnly) {
    recordAudit(deps.db, { at, actor: current, action: 'auth.bootstrap', details: { reason: 'viewer-only screen' }, outcome: 'denied' });
    return refuseKey('FORBIDDEN', 'people.bootstrapAtWorkstation');
  }
  const expected = readBootstrapCode(deps.dataDir);
  if (!expected || !codeMatches(expected, req.code)) {
    attempts.wrong += 1;
    recordAudit(deps.db, { at, actor: ANONYMOUS_VIEWER, action: 'auth.bootstrap', details: { reason: 'wrong code', attempt: attempts.wrong }, outcome: 'failed' });
    if (attempts.wrong >= BOOTSTRAP_ATTEMPTS) {
      attempts.wrong = 0;
      const { file } = createBootstrapCode(deps.dataDir);
      deps.log.warn('Too many wrong first-administrator codes: a new code was written', { file });
      return refuseKey('UNAUTHENTICATED', 'people.bootstrapCodeReplaced', { attempts: BOOTSTRAP_ATTEMPTS, file });
    }
    return refuseKey('UNAUTHENTICATED', 'people.bootstrapWrongCode');
  }
  if (req.badgeId && findByBadge(deps.db, req.badgeId)) return refuseKey('CONFLICT', 'people.badgeInUse');
  if (findByUserName(deps.db, req.userName)) return refuseKey('CONFLICT', 'people.userNameInUse');
  const pinHash = await hashPin(req.pin);
  const actor: Actor = { userId: randomUUID(), displayName: req.displayName, roles: ['admin'] };
  deps.db.transaction(() => {
    if (countUsers(deps.db) > 0) throw new Error('users appeared during bootstrap');
    insertUser(deps.db, { userId: actor.userId, userName: req.userName, displayName: req.displayName, badgeId: req.badgeId ?? null, roles: ['admin'], pinHash, active: true, createdAt: at });
    recordAudit(deps.db, { at, actor, action: 'auth.bootstrap', target: actor.userId, details: { userName: req.userName, roles: ['admin'] }, outcome: 'ok' });
  })();
  removeBootstrapCode(deps.dataDir);
  deps.setNeedsBootstrap(false);
  deps.sessions.setActor(sessionId, actor);
  deps.log.info('First administrator created', { userId: actor.userId });
  return ok(sessionView(deps, sessionId));
}
