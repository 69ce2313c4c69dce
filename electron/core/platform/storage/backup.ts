import fs from 'node:fs';
import path from 'node:path';
import type { WritableDb } from './db.ts';

/**
 * A consistent copy of the live database with `VACUUM INTO` (one read transaction: writers carry on,
 * the copy is the state at its start). The file must not exist yet.
 */
export function backupTo(db: WritableDb, file: string): void {
  if (fs.existsSync(file)) throw new Error(`Backup file ${file} already exists`);
  db.prepare('VACUUM INTO ?').run(file);
}

/** Where the console keeps its own backups: `<data dir>/backups/console-<UTC time>.db`. */
export const backupsDir = (dataDir: string): string => path.join(dataDir, 'backups');

const BACKUP_NAME = /^console-(\d{8}T\d{6}Z)\.db$/;

/** The newest complete backup in the data folder's backups folder, or null. */
export function newestBackup(dataDir: string): { file: string; at: number } | null {
  let names: string[];
  try {
    names = fs.readdirSync(backupsDir(dataDir));
  } catch {
    return null;
  }
  const found = names.filter((n) => BACKUP_NAME.test(n)).sort();
  const last = found[found.length - 1];
  if (!last) return null;
  return { file: path.join(backupsDir(dataDir), last), at: parseStamp(BACKUP_NAME.exec(last)![1]!) };
}

/** `20261206T083405Z` → ms since the epoch (the name, not the file's time: a copied backup keeps its age). */
function parseStamp(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export interface BackupPolicy {
  /** A new backup is made when the newest is older than this. */
  everyMs: number;
  /** How many backups to keep (oldest removed first). */
  keep: number;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { everyMs: 24 * 3600_000, keep: 3 };

/**
 * Makes a backup when the newest is older than the policy says; keeps the newest `keep`. Written to a
 * temporary name and renamed, so a backup cut off by a full disk or a kill is never taken for a whole one.
 * Returns the new file, or null when none was due.
 */
export function backupIfDue(db: WritableDb, dataDir: string, now: number, policy: BackupPolicy = DEFAULT_BACKUP_POLICY): string | null {
  const newest = newestBackup(dataDir);
  if (newest && now - newest.at < policy.everyMs) return null;
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `console-${stamp(now)}.db`);
  if (fs.existsSync(file)) return null;
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    backupTo(db, partial);
    fs.renameSync(partial, file);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  const all = fs.readdirSync(dir).filter((n) => BACKUP_NAME.test(n)).sort();
  for (const old of all.slice(0, Math.max(0, all.length - policy.keep))) fs.rmSync(path.join(dir, old), { force: true });
  return file;
}
