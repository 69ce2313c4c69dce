import type { WritableDb } from '../db.ts';

/**
 * Alerts and maintenance cases.
 *
 * alert: one row per occurrence of a condition (`key`, e.g. "downtime:L1"). While a row is open
 * (active, or cleared but not yet acknowledged, and not dismissed) a new raise of the same key revives
 * that row instead of adding one, so a chattering condition is one row with a raise count. A partial
 * unique index keeps at most one open row per key. Shelving: `shelve_remaining_ms` is counted down on
 * a monotonic clock, `shelve_checked_at` is the wall time of the last count (used only across restarts).
 *
 * alert_event: the alert's sequence (raised, escalated, cleared, acknowledged, shelved, …): the
 * evidence a case carries. Append-only.
 *
 * maint_case: one row per case; `id` is also the outbox id of its create and our reference in the
 * CMMS. case_alert links alerts to the case; case_note holds every note added later (each one a
 * case.update in the outbox, whose id is embedded in the remote note so it can be read back).
 */
export function up(db: WritableDb): void {
  db.exec(`
    CREATE TABLE alert (
      id                  INTEGER PRIMARY KEY,
      key                 TEXT NOT NULL,
      source              TEXT NOT NULL CHECK (source IN ('downtime', 'link', 'rate', 'reject', 'opcua')),
      line_id             TEXT,
      asset_id            TEXT,
      priority            INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
      title               TEXT NOT NULL,
      detail              TEXT NOT NULL DEFAULT '',
      active              INTEGER NOT NULL CHECK (active IN (0, 1)),
      acked               INTEGER NOT NULL CHECK (acked IN (0, 1)),
      acked_by            TEXT,
      acked_at            INTEGER,
      suppressed          INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1)),
      shelve_kind         TEXT CHECK (shelve_kind IN ('timed', 'oneShot')),
      shelve_reason       TEXT,
      shelve_by           TEXT,
      shelve_at           INTEGER,
      shelve_remaining_ms INTEGER CHECK (shelve_remaining_ms >= 0),
      shelve_checked_at   INTEGER,
      dismissed           INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)),
      dismiss_reason      TEXT,
      assigned_to         TEXT,
      first_raised_at     INTEGER NOT NULL,
      last_raised_at      INTEGER NOT NULL,
      cleared_at          INTEGER,
      raise_count         INTEGER NOT NULL DEFAULT 1 CHECK (raise_count >= 1),
      downtime_event_id   INTEGER,
      external_id         TEXT,
      case_id             TEXT,
      revision            INTEGER NOT NULL DEFAULT 0,
      updated_at          INTEGER NOT NULL,
      CHECK (shelve_kind IS NULL OR (shelve_reason IS NOT NULL AND shelve_by IS NOT NULL)),
      CHECK (dismissed = 0 OR dismiss_reason IS NOT NULL)
    ) STRICT;
    CREATE UNIQUE INDEX alert_one_open_per_key ON alert (key) WHERE dismissed = 0 AND (active = 1 OR acked = 0);
    CREATE INDEX alert_updated ON alert (updated_at);
    CREATE INDEX alert_line ON alert (line_id, last_raised_at);

    CREATE TABLE alert_event (
      seq       INTEGER PRIMARY KEY,
      alert_id  INTEGER NOT NULL REFERENCES alert (id),
      at        INTEGER NOT NULL,
      kind      TEXT NOT NULL,
      by        TEXT,
      note      TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX alert_event_alert ON alert_event (alert_id, seq);
    CREATE INDEX alert_event_raised ON alert_event (at) WHERE kind = 'raised';

    CREATE TABLE maint_case (
      id                TEXT PRIMARY KEY,
      line_id           TEXT NOT NULL,
      asset_id          TEXT,
      asset_key         TEXT NOT NULL,
      title             TEXT NOT NULL,
      priority          INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
      machine_down      INTEGER NOT NULL CHECK (machine_down IN (0, 1)),
      malfunction_start INTEGER,
      status            TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'closed')),
      system            TEXT CHECK (system IN ('servicenow', 'maintainx')),
      external_id       TEXT,
      external_number   TEXT,
      remote_status     TEXT,
      status_checked_at INTEGER,
      evidence          TEXT NOT NULL CHECK (json_valid(evidence)),
      created_by        TEXT NOT NULL,
      created_at        INTEGER NOT NULL,
      updated_at        INTEGER NOT NULL,
      closed_at         INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX maint_case_one_open_per_asset ON maint_case (asset_key) WHERE status <> 'closed';

    CREATE TABLE case_alert (
      case_id   TEXT NOT NULL REFERENCES maint_case (id),
      alert_id  INTEGER NOT NULL REFERENCES alert (id),
      added_at  INTEGER NOT NULL,
      PRIMARY KEY (case_id, alert_id)
    ) STRICT;

    CREATE TABLE case_note (
      outbox_id TEXT PRIMARY KEY,
      case_id   TEXT NOT NULL REFERENCES maint_case (id),
      at        INTEGER NOT NULL,
      by        TEXT NOT NULL,
      text      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX case_note_case ON case_note (case_id, at);
  `);
}
