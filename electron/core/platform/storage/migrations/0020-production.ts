import type { WritableDb } from '../db.ts';

/**
 * Production and downtime.
 * - production_counter: the last counter value the production rollups have counted, per line and
 *   signal, written in the SAME transaction as the rollup rows, so a restart neither loses nor
 *   double-counts parts (counter_baseline from 0010 is the live screen's, written on its own).
 * - production_minute: per-minute rollup per line and running order ('' = no order known): parts,
 *   run time, and the share of them attributed to a connection gap. Kept long (retention in days).
 * - production_shift: per-shift rollup per line, written when a shift ends. Kept.
 * - counter_sample / state_sample: raw values for a bounded window (hours), for diagnosis.
 * - counter_event: wraps, resets, gaps and implausible jumps, so every unusual delta can be explained.
 * - downtime_event / downtime_note: stops with their reasons; a split makes a second row.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE production_counter (
      line_id TEXT NOT NULL,
      signal  TEXT NOT NULL CHECK (signal IN ('good', 'reject')),
      value   INTEGER NOT NULL CHECK (value >= 0),
      at      INTEGER NOT NULL,
      PRIMARY KEY (line_id, signal)
    ) STRICT;

    CREATE TABLE production_minute (
      line_id    TEXT NOT NULL,
      minute_at  INTEGER NOT NULL CHECK (minute_at % 60000 = 0),
      order_id   TEXT NOT NULL DEFAULT '',
      good       INTEGER NOT NULL DEFAULT 0 CHECK (good >= 0),
      reject     INTEGER NOT NULL DEFAULT 0 CHECK (reject >= 0),
      run_ms     INTEGER NOT NULL DEFAULT 0,
      gap_good   INTEGER NOT NULL DEFAULT 0 CHECK (gap_good >= 0),
      gap_reject INTEGER NOT NULL DEFAULT 0 CHECK (gap_reject >= 0),
      PRIMARY KEY (line_id, minute_at, order_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX production_minute_at ON production_minute (minute_at);

    CREATE TABLE production_shift (
      line_id       TEXT NOT NULL,
      shift_id      TEXT NOT NULL,
      shift_name    TEXT NOT NULL,
      start_at      INTEGER NOT NULL,
      end_at        INTEGER NOT NULL,
      good          INTEGER NOT NULL,
      reject        INTEGER NOT NULL,
      run_ms        INTEGER NOT NULL,
      planned_ms    INTEGER NOT NULL,
      ideal_ms      INTEGER NOT NULL,
      downtime_ms   INTEGER NOT NULL,
      uncoded_count INTEGER NOT NULL,
      gap           INTEGER NOT NULL CHECK (gap IN (0, 1)),
      written_at    INTEGER NOT NULL,
      PRIMARY KEY (line_id, shift_id)
    ) STRICT;

    CREATE TABLE counter_sample (
      line_id TEXT NOT NULL,
      signal  TEXT NOT NULL CHECK (signal IN ('good', 'reject')),
      at      INTEGER NOT NULL,
      value   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX counter_sample_at ON counter_sample (at);

    CREATE TABLE state_sample (
      line_id TEXT NOT NULL,
      at      INTEGER NOT NULL,
      raw     TEXT,
      state   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX state_sample_at ON state_sample (at);

    CREATE TABLE counter_event (
      id        INTEGER PRIMARY KEY,
      line_id   TEXT NOT NULL,
      signal    TEXT NOT NULL CHECK (signal IN ('good', 'reject')),
      kind      TEXT NOT NULL CHECK (kind IN ('wrap', 'reset', 'gap', 'suspect')),
      from_at   INTEGER NOT NULL,
      at        INTEGER NOT NULL,
      before    INTEGER NOT NULL,
      after     INTEGER NOT NULL,
      counted   INTEGER NOT NULL,
      held      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX counter_event_line_at ON counter_event (line_id, at);

    CREATE TABLE downtime_event (
      id          INTEGER PRIMARY KEY,
      line_id     TEXT NOT NULL,
      state       TEXT NOT NULL,
      start_at    INTEGER NOT NULL,
      end_at      INTEGER CHECK (end_at IS NULL OR end_at >= start_at),
      no_data     INTEGER NOT NULL DEFAULT 0 CHECK (no_data IN (0, 1)),
      reason_code TEXT,
      coded_by    TEXT,
      coded_at    INTEGER,
      split_from  INTEGER REFERENCES downtime_event (id),
      revision    INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX downtime_event_line_start ON downtime_event (line_id, start_at);
    CREATE UNIQUE INDEX downtime_event_one_open ON downtime_event (line_id) WHERE end_at IS NULL;

    CREATE TABLE downtime_note (
      id       INTEGER PRIMARY KEY,
      event_id INTEGER NOT NULL REFERENCES downtime_event (id) ON DELETE CASCADE,
      at       INTEGER NOT NULL,
      by_user  TEXT NOT NULL,
      text     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX downtime_note_event ON downtime_note (event_id);
  `);
}
