import type { WritableDb } from '../db.ts';

/**
 * The plant hub's devices (docs/hub.md). hub_device: each console or wall board paired with this hub;
 * only the SHA-256 of its credential is kept (the credential is a 256-bit random secret, so a fast hash
 * is enough: there is nothing to guess). A revoked device keeps its row (who paired it, who revoked it).
 * hub_pairing_code: one-time codes an administrator asked for; only their hash is kept, with the name and
 * kind the device will get, when the code expires and when it was used (single use).
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE hub_device (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      kind             TEXT NOT NULL CHECK (kind = 'console' OR kind = 'wallboard'),
      credential_hash  TEXT NOT NULL,
      paired_by        TEXT NOT NULL,
      paired_by_name   TEXT NOT NULL,
      paired_at        INTEGER NOT NULL,
      last_seen_at     INTEGER,
      revoked_at       INTEGER,
      revoked_by_name  TEXT
    ) STRICT;

    CREATE TABLE hub_pairing_code (
      code_hash        TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      kind             TEXT NOT NULL CHECK (kind = 'console' OR kind = 'wallboard'),
      created_by       TEXT NOT NULL,
      created_by_name  TEXT NOT NULL,
      created_at       INTEGER NOT NULL,
      expires_at       INTEGER NOT NULL,
      used_at          INTEGER,
      device_id        TEXT REFERENCES hub_device (id)
    ) STRICT;
  `);
}
