import fs from 'node:fs';
import type { WritableDb } from './db.ts';

/**
 * A consistent copy of the live database with `VACUUM INTO` (one read transaction: writers carry on,
 * the copy is the state at its start). The file must not exist yet.
 */
export function backupTo(db: WritableDb, file: string): void {
  if (fs.existsSync(file)) throw new Error(`Backup file ${file} already exists`);
  db.prepare('VACUUM INTO ?').run(file);
}
