import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../ports/ports.ts';
import { backupIfDue, backupsDir, newestBackup } from './backup.ts';
import { openDatabase, type WritableDb } from './db.ts';
import { migrate, schemaVersion } from './migrations/index.ts';
import { classifyStorageError, damagedMessage, diskFullMessage, freeBytes, MIN_FREE_BYTES, megabytesNeeded, readOnlyMessage } from './storageFaults.ts';
import { prepared } from './prepared.ts';

/**
 * The console remembers which database it had. The database carries a random id (app_meta.database_id,
 * migration 0090); a small sidecar file beside it keeps that id and the audit chain's head (count and
 * last hash), rewritten atomically on every start and whenever the audit head moved (storageHealth.ts).
 * At start-up the two are compared: a database that is gone, empty, another console's, or older than
 * the sidecar's audit head is refused until an administrator decides (command-line flags), because
 * starting over it silently would begin a new plant history and lose the old one from view.
 */
export const DB_FILE_NAME = 'console.db';
export const SIDECAR_NAME = 'console.db.identity.json';

export interface DbIdentity {
  databaseId: string;
  plantId: string | null;
  auditCount: number;
  auditHash: string;
}

export interface Sidecar extends DbIdentity {
  version: 1;
  /** When the sidecar was written (ms since the epoch). */
  writtenAt: number;
}

export interface AcceptFlags {
  /** `--accept-new-database`: the database is gone or empty and the administrator wants a new one. */
  acceptNewDatabase?: boolean;
  /** `--accept-database-change`: the database is another console's or older, and is to be used from now on. */
  acceptDatabaseChange?: boolean;
}

export const sidecarPath = (dataDir: string): string => path.join(dataDir, SIDECAR_NAME);

