import { type Message, msg } from '../../../../shared/i18n/index.ts';
import fs from 'node:fs';

/**
 * What a failed read or write of the console's storage means for a person: the disk is full, the data
 * folder is read-only, or the database file is damaged. Anything else is not a storage fault (null).
 */
export type StorageFaultKind = 'full' | 'readonly' | 'damaged';

const MB = 1024 * 1024;

/** Free space the console wants before it starts or resumes writing: room for the WAL, a backup step, logs. */
export const MIN_FREE_BYTES = 8 * MB;

/** SQLite's result codes (better-sqlite3 puts the extended name in `code`) and Node's errno codes. */
export function classifyStorageError(e: unknown): StorageFaultKind | null {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readonly';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
  return null;
}

/** Bytes a process may still write on the file system holding `dir`, or null when it cannot be read. */
export function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Megabytes missing before `dir` has the free space the console wants (at least 1 when short). */
export function megabytesNeeded(dir: string, wantBytes = MIN_FREE_BYTES): number {
  const free = freeBytes(dir) ?? 0;
  return free >= wantBytes ? 1 : Math.max(1, Math.ceil((wantBytes - free) / MB));
}

export const diskFullMessage = (dir: string, neededMb: number): string =>
  `The disk is full at ${dir}: ${neededMb} MB needed. Nothing can be saved until space is freed; the console carries on by itself when it is.`;

export const readOnlyMessage = (dir: string): string =>
  `The data folder ${dir} is read-only: the console cannot save anything there. Make it writable again (check how the disk is mounted and the folder's permissions), or start with --data-dir pointing at a writable folder.`;

/** The same texts as catalogue messages (namespace core, group storage): every screen shows them in the reader's language. */
export const diskFullMsg = (dir: string, neededMb: number): Message => msg('storage.diskFull', { dir, mb: String(neededMb) });
export const readOnlyMsg = (dir: string): Message => msg('storage.readOnly', { dir, option: '--data-dir' });
export const damagedMsg = (dbFile: string, newestBackup: string | null, backupsFolder: string): Message =>
  newestBackup ? msg('storage.damagedWithBackup', { dbFile, backup: newestBackup, option: '--accept-database-change' }) : msg('storage.damagedNoBackup', { dbFile, folder: backupsFolder });

export function damagedMessage(dbFile: string, newestBackup: string | null, backupsFolder: string): string {
  return newestBackup
    ? `The database at ${dbFile} is damaged. Restore the last backup: ${newestBackup} (stop the console, copy it over ${dbFile}, remove ${dbFile}-wal and ${dbFile}-shm if present, then start again with --accept-database-change, since the backup is older than the damaged database).`
    : `The database at ${dbFile} is damaged. No backup was found in ${backupsFolder}; restore one from the plant's own backups, or move the damaged file aside to start with a new database.`;
}
