import type { WritableDb } from '../db.ts';

/**
 * Held counter jumps.
 * - held_jump_decision: a supervisor's decision on one implausible counter jump (counter_event of kind
 *   'suspect'), held out of production until then. 'accepted' counts the held parts (added to the minute
 *   rollups of the jump's span, as gap parts); 'rejected' keeps them out for good. One decision per jump,
 *   never changed (the audit trail has who and when as well).
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE held_jump_decision (
      event_id   INTEGER PRIMARY KEY REFERENCES counter_event (id) ON DELETE CASCADE,
      decision   TEXT NOT NULL CHECK (decision = 'accepted' OR decision = 'rejected'),
      decided_by TEXT NOT NULL,
      by_name    TEXT NOT NULL,
      decided_at INTEGER NOT NULL,
      note       TEXT NOT NULL DEFAULT '',
      counted    INTEGER NOT NULL CHECK (counted >= 0)
    ) STRICT;
    CREATE INDEX counter_event_kind_at ON counter_event (kind, at);
  `);
}
