import type { WritableDb } from '../db.ts';

/**
 * The durable outbox (architecture §6), its per-item history, the ERP work-order cache, the running
 * order per line, and shift closes with their confirmations.
 *
 * outbox: one row per outbound business call. `id` is the UUID sent to the remote system as our
 * reference; `seq` gives the order of enqueueing, which the worker keeps per `ordering_key`.
 * Rows are never deleted: a discarded or superseded item keeps its state and says so in `resolution`.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE outbox (
      seq              INTEGER PRIMARY KEY, -- rowid; rows are never deleted, so it only grows
      id               TEXT NOT NULL UNIQUE,
      target           TEXT NOT NULL,
      kind             TEXT NOT NULL,
      ordering_key     TEXT NOT NULL,
      payload          TEXT NOT NULL,
      state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'needs_check', 'rejected', 'parked')),
      attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at  INTEGER NOT NULL,
      first_sent_at    INTEGER,
      check_after      INTEGER,
      batch_id         TEXT,
      last_error       TEXT,
      remote_keys      TEXT,
      resolved_by      TEXT CHECK (resolved_by IN ('response', 'readback', 'person')),
      supersedes       TEXT REFERENCES outbox (id),
      resolution       TEXT CHECK (resolution IN ('superseded', 'discarded')),
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (target, state, seq);
    CREATE INDEX outbox_key ON outbox (target, ordering_key, state);

    CREATE TABLE outbox_event (
      seq        INTEGER PRIMARY KEY,
      outbox_id  TEXT NOT NULL REFERENCES outbox (id),
      at         INTEGER NOT NULL,
      from_state TEXT,
      to_state   TEXT NOT NULL,
      note       TEXT NOT NULL DEFAULT '',
      actor      TEXT
    ) STRICT;
    CREATE INDEX outbox_event_item ON outbox_event (outbox_id, seq);

    CREATE TABLE work_order (
      erp_order_id    TEXT PRIMARY KEY,
      plant           TEXT NOT NULL,
      order_type      TEXT NOT NULL DEFAULT '',
      material        TEXT NOT NULL DEFAULT '',
      planned_qty     TEXT NOT NULL,
      confirmed_yield TEXT NOT NULL,
      uom             TEXT NOT NULL,
      status          TEXT NOT NULL,
      scheduled_start INTEGER,
      scheduled_end   INTEGER,
      last_change     TEXT,
      fetched_at      INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE work_order_operation (
      erp_order_id    TEXT NOT NULL REFERENCES work_order (erp_order_id),
      operation_id    TEXT NOT NULL,
      sequence        TEXT NOT NULL DEFAULT '0',
      text            TEXT NOT NULL DEFAULT '',
      work_center     TEXT NOT NULL,
      uom             TEXT NOT NULL,
      planned_qty     TEXT NOT NULL,
      confirmed_yield TEXT NOT NULL,
      confirmed_scrap TEXT NOT NULL,
      released        INTEGER NOT NULL CHECK (released IN (0, 1)),
      confirmed       INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
      PRIMARY KEY (erp_order_id, operation_id, sequence)
    ) STRICT;
    CREATE INDEX work_order_operation_wc ON work_order_operation (work_center);

    CREATE TABLE erp_sync (
      target      TEXT PRIMARY KEY,
      last_change TEXT,
      last_full   INTEGER,
      last_delta  INTEGER,
      last_error  TEXT
    ) STRICT;

    CREATE TABLE line_order (
      line_id      TEXT PRIMARY KEY,
      erp_order_id TEXT NOT NULL,
      operation_id TEXT NOT NULL,
      source       TEXT NOT NULL CHECK (source IN ('supervisor', 'controller')),
      set_by       TEXT NOT NULL,
      set_at       INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE shift_close (
      id              TEXT PRIMARY KEY,
      shift_date      TEXT NOT NULL,
      shift_code      TEXT NOT NULL,
      window_start    INTEGER NOT NULL,
      window_end      INTEGER NOT NULL,
      closed_at       INTEGER NOT NULL,
      closed_by       TEXT NOT NULL,
      override_reason TEXT,
      UNIQUE (shift_date, shift_code)
    ) STRICT;

    -- One row per confirmation sent for a shift; its id is the outbox item id (our ERP reference).
    -- A correction adds a 'reversal' row (reverses = the original) and a new 'post'; nothing is edited.
    CREATE TABLE shift_confirmation (
      id              TEXT PRIMARY KEY REFERENCES outbox (id),
      shift_close_id  TEXT NOT NULL REFERENCES shift_close (id),
      line_id         TEXT NOT NULL,
      erp_order_id    TEXT NOT NULL,
      operation_id    TEXT NOT NULL,
      work_center     TEXT NOT NULL,
      counted_good    INTEGER NOT NULL CHECK (counted_good >= 0),
      counted_reject  INTEGER NOT NULL CHECK (counted_reject >= 0),
      yield_qty       TEXT NOT NULL,
      scrap_qty       TEXT NOT NULL,
      rework_qty      TEXT NOT NULL,
      uom             TEXT NOT NULL,
      adjustments     TEXT NOT NULL,
      variance_flag   INTEGER NOT NULL CHECK (variance_flag IN (0, 1)),
      kind            TEXT NOT NULL CHECK (kind IN ('post', 'reversal')),
      reverses        TEXT REFERENCES shift_confirmation (id),
      reversed_by     TEXT,
      created_at      INTEGER NOT NULL,
      created_by      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX shift_confirmation_close ON shift_confirmation (shift_close_id);
    CREATE INDEX shift_confirmation_order ON shift_confirmation (erp_order_id);
  `);
}
