import type { WritableDb } from '../db.ts';

/**
 * Each person's own language (issue 18): user_account.language, 'de' or 'en', or NULL for the plant's
 * (plant.language). Kept with the user, so it follows the person to every screen they sign in to.
 */
export function up(db: WritableDb): void {
  db.exec(`ALTER TABLE user_account ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('de', 'en'));`);
}
