import type { WritableDb } from '../db.ts';

/**
 * People and the audit trail.
 *
 * user_account: one row per person. PINs are stored only as a scrypt hash string
 * (`scrypt$N$r$p$salt$hash`); failed_count and locked_until persist so a restart does not reset a
 * lockout. A user is deactivated, never deleted, so audit rows keep pointing at a known person.
 *
 * people_settings: the single row of workstation settings for sign-in (idle lock, lockout threshold).
 *
 * audit_log: append-only and hash-chained. `hash` = SHA-256 over the previous record's hash and the
 * canonical JSON of this record (see electron/core/platform/audit/auditTrail.ts). `seq` is the position in the
 * chain. Triggers refuse UPDATE and DELETE so the app itself cannot rewrite history by mistake; a
 * person with the file can still drop them, which is what the chain is for.
 *
 * audit_head: one row with the count and last hash, written in the same transaction as each record, so
 * cutting records off the end of the chain is found too.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE user_account (
      user_id       TEXT PRIMARY KEY,
      user_name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name  TEXT NOT NULL,
      badge_id      TEXT UNIQUE,
      roles         TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
      pin_hash      TEXT NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
      active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      failed_count  INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
      locked_until  INTEGER,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE people_settings (
      id                 INTEGER PRIMARY KEY CHECK (id = 1),
      idle_lock_minutes  INTEGER NOT NULL CHECK (idle_lock_minutes BETWEEN 1 AND 240),
      lockout_threshold  INTEGER NOT NULL CHECK (lockout_threshold BETWEEN 3 AND 20),
      audit_warn_rows    INTEGER NOT NULL CHECK (audit_warn_rows >= 1000)
    ) STRICT;
    INSERT INTO people_settings (id, idle_lock_minutes, lockout_threshold, audit_warn_rows) VALUES (1, 5, 5, 5000000);

    CREATE TABLE audit_log (
      seq           INTEGER PRIMARY KEY,
      at            INTEGER NOT NULL,
      user_id       TEXT NOT NULL,
      display_name  TEXT NOT NULL,
      roles         TEXT NOT NULL,
      action        TEXT NOT NULL,
      target        TEXT,
      details       TEXT,
      outcome       TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
      prev_hash     TEXT NOT NULL,
      hash          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_user ON audit_log (user_id, at);
    CREATE INDEX audit_log_action ON audit_log (action, at);

    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    CREATE TABLE audit_head (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      count      INTEGER NOT NULL CHECK (count >= 0),
      last_hash  TEXT NOT NULL
    ) STRICT;
    INSERT INTO audit_head (id, count, last_hash) VALUES (1, 0, '${'0'.repeat(64)}');
  `);
}
