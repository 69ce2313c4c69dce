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
    -- Everything the worker looks for is an item not yet done, walked in enqueue order. The index is
    -- keyed by seq, so an enqueue appends to its last page instead of touching a page per ordering key,
    -- and done items (nearly all rows, over years) leave it. It covers the head-of-key scan.
    CREATE INDEX outbox_open ON outbox (target, seq, ordering_key, state, next_attempt_at, kind) WHERE state <> 'done';
    -- Unknown outcomes waiting to be read back: few rows, none at enqueue.
    CREATE INDEX outbox_check ON outbox (target, check_after) WHERE state = 'needs_check';

    -- History per item, keyed by the item's seq: a batch's events land on neighbouring index pages
    -- (a UUID key would touch one page per item at every commit).
    CREATE TABLE outbox_event (
      seq        INTEGER PRIMARY KEY,
      outbox_seq INTEGER NOT NULL REFERENCES outbox (seq),
      at         INTEGER NOT NULL,
      from_state TEXT,
      to_state   TEXT NOT NULL,
      note       TEXT NOT NULL DEFAULT '',
      actor      TEXT
    ) STRICT;
    CREATE INDEX outbox_event_item ON outbox_event (outbox_seq, seq);

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
