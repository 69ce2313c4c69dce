import type { WritableDb } from '../db.ts';

/**
 * The outbox under a slow ERP (issue 14):
 * - `outbox_sent`: when each ordering key last left, for the per-order gap (minOrderGapSec) after a
 *   restart. A partial index on `sent_at`: enqueues (sent_at NULL) cost nothing; a send moves one entry.
 * - `outbox_duplicate`: a read-back that found two or more records under one reference. Each row names
 *   the extra record, the cancellation enqueued for it (NULL when the kind has none: a person decides),
 *   and when the cancellation was confirmed; the outbox screen and `outbox.stats` show them.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE INDEX outbox_sent ON outbox (target, sent_at) WHERE sent_at IS NOT NULL;

    CREATE TABLE outbox_duplicate (
      seq          INTEGER PRIMARY KEY,
      item_id      TEXT NOT NULL,
      target       TEXT NOT NULL,
      found_at     INTEGER NOT NULL,
      records      INTEGER NOT NULL CHECK (records >= 2),
      extra_keys   TEXT NOT NULL,
      cancel_id    TEXT,
      UNIQUE (item_id, extra_keys)
    ) STRICT;
    CREATE INDEX outbox_duplicate_cancel ON outbox_duplicate (cancel_id) WHERE cancel_id IS NOT NULL;
  `);
}
