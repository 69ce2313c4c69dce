import type { WritableDb } from '../db.ts';

/**
 * Texts the console writes for a person to read later keep their catalogue message (key in namespace
 * `core` + parameters, JSON) beside the English text, so a screen shows them in the reader's language,
 * whatever language the console ran in when it wrote them (issue 18):
 * - outbox_event.note_msg: an outbox item's history line (why it was retried, rejected, parked; who
 *   resent or discarded it and why).
 * - alert.title_msg / alert.detail_msg: the texts of the alerts the console raises itself (line stopped,
 *   rate, rejects, controller link); an alarm from a controller keeps the controller's own text.
 * Rows written before keep NULL there: the screen shows their English text, as it did.
 */
export function up(db: WritableDb): void {
  db.exec(`
    ALTER TABLE outbox_event ADD COLUMN note_msg TEXT CHECK (note_msg IS NULL OR json_valid(note_msg));
    ALTER TABLE alert ADD COLUMN title_msg TEXT CHECK (title_msg IS NULL OR json_valid(title_msg));
    ALTER TABLE alert ADD COLUMN detail_msg TEXT CHECK (detail_msg IS NULL OR json_valid(detail_msg));
  `);
}
