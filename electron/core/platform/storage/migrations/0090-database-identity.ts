import type { WritableDb } from '../db.ts';

/**
 * The database's identity. app_meta gets:
 * - database_id: a random id made once, when the database is created (or first migrated to this step).
 *   A copy is kept beside the database (the identity sidecar, storage/dbIdentity.ts), so a console can
 *   tell its own database from an emptied, replaced or another console's one.
 * - database_created_at: when this step ran on it (ms since the epoch).
 * The start-up writability check later keeps `last_start` here too (a real write the start proves).
 */
export function up(db: WritableDb): void {
  db.exec(`
    INSERT OR IGNORE INTO app_meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
    INSERT OR IGNORE INTO app_meta (key, value) VALUES ('database_created_at', CAST(CAST(unixepoch('subsec') * 1000 AS INTEGER) AS TEXT));
  `);
}
