import type { WritableDb } from '../db.ts';

/**
 * signin_throttle: failed sign-ins that have no account to lock, per workstation: one row per unknown
 * badge or user name (its key is a hash, so a PIN typed into the badge field is not stored), and one
 * row (`key` = '*') counting every unknown identifier offered at the workstation. Kept in the database so
 * that neither a new screen (WebSocket) nor a restart of the console resets a lock.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE signin_throttle (
      workstation_id  TEXT NOT NULL,
      key             TEXT NOT NULL,
      failures        INTEGER NOT NULL CHECK (failures >= 0),
      locked_until    INTEGER,
      last_failure_at INTEGER NOT NULL,
      PRIMARY KEY (workstation_id, key)
    ) STRICT, WITHOUT ROWID;
  `);
}
