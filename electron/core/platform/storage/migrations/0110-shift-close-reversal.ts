import type { WritableDb } from '../db.ts';

/**
 * Shift close, reversal and correction: a closed shift can be reversed as a whole (every posted
 * confirmation cancelled in the ERP, audited with a reason), after which it is open again and its
 * next close posts with the next correction number. Closing early or with no production needs an
 * explicit acknowledgement, kept with the close.
 */
export function up(db: WritableDb): void {
  db.exec(`
    ALTER TABLE shift_close ADD COLUMN state TEXT NOT NULL DEFAULT 'closed' CHECK (state = 'closed' OR state = 'reversed');
    ALTER TABLE shift_close ADD COLUMN correction INTEGER NOT NULL DEFAULT 0 CHECK (correction >= 0);
    ALTER TABLE shift_close ADD COLUMN reversed_at INTEGER;
    ALTER TABLE shift_close ADD COLUMN reversed_by TEXT;
    ALTER TABLE shift_close ADD COLUMN reversal_reason TEXT;
    ALTER TABLE shift_close ADD COLUMN acknowledged TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(acknowledged) AND json_type(acknowledged) = 'array');
    ALTER TABLE shift_confirmation ADD COLUMN correction INTEGER NOT NULL DEFAULT 0 CHECK (correction >= 0);
  `);
}
