import { randomUUID } from 'node:crypto';
import type { UserSummary } from '../../../../shared/contract/domains/users.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import type { Role } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { hashPin } from './pinHash.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { countActiveAdmins, findByBadge, findByUserName, getUser, insertUser, listUsers, setFailures, updateUser, type UserRow } from './userRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';

type UsersKeys = 'users.list' | 'users.create' | 'users.update' | 'users.setPin' | 'users.unlock';

/** What an administrator sees: everything but the PIN hash. */
export function toSummary(u: UserRow): UserSummary {
  return { userId: u.userId, userName: u.userName, displayName: u.displayName, badgeId: u.badgeId, roles: u.roles, active: u.active, failedCount: u.failedCount, lockedUntil: u.lockedUntil, updatedAt: u.updatedAt };
}

const isAdmin = (roles: readonly Role[]) => roles.includes('admin');

/**
 * People are managed by administrators (the contract says so; the dispatcher enforces it). Each change
 * and its audit record are one transaction. A person whose roles change or who is deactivated is signed
 * out of every screen, so an old session never keeps rights that were taken away.
 */
export function usersHandlers(deps: PeopleDeps): HandlerGroup<UsersKeys> {
  const current = (userId: string) => getUser(deps.db, userId);
  const endSessionsOf = (userId: string) => {
    for (const id of deps.sessions.sessionsOf(userId)) deps.sessions.signOut(id);
  };
  return {
    'users.list': () => ok(listUsers(deps.db).map(toSummary)),

    'users.create': async (req, ctx) => {
      if (findByUserName(deps.db, req.userName)) return refuseKey('CONFLICT', 'people.userNameTaken', { userName: req.userName });
      if (req.badgeId && findByBadge(deps.db, req.badgeId)) return refuseKey('CONFLICT', 'people.badgeAssigned');
      const pinHash = await hashPin(req.pin);
      const userId = randomUUID();
      const at = deps.clock.now();
      try {
        deps.db.transaction(() => {
          insertUser(deps.db, { userId, userName: req.userName, displayName: req.displayName, badgeId: req.badgeId, roles: req.roles, pinHash, active: true, createdAt: at });
          recordAudit(deps.db, { at, actor: ctx.actor, action: 'users.create', target: userId, details: { userName: req.userName, displayName: req.displayName, badgeId: req.badgeId, roles: req.roles }, outcome: 'ok' });
        })();
      } catch (e) {
        // Two administrators adding the same name at once: the UNIQUE constraint decides.
        if (/UNIQUE/.test((e as Error).message)) return refuseKey('CONFLICT', 'people.justTaken');
        throw e;
      }
      return ok(toSummary(current(userId)!));
    },

    'users.update': (req, ctx) => {
      const before = current(req.userId);
      if (!before) return refuseKey('NOT_FOUND', 'people.noUser', { userId: req.userId });
      const after = { displayName: req.displayName ?? before.displayName, badgeId: req.badgeId === undefined ? before.badgeId : req.badgeId, roles: [...(req.roles ?? before.roles)].sort(), active: req.active ?? before.active };
      if (after.badgeId && after.badgeId !== before.badgeId) {
        const holder = findByBadge(deps.db, after.badgeId);
        if (holder && holder.userId !== before.userId) return refuseKey('CONFLICT', 'people.badgeAssignedTo', { person: holder.displayName });
      }
      const losesAdmin = before.active && isAdmin(before.roles) && !(after.active && isAdmin(after.roles));
      if (losesAdmin && countActiveAdmins(deps.db) <= 1) return refuseKey('CONFLICT', 'people.lastAdmin');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['displayName', 'badgeId', 'roles', 'active'] as const) {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changes[k] = { from: before[k], to: after[k] };
      }
      if (Object.keys(changes).length === 0) return ok(toSummary(before));
      const at = deps.clock.now();
      deps.db.transaction(() => {
        updateUser(deps.db, req.userId, after, at);
        recordAudit(deps.db, { at, actor: ctx.actor, action: 'users.update', target: req.userId, details: { changes }, outcome: 'ok' });
      })();
      if (changes.roles || changes.active) endSessionsOf(req.userId);
      return ok(toSummary(current(req.userId)!));
    },

    'users.setPin': async (req, ctx) => {
      if (!current(req.userId)) return refuseKey('NOT_FOUND', 'people.noUser', { userId: req.userId });
      const pinHash = await hashPin(req.pin);
      const at = deps.clock.now();
      deps.db.transaction(() => {
        updateUser(deps.db, req.userId, { pinHash }, at);
        setFailures(deps.db, req.userId, 0, null);
        recordAudit(deps.db, { at, actor: ctx.actor, action: 'users.setPin', target: req.userId, details: { pinChanged: true }, outcome: 'ok' });
      })();
      return ok(toSummary(current(req.userId)!));
    },

    'users.unlock': (req, ctx) => {
      const before = current(req.userId);
      if (!before) return refuseKey('NOT_FOUND', 'people.noUser', { userId: req.userId });
      deps.db.transaction(() => {
        setFailures(deps.db, req.userId, 0, null);
        recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'users.unlock', target: req.userId, details: { failedCount: before.failedCount, lockedUntil: before.lockedUntil }, outcome: 'ok' });
      })();
      return ok(toSummary(current(req.userId)!));
    },
  };
}
