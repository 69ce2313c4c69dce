import fs from 'node:fs';
import path from 'node:path';
import type { Clock, Disposable, Logger } from '../ports/ports.ts';
import { DisposableStore } from '../ports/disposableStore.ts';
import { backupIfDue, backupsDir, newestBackup } from './backup.ts';
import type { WritableDb } from './db.ts';
import { type DbIdentity, DB_FILE_NAME, readDbIdentity, writeSidecar } from './dbIdentity.ts';
import { classifyStorageError, damagedMessage, damagedMsg, diskFullMessage, diskFullMsg, freeBytes, MIN_FREE_BYTES, megabytesNeeded, readOnlyMessage, readOnlyMsg, type StorageFaultKind } from './storageFaults.ts';
import type { Message } from '../../../../shared/i18n/index.ts';

export interface StorageStatus {
  at: number;
  state: 'ok' | StorageFaultKind;
  /** What a person reads on every screen; null when all is well. */
  message: string | null;
  /** The same as a catalogue message, shown in the reader's language (absent when all is well). */
  msg?: Message;
}

export interface StorageHealthDeps {
  db: WritableDb;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** The identity written at start; the sidecar is rewritten when the audit head moves past it. */
  identity: DbIdentity;
  publish(status: StorageStatus): void;
  /**
   * How often free space is looked at, the sidecar brought up to the audit head when it moved, and, while
   * in trouble, a write is tried (default 5 s).
   */
  probeMs?: number;
  /** How often a due backup is made (default 30 s; a backup is due once a day). */
  housekeepingMs?: number;
  minFreeBytes?: number;
}

export interface StorageHealth extends Disposable {
  status(): StorageStatus;
  /**
   * A command or worker hit an error: when it is a storage fault, the status changes (every screen is
   * told) and the plain message for the person is returned; otherwise null.
   */
  noteFailure(e: unknown): { code: 'UNAVAILABLE'; message: string; msg?: Message } | null;
  /** One probe round now (the timer runs them too). */
  probe(): StorageStatus;
  /** Brings the sidecar up to date with the audit head (also on the timer, and at dispose). */
  keepSidecar(): void;
}

/**
 * Watches the console's storage while it runs: a full disk, a data folder gone read-only or a damaged
 * database becomes a status every screen shows (stream `system.storage`, re-sent every probe while it
 * lasts so screens opened later see it too), commands that hit it answer with the same plain message,
 * and a full or read-only disk is probed with a real write until it takes one again, then all is well
 * by itself. A damaged database stays damaged until a person restores it.
 */
export function createStorageHealth(deps: StorageHealthDeps): StorageHealth {
  const { db, dataDir, clock } = deps;
  const log = deps.logger.child({ component: 'storage' });
  const minFree = deps.minFreeBytes ?? MIN_FREE_BYTES;
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  let current: StorageStatus = { at: clock.now(), state: 'ok', message: null };
  let sidecarHead = { count: deps.identity.auditCount, hash: deps.identity.auditHash };
  let disposed = false;

  const messageFor = (kind: StorageFaultKind): string =>
    kind === 'full' ? diskFullMessage(dataDir, megabytesNeeded(dataDir, minFree)) : kind === 'readonly' ? readOnlyMessage(dataDir) : damagedMessage(dbFile, newestBackup(dataDir)?.file ?? null, backupsDir(dataDir));

  const msgFor = (kind: StorageFaultKind): Message =>
    kind === 'full' ? diskFullMsg(dataDir, megabytesNeeded(dataDir, minFree)) : kind === 'readonly' ? readOnlyMsg(dataDir) : damagedMsg(dbFile, newestBackup(dataDir)?.file ?? null, backupsDir(dataDir));

  const set = (state: StorageStatus['state']): void => {
    const message = state === 'ok' ? null : messageFor(state);
    const changed = state !== current.state;
    current = { at: clock.now(), state, message, ...(state === 'ok' ? {} : { msg: msgFor(state) }) };
    if (changed) {
      if (state === 'ok') log.info('Storage takes writes again');
      else log.error('Storage fault', { state, reason: message });
    }
    if (changed || state !== 'ok') {
      try {
        deps.publish(current);
      } catch (e) {
        log.error('Publishing the storage status failed', { error: e as Error });
      }
    }
  };

  const kindOf = (e: unknown): StorageFaultKind | null => {
    const kind = classifyStorageError(e);
    if (kind) return kind;
    // A write that failed with an I/O error on a disk without room is a full disk, whatever SQLite called it.
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code.startsWith('SQLITE_IOERR') && (freeBytes(dataDir) ?? Infinity) < minFree) return 'full';
    return null;
  };

  const upsert = db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const tryWrite = (): StorageFaultKind | null => {
    try {
      db.transaction(() => upsert.run('storage_probe', String(clock.now())))();
      return null;
    } catch (e) {
      return kindOf(e) ?? 'full';
    }
  };

  const probe = (): StorageStatus => {
    if (disposed || current.state === 'damaged') {
      if (current.state !== 'ok') set(current.state);
      return current;
    }
    const free = freeBytes(dataDir);
    const short = free !== null && free < minFree;
    if (current.state === 'ok') {
      if (short) set('full');
      // The sidecar follows the audit head within one probe period (only written when it moved).
      else keepSidecar();
      return current;
    }
    const problem = short ? 'full' : tryWrite();
    set(problem ?? 'ok');
    return current;
  };

  const keepSidecar = (): void => {
    if (disposed && !db.open) return;
    try {
      const id = readDbIdentity(db);
      if (id.auditCount === sidecarHead.count && id.auditHash === sidecarHead.hash) return;
      writeSidecar(dataDir, id, clock.now());
      sidecarHead = { count: id.auditCount, hash: id.auditHash };
    } catch (e) {
      const kind = kindOf(e);
      if (kind) set(kind);
      else log.warn('Writing the database identity file failed', { error: e as Error });
    }
  };

  const housekeeping = (): void => {
    if (current.state !== 'ok') return;
    try {
      const dbBytes = fs.statSync(dbFile).size;
      if ((freeBytes(dataDir) ?? 0) < 2 * dbBytes + minFree) return;
      const made = backupIfDue(db, dataDir, clock.now());
      if (made) log.info('Database backed up', { file: made });
    } catch (e) {
      const kind = kindOf(e);
      if (kind && kind !== 'full') set(kind);
      else log.warn('Backup failed', { error: e as Error });
    }
  };

  const timers = new DisposableStore();
  timers.add(clock.setInterval(deps.probeMs ?? 5000, probe));
  timers.add(clock.setInterval(deps.housekeepingMs ?? 30_000, housekeeping));

  return {
    status: () => current,
    noteFailure(e) {
      const kind = kindOf(e);
      if (!kind) return null;
      set(kind);
      return { code: 'UNAVAILABLE', message: current.message ?? messageFor(kind), msg: current.msg ?? msgFor(kind) };
    },
    probe,
    keepSidecar,
    dispose() {
      if (disposed) return;
      timers.dispose();
      if (current.state === 'ok' && db.open) keepSidecar();
      disposed = true;
    },
  };
}
