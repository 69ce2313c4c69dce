import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../audit/auditTrail.ts';
import type { WritableDb } from '../storage/db.ts';

/** What a paired device is: a console (people sign in on it) or a wall board (viewer-only sessions). */
export type DeviceKind = 'console' | 'wallboard';

export interface DeviceRecord {
  id: string;
  name: string;
  kind: DeviceKind;
  pairedByName: string;
  pairedAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  revokedByName: string | null;
}

/** A one-time pairing code lives this long. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** Unambiguous letters and digits (no 0/O, 1/I/L): read off one screen, typed on another. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** "ab cd-EF12 gh34" → "ABCDEF12GH34" minus separators: how a person may type a code. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** A device credential as the device sends it: `<device id>.<secret>`. */
export function splitCredential(credential: string): { deviceId: string; secret: string } | null {
  const dot = credential.indexOf('.');
  if (dot <= 0 || dot === credential.length - 1 || credential.length > 200) return null;
  return { deviceId: credential.slice(0, dot), secret: credential.slice(dot + 1) };
}

/** The actor the audit trail names for what a device did by itself (redeeming its pairing code). */
const deviceActor = (id: string, name: string): Actor => ({ userId: `device:${id}`, displayName: `Device ${name}`, roles: ['viewer'] });

interface DeviceRow {
  id: string;
  name: string;
  kind: DeviceKind;
  credential_hash: string;
  paired_by_name: string;
  paired_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  revoked_by_name: string | null;
}

const toRecord = (r: DeviceRow): DeviceRecord => ({ id: r.id, name: r.name, kind: r.kind, pairedByName: r.paired_by_name, pairedAt: r.paired_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at, revokedByName: r.revoked_by_name });

export type RedeemResult =
  | { ok: true; device: DeviceRecord; credential: string }
  | { ok: false; reason: string };

/**
 * The hub's devices and pairing codes (tables of migration 0220). Every change an administrator makes is
 * audited in its own transaction; a device redeeming its code is audited as that device.
 */
export class DeviceStore {
  private readonly db: WritableDb;

  constructor(db: WritableDb) {
    this.db = db;
  }

  /** A new one-time code for a device of this name and kind; shown once to the administrator. */
  createPairingCode(actor: Actor, name: string, kind: DeviceKind, now: number): { code: string; expiresAt: number } {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = now + PAIRING_CODE_TTL_MS;
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO hub_pairing_code (code_hash, name, kind, created_by, created_by_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(sha256(code), name, kind, actor.userId, actor.displayName, now, expiresAt);
      recordAudit(this.db, { at: now, actor, action: 'hub.pairingCode', target: name, details: { kind, expiresAt }, outcome: 'ok' });
    })();
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
  }

  /**
   * A device presents a code: unknown, expired or used codes are refused (one answer for all three, so a
   * guesser learns nothing); a good code is used up and the device gets its credential, once.
   */
  redeem(rawCode: string, now: number): RedeemResult {
    const hash = sha256(normalizeCode(rawCode));
    return this.db.transaction((): RedeemResult => {
      const row = this.db.prepare('SELECT name, kind, created_by, created_by_name, expires_at, used_at FROM hub_pairing_code WHERE code_hash = ?').get(hash) as
        | { name: string; kind: DeviceKind; created_by: string; created_by_name: string; expires_at: number; used_at: number | null }
        | undefined;
      if (!row || row.used_at !== null || row.expires_at <= now) {
        return { ok: false, reason: 'The pairing code is wrong, expired or already used. Ask the administrator for a new one.' };
      }
      const id = randomUUID();
      const secret = randomBytes(32).toString('base64url');
      this.db
        .prepare('INSERT INTO hub_device (id, name, kind, credential_hash, paired_by, paired_by_name, paired_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, row.name, row.kind, sha256(secret), row.created_by, row.created_by_name, now);
      this.db.prepare('UPDATE hub_pairing_code SET used_at = ?, device_id = ? WHERE code_hash = ?').run(now, id, hash);
      recordAudit(this.db, { at: now, actor: deviceActor(id, row.name), action: 'hub.paired', target: id, details: { name: row.name, kind: row.kind, codeFrom: row.created_by_name }, outcome: 'ok' });
      const device = this.get(id)!;
      return { ok: true, device, credential: `${id}.${secret}` };
    })();
  }

  /** The device a credential names, if it is paired and not revoked; null for anything else. */
  verify(credential: string): DeviceRecord | null {
    const parts = splitCredential(credential);
    if (!parts) return null;
    const row = this.db.prepare('SELECT * FROM hub_device WHERE id = ?').get(parts.deviceId) as DeviceRow | undefined;
    if (!row || row.revoked_at !== null) return null;
    const want = Buffer.from(row.credential_hash, 'hex');
    const got = Buffer.from(sha256(parts.secret), 'hex');
    return want.length === got.length && timingSafeEqual(want, got) ? toRecord(row) : null;
  }

  /** Whether the device may still connect (paired and not revoked). */
  isActive(id: string): boolean {
    const row = this.db.prepare('SELECT revoked_at FROM hub_device WHERE id = ?').get(id) as { revoked_at: number | null } | undefined;
    return row !== undefined && row.revoked_at === null;
  }

  seen(id: string, now: number): void {
    this.db.prepare('UPDATE hub_device SET last_seen_at = ? WHERE id = ?').run(now, id);
  }

  get(id: string): DeviceRecord | null {
    const row = this.db.prepare('SELECT * FROM hub_device WHERE id = ?').get(id) as DeviceRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(): DeviceRecord[] {
    return (this.db.prepare('SELECT * FROM hub_device ORDER BY revoked_at IS NOT NULL, paired_at DESC').all() as DeviceRow[]).map(toRecord);
  }

  /** Revokes a device for good (a revoked device pairs again with a new code, as a new device). */
  revoke(actor: Actor, id: string, now: number): DeviceRecord | null {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (!before) return null;
      if (before.revokedAt !== null) return before;
      this.db.prepare('UPDATE hub_device SET revoked_at = ?, revoked_by_name = ? WHERE id = ?').run(now, actor.displayName, id);
      recordAudit(this.db, { at: now, actor, action: 'hub.revoke', target: id, details: { name: before.name, kind: before.kind }, outcome: 'ok' });
      return this.get(id);
    })();
  }
}
