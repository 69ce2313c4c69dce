import type { WritableDb } from '../db.ts';

/**
 * app_meta: key/value facts about this database (created_at, plant id it belongs to).
 * counter_baseline: the last Good value of each counter tag with its source time, so a restarted
 * console keeps its baseline and counts made while it was down are not lost.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE app_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE counter_baseline (
      tag_id      TEXT PRIMARY KEY,
      line_id     TEXT NOT NULL,
      signal      TEXT NOT NULL CHECK (signal IN ('good', 'reject')),
      value       INTEGER NOT NULL CHECK (value >= 0),
      source_ts   INTEGER,
      recorded_at INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX counter_baseline_line ON counter_baseline (line_id);
  `);
}
