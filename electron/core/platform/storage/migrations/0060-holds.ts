import type { WritableDb } from '../db.ts';

/**
 * Quality holds.
 * - quality_hold: one row per hold, from placement to release. The scope is kept as columns (for the
 *   held-quantity queries) and as canonical JSON (what the quality lead entered). The interlock
 *   columns record the controller write made at placement and at release; the outbox ids point at the
 *   ERP postings (hold.place, hold.release) written in the same transaction as the row.
 * A released hold is never deleted: it stays as the record of who held what, and who released it with whom.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE quality_hold (
      id                  TEXT PRIMARY KEY,
      scope_kind          TEXT NOT NULL CHECK (scope_kind IN ('line', 'order', 'lot', 'window')),
      scope_json          TEXT NOT NULL,
      line_id             TEXT,
      erp_order_id        TEXT,
      lot                 TEXT,
      window_from         INTEGER,
      window_to           INTEGER,
      reason              TEXT NOT NULL,
      defect_category     TEXT NOT NULL,
      note                TEXT NOT NULL DEFAULT '',
      status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released')),
      placed_at           INTEGER NOT NULL,
      placed_by           TEXT NOT NULL,
      placed_by_name      TEXT NOT NULL,
      qty_good            INTEGER NOT NULL DEFAULT 0 CHECK (qty_good >= 0),
      qty_reject          INTEGER NOT NULL DEFAULT 0 CHECK (qty_reject >= 0),
      place_outbox_id     TEXT,
      interlock_state     TEXT NOT NULL CHECK (interlock_state IN ('not_mapped', 'set', 'failed', 'cleared', 'clear_failed', 'kept')),
      interlock_message   TEXT,
      interlock_at        INTEGER,
      released_at         INTEGER,
      released_by         TEXT,
      released_by_name    TEXT,
      confirmed_by        TEXT,
      confirmed_by_name   TEXT,
      release_reason      TEXT,
      release_outbox_id   TEXT,
      revision            INTEGER NOT NULL DEFAULT 0,
      CHECK (status = 'active' OR (released_at IS NOT NULL AND released_by IS NOT NULL AND confirmed_by IS NOT NULL AND release_reason IS NOT NULL)),
      -- Two people: the one who releases is never the one who confirms.
      CHECK (confirmed_by IS NULL OR confirmed_by <> released_by)
    ) STRICT;
    CREATE INDEX quality_hold_status ON quality_hold (status, line_id);
    CREATE INDEX quality_hold_placed ON quality_hold (placed_at);
  `);
}
