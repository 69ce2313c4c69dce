import type { WritableDb } from '../db.ts';

/**
 * case_status_event: every status a maintenance case went through, as the console learnt it (raised as
 * `new`, then each change read back from the CMMS), for the case detail's status history. Until now only
 * the latest status was kept on maint_case. Existing cases get what is known of them: `new` at their
 * creation and, when they have moved on since, their current status at their last update.
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE case_status_event (
      seq      INTEGER PRIMARY KEY,
      case_id  TEXT NOT NULL REFERENCES maint_case (id),
      at       INTEGER NOT NULL,
      status   TEXT NOT NULL CHECK (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR status = 'closed'),
      remote   TEXT
    ) STRICT;
    CREATE INDEX case_status_event_case ON case_status_event (case_id, seq);

    INSERT INTO case_status_event (case_id, at, status, remote)
      SELECT id, created_at, 'new', NULL FROM maint_case ORDER BY created_at, id;
    INSERT INTO case_status_event (case_id, at, status, remote)
      SELECT id, updated_at, status, remote_status FROM maint_case WHERE status <> 'new' ORDER BY updated_at, id;
  `);
}
