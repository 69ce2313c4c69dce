import type { WritableDb } from '../db.ts';

/**
 * Indexes for the two reads the alert engine makes every second: the active alerts of a source (one read per
 * line source) and the timed shelves (the shelve countdown). Both scanned the whole alert table, which keeps
 * every closed alert: a console running for weeks read thousands of rows four or five times a second to find a
 * handful. Partial indexes hold only the rows those reads want, so they cost what is open, not what is past.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS alert_active_by_source ON alert (source) WHERE active = 1 AND dismissed = 0;
    CREATE INDEX IF NOT EXISTS alert_timed_shelve ON alert (shelve_kind) WHERE shelve_kind = 'timed';
  `);
}
