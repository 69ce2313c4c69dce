import type { Role } from '../../../../shared/domain/actor.ts';
import { Role as RoleSchema } from '../../../../shared/domain/actor.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';

export interface UserRow {
  userId: string;
  userName: string;
  displayName: string;
  badgeId: string | null;
  roles: Role[];
  pinHash: string;
  active: boolean;
  failedCount: number;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Raw {
  user_id: string;
  user_name: string;
  display_name: string;
  badge_id: string | null;
  roles: string;
  pin_hash: string;
  active: number;
  failed_count: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

function toRow(r: Raw): UserRow {
  let roles: Role[] = [];
  try {
    const parsed: unknown = JSON.parse(r.roles);
    // A role name this version does not know grants nothing, rather than failing the sign-in.
    if (Array.isArray(parsed)) roles = parsed.flatMap((x) => (RoleSchema.safeParse(x).success ? [x as Role] : []));
  } catch {
    roles = [];
  }
  return {
    userId: r.user_id,
    userName: r.user_name,
    displayName: r.display_name,
    badgeId: r.badge_id,
    roles,
    pinHash: r.pin_hash,
    active: r.active === 1,
    failedCount: r.failed_count,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function countUsers(db: ReadableDb): number {
  return (db.prepare('SELECT count(*) AS c FROM user_account').get() as { c: number }).c;
}

export function countActiveAdmins(db: ReadableDb): number {
  const rows = db.prepare("SELECT roles FROM user_account WHERE active = 1").all() as { roles: string }[];
  return rows.filter((r) => (JSON.parse(r.roles) as unknown[]).includes('admin')).length;
}

export function listUsers(db: ReadableDb): UserRow[] {
  return (db.prepare('SELECT * FROM user_account ORDER BY display_name COLLATE NOCASE, user_id').all() as Raw[]).map(toRow);
}

export function getUser(db: ReadableDb, userId: string): UserRow | undefined {
  const r = db.prepare('SELECT * FROM user_account WHERE user_id = ?').get(userId) as Raw | undefined;
  return r && toRow(r);
}

export function findByBadge(db: ReadableDb, badgeId: string): UserRow | undefined {
  const r = db.prepare('SELECT * FROM user_account WHERE badge_id = ?').get(badgeId) as Raw | undefined;
  return r && toRow(r);
}

export function findByUserName(db: ReadableDb, userName: string): UserRow | undefined {
  const r = db.prepare('SELECT * FROM user_account WHERE user_name = ? COLLATE NOCASE').get(userName) as Raw | undefined;
  return r && toRow(r);
}

export function insertUser(db: WritableDb, u: Omit<UserRow, 'failedCount' | 'lockedUntil' | 'updatedAt'>): void {
  db.prepare(
    `INSERT INTO user_account (user_id, user_name, display_name, badge_id, roles, pin_hash, active, failed_count, locked_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)`,
  ).run(u.userId, u.userName, u.displayName, u.badgeId, JSON.stringify([...u.roles].sort()), u.pinHash, u.active ? 1 : 0, u.createdAt, u.createdAt);
}

export function updateUser(db: WritableDb, userId: string, patch: { displayName?: string; badgeId?: string | null; roles?: readonly Role[]; active?: boolean; pinHash?: string }, at: number): void {
  const cur = getUser(db, userId);
  if (!cur) throw new Error(`updateUser: no user ${userId}`);
  db.prepare('UPDATE user_account SET display_name = ?, badge_id = ?, roles = ?, active = ?, pin_hash = ?, updated_at = ? WHERE user_id = ?').run(
    patch.displayName ?? cur.displayName,
    patch.badgeId === undefined ? cur.badgeId : patch.badgeId,
    JSON.stringify([...(patch.roles ?? cur.roles)].sort()),
    (patch.active ?? cur.active) ? 1 : 0,
    patch.pinHash ?? cur.pinHash,
    at,
    userId,
  );
}

export function setFailures(db: WritableDb, userId: string, failedCount: number, lockedUntil: number | null): void {
  db.prepare('UPDATE user_account SET failed_count = ?, locked_until = ? WHERE user_id = ?').run(failedCount, lockedUntil, userId);
}

export interface PeopleSettingsRow {
  idleLockMinutes: number;
  lockoutThreshold: number;
  auditWarnRows: number;
}

export function readPeopleSettings(db: ReadableDb): PeopleSettingsRow {
  const r = db.prepare('SELECT idle_lock_minutes, lockout_threshold, audit_warn_rows FROM people_settings WHERE id = 1').get() as
    | { idle_lock_minutes: number; lockout_threshold: number; audit_warn_rows: number }
    | undefined;
  if (!r) throw new Error('people_settings row is missing');
  return { idleLockMinutes: r.idle_lock_minutes, lockoutThreshold: r.lockout_threshold, auditWarnRows: r.audit_warn_rows };
}

export function writePeopleSettings(db: WritableDb, s: { idleLockMinutes: number; lockoutThreshold: number }): void {
  db.prepare('UPDATE people_settings SET idle_lock_minutes = ?, lockout_threshold = ? WHERE id = 1').run(s.idleLockMinutes, s.lockoutThreshold);
}
