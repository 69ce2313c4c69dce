import type { WritableDb } from '../db.ts';

/**
 * The outbox row becomes small and its hot transitions write no history rows.
 *
 * While a backlog drains, every item is rewritten twice (`sending`, then its outcome) and each commit
 * is fsynced. With the frozen payload inside the row, those rewrites dirtied a page per four or five
 * items, and two history rows per item doubled the pages again: the drain spent more time committing
 * than the ERP spent answering. The payload is immutable, so it moves to its own table, written once at
 * enqueue and never touched again; `sent_at` records when the current attempt left, so the history of
 * an attempt that succeeds is read from the row itself (see outboxRepo.eventsOf) and only attempts that
 * fail, read-backs and people's actions write history rows.
 *
 * `outbox_item` is the row with its payload, for every read that needs the payload.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE outbox_payload (
      seq     INTEGER PRIMARY KEY REFERENCES outbox (seq),
      payload TEXT NOT NULL
    ) STRICT;
    INSERT INTO outbox_payload (seq, payload) SELECT seq, payload FROM outbox ORDER BY seq;
    ALTER TABLE outbox DROP COLUMN payload;
    ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
    -- Items sent before this step already carry their 'sending' history row.
    UPDATE outbox SET sent_at = updated_at WHERE state = 'sending';
    CREATE VIEW outbox_item AS SELECT o.*, p.payload FROM outbox AS o JOIN outbox_payload AS p ON p.seq = o.seq;
  `);
}
