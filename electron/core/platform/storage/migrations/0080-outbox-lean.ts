import type { WritableDb } from '../db.ts';

/**
 * The outbox table rebuilt for the drain's hot path (the migration runner turns foreign keys off around
 * the swap and checks every reference before the commit).
 *
 * While a backlog drains every item row is rewritten twice (`sending`, then its outcome) and each commit
 * is fsynced. Three changes, each measured (see docs/outbox.md):
 * - The payload is immutable, so it moves to `outbox_payload`, written once at enqueue and never touched
 *   again: a 4 KiB page now holds ~25 item rows instead of ~5, so each rewrite dirties fewer pages.
 * - `sent_at` records when the current attempt left, so the history of an attempt that succeeds is read
 *   from the row itself (outboxRepo.eventsOf): only failures, read-backs and people write history rows.
 * - CHECK lists are written as OR chains: SQLite builds an ephemeral index for `x IN ('a', 'b', …)` each
 *   time the statement runs, which cost about a fifth of an enqueue's statement time; the comparisons cost nothing measurable.
 *
 * `outbox_item` is the row with its payload, for every read that needs the payload.
 */
export function up(db: WritableDb): void {
  db.exec(`
    -- No foreign key: the one writer (enqueueOutbox) inserts the row and its payload together, and the
    -- parent lookup cost about 5 % of an enqueue's statement time.
    CREATE TABLE outbox_payload (
      seq     INTEGER PRIMARY KEY,
      payload TEXT NOT NULL
    ) STRICT;
    INSERT INTO outbox_payload (seq, payload) SELECT seq, payload FROM outbox ORDER BY seq;

    CREATE TABLE outbox_next (
      seq              INTEGER PRIMARY KEY, -- rowid; rows are never deleted, so it only grows
      id               TEXT NOT NULL UNIQUE,
      target           TEXT NOT NULL,
      kind             TEXT NOT NULL,
      ordering_key     TEXT NOT NULL,
      state            TEXT NOT NULL CHECK (state = 'queued' OR state = 'sending' OR state = 'done' OR state = 'needs_check' OR state = 'rejected' OR state = 'parked'),
      attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at  INTEGER NOT NULL,
      first_sent_at    INTEGER,
      sent_at          INTEGER,
      check_after      INTEGER,
      batch_id         TEXT,
      last_error       TEXT,
      remote_keys      TEXT,
      resolved_by      TEXT CHECK (resolved_by = 'response' OR resolved_by = 'readback' OR resolved_by = 'person'),
      supersedes       TEXT REFERENCES outbox (id),
      resolution       TEXT CHECK (resolution = 'superseded' OR resolution = 'discarded'),
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL
    ) STRICT;
    -- Items in flight when the last console stopped already carry their 'sending' history row.
    INSERT INTO outbox_next (seq, id, target, kind, ordering_key, state, attempts, next_attempt_at, first_sent_at, sent_at, check_after, batch_id, last_error, remote_keys, resolved_by, supersedes, resolution, created_at, updated_at)
      SELECT seq, id, target, kind, ordering_key, state, attempts, next_attempt_at, first_sent_at, CASE WHEN state = 'sending' THEN updated_at END, check_after, batch_id, last_error, remote_keys, resolved_by, supersedes, resolution, created_at, updated_at
      FROM outbox ORDER BY seq;
    DROP TABLE outbox;
    ALTER TABLE outbox_next RENAME TO outbox;
    -- As in 0030: the worker's walk over open items in enqueue order, and unknown outcomes to read back.
    CREATE INDEX outbox_open ON outbox (target, seq, ordering_key, state, next_attempt_at, kind) WHERE state <> 'done';
    CREATE INDEX outbox_check ON outbox (target, check_after) WHERE state = 'needs_check';

    CREATE VIEW outbox_item AS SELECT o.*, p.payload FROM outbox AS o JOIN outbox_payload AS p ON p.seq = o.seq;
  `);
}