/** The sidecar, or null when there is none (a fresh machine, or a console from before identities). */
export function readSidecar(dataDir: string, log?: Logger): Sidecar | null {
  let text: string;
  try {
    text = fs.readFileSync(sidecarPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const s = JSON.parse(text) as Partial<Sidecar>;
    if (s.version === 1 && typeof s.databaseId === 'string' && typeof s.auditCount === 'number' && typeof s.auditHash === 'string') return s as Sidecar;
  } catch {
    // fall through
  }
  log?.warn('The database identity file is unreadable; it is written again from the database', { file: sidecarPath(dataDir) });
  return null;
}

/** Write to a temporary file, flush it, rename over the old one, flush the folder: never half a sidecar. */
export function writeSidecar(dataDir: string, identity: DbIdentity, now: number): void {
  const file = sidecarPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const body: Sidecar = { version: 1, ...identity, writtenAt: now };
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(body, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dataDir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic.
  }
}

export function readDbIdentity(db: Pick<WritableDb, 'prepare'>): DbIdentity {
  const meta = (key: string) => (prepared(db, 'SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  const head = prepared(db, 'SELECT count, last_hash FROM audit_head WHERE id = 1').get() as { count: number; last_hash: string } | undefined;
  return { databaseId: meta('database_id') ?? '', plantId: meta('plant_id'), auditCount: head?.count ?? 0, auditHash: head?.last_hash ?? '' };
}

const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function backupHint(dataDir: string): string {
  const b = newestBackup(dataDir);
  return b ? `The newest backup is ${b.file}, made ${when(b.at)}.` : `No backup was found in ${backupsDir(dataDir)}.`;
}

/**
 * The data folder takes a real, flushed write (root ignores permission bits; a read-only mount does not)
 * and its disk has `minFree` bytes free. Returns the plain refusal, or null. Hosts call it before they
 * open their log file in the folder, so a read-only or full folder is named instead of crashing there.
 */
export function checkDataFolder(dataDir: string, minFree = MIN_FREE_BYTES): string | null {
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    const fd = fs.openSync(probe, 'w');
    try {
      fs.writeSync(fd, Buffer.alloc(4096));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    const kind = classifyStorageError(e);
    if (kind === 'full') return diskFullMessage(dataDir, megabytesNeeded(dataDir, minFree));
    if (kind === 'readonly') return readOnlyMessage(dataDir);
    return `The data folder ${dataDir} does not take writes (${(e as NodeJS.ErrnoException).code ?? 'error'}). Make it writable, or start with --data-dir pointing at a writable folder.`;
  } finally {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // nothing was written
    }
  }
  const free = freeBytes(dataDir);
  if (free !== null && free < minFree) return diskFullMessage(dataDir, megabytesNeeded(dataDir, minFree));
  return null;
}

export type StartRefusal = { ok: false; code: 'DATABASE' | 'DATA_DIR'; message: string };
export type CheckedDatabase = {
  ok: true;
  db: WritableDb;
  identity: DbIdentity;
  migrated: { from: number; to: number; applied: number[] };
  /** The backup made at this start, if one was due. */
  backup: string | null;
};

export interface OpenCheckedOptions extends AcceptFlags {
  dataDir: string;
  plantId: string;
  now: number;
  log: Logger;
  /** Free space wanted before start; tests of small file systems pass their own. */
  minFreeBytes?: number;
}

/**
 * Everything the console checks about its storage before it says it started: the data folder takes a
 * write, the disk has room, the database is the one it had (identity), is not damaged (quick_check),
 * is at a schema this app knows (migrations), and takes a real write (kept in app_meta.last_start).
 * Every refusal is one plain message for a person; nothing is left open.
 */
export function openCheckedDatabase(o: OpenCheckedOptions): CheckedDatabase | StartRefusal {
  const { dataDir, log } = o;
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  const minFree = o.minFreeBytes ?? MIN_FREE_BYTES;
  const refuse = (code: StartRefusal['code'], message: string): StartRefusal => {
    log.error('Start refused: storage', { reason: message });
    return { ok: false, code, message };
  };
  const asFault = (e: unknown): StartRefusal | null => {
    const kind = classifyStorageError(e);
    if (kind === 'full') return refuse('DATA_DIR', diskFullMessage(dataDir, megabytesNeeded(dataDir, minFree)));
    if (kind === 'readonly') return refuse('DATA_DIR', readOnlyMessage(dataDir));
    if (kind === 'damaged') return refuse('DATABASE', damagedMessage(dbFile, newestBackup(dataDir)?.file ?? null, backupsDir(dataDir)));
    return null;
  };

  // 1. The data folder takes a real write and the disk has room.
  const folder = checkDataFolder(dataDir, minFree);
  if (folder) return refuse('DATA_DIR', folder);

  // 2. Is the database the one this console had?
  const sidecar = readSidecar(dataDir, log);
  let size: number | null = null;
  try {
    size = fs.statSync(dbFile).size;
  } catch {
    size = null;
  }
  const lastSeen = sidecar ? `last used ${when(sidecar.writtenAt)}, with ${sidecar.auditCount} audit records` : '';
  const newDbConsequence = 'Starting over it would begin a new, empty plant history: outbox items, shift closes and the audit trail would no longer be there.';
  const askNew = 'If an administrator decides to start with a new, empty database, start the console with --accept-new-database.';
  const askChange = 'If an administrator decides this database is to be used from now on, start the console with --accept-database-change.';
  if (sidecar && !o.acceptNewDatabase) {
    if (size === null) return refuse('DATABASE', `The database at ${dbFile} is missing, but this console had one (${lastSeen}). ${newDbConsequence} ${backupHint(dataDir)} ${askNew}`);
    if (size === 0) return refuse('DATABASE', `The database at ${dbFile} is empty (0 bytes), but this console had one (${lastSeen}). ${newDbConsequence} ${backupHint(dataDir)} ${askNew}`);
  }

  // 3. Open, check, migrate, identify, prove a write.
  let db: WritableDb | null = null;
  const close = () => {
    try {
      db?.close();
    } catch {
      // already closed
    }
    db = null;
  };
  try {
    const opened = openDatabase(dbFile);
    if (!opened.ok) return asFault(opened.error.cause) ?? refuse('DATABASE', opened.error.message);
    db = opened.db;
    const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    if (check.length !== 1 || check[0] !== 'ok') {
      log.error('Database quick_check failed', { file: dbFile, problems: check.slice(0, 5).join('; ') });
      close();
      return refuse('DATABASE', damagedMessage(dbFile, newestBackup(dataDir)?.file ?? null, backupsDir(dataDir)));
    }
    if (sidecar && schemaVersion(db) === 0 && !o.acceptNewDatabase) {
      close();
      return refuse('DATABASE', `The database at ${dbFile} is empty (it holds no console data), but this console had one (${lastSeen}). ${newDbConsequence} ${backupHint(dataDir)} ${askNew}`);
    }
    const migrated = migrate(db);
    if (!migrated.ok) {
      close();
      return refuse('DATABASE', migrated.error.message);
    }
    const current = readDbIdentity(db);
    if (sidecar && !o.acceptNewDatabase && !o.acceptDatabaseChange) {
      const problem = compareIdentity(db, sidecar, current);
      if (problem) {
        close();
        const plant = current.plantId && current.plantId !== o.plantId ? ` (plant "${current.plantId}")` : '';
        const text =
          problem === 'foreign'
            ? `The database at ${dbFile} is not the one this console last used: it is another console's database${plant}.`
            : problem === 'older'
              ? `The database at ${dbFile} is older than the one this console last used: its audit trail has ${current.auditCount} records, the console had seen ${sidecar.auditCount} (${when(sidecar.writtenAt)}). Records may have been lost (a backup put back, or the database file copied without its -wal file).`
              : `The database at ${dbFile} is not the one this console last used: its audit trail does not continue the one the console saw last (${when(sidecar.writtenAt)}).`;
        return refuse('DATABASE', `${text} ${backupHint(dataDir)} ${askChange}`);
      }
    }
    if (sidecar && (sidecar.databaseId !== current.databaseId || current.auditCount < sidecar.auditCount)) {
      log.warn('Database change accepted by the administrator', { file: dbFile, auditCount: current.auditCount, sidecarAuditCount: sidecar.auditCount, acceptNewDatabase: o.acceptNewDatabase === true, acceptDatabaseChange: o.acceptDatabaseChange === true });
      fs.copyFileSync(sidecarPath(dataDir), `${sidecarPath(dataDir)}.replaced-${o.now}`);
    }
    // A real write, committed: sign-in and every command after it write too.
    const upsert = db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const plantRow = db.prepare("SELECT value FROM app_meta WHERE key = 'plant_id'");
    db.transaction(() => {
      if (!plantRow.get()) upsert.run('plant_id', o.plantId);
      upsert.run('last_start', String(o.now));
    })();
    const identity = readDbIdentity(db);
    writeSidecar(dataDir, identity, o.now);
    let backup: string | null = null;
    try {
      const dbBytes = fs.statSync(dbFile).size;
      if ((freeBytes(dataDir) ?? 0) > 2 * dbBytes + minFree) backup = backupIfDue(db, dataDir, o.now);
      else log.warn('No start-up backup: not enough free space for one', { dataDir, dbBytes });
    } catch (e) {
      log.warn('Start-up backup failed', { error: e as Error });
    }
    if (backup) log.info('Database backed up', { file: backup });
    return { ok: true, db, identity, migrated, backup };
  } catch (e) {
    close();
    const fault = asFault(e);
    if (fault) return fault;
    log.error('Database check failed', { error: e as Error });
    return refuse('DATABASE', `The database at ${dbFile} could not be checked: ${(e as Error).message}. ${backupHint(dataDir)}`);
  }
}

function compareIdentity(db: WritableDb, sidecar: Sidecar, current: DbIdentity): 'foreign' | 'older' | 'diverged' | null {
  if (sidecar.databaseId !== current.databaseId) return 'foreign';
  if (current.auditCount < sidecar.auditCount) return 'older';
  if (sidecar.auditCount > 0) {
    const row = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(sidecar.auditCount) as { hash: string } | undefined;
    if (row && row.hash !== sidecar.auditHash) return 'diverged';
  }
  return null;
}
