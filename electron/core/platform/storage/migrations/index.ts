import type { WritableDb } from '../db.ts';
import { up as up0010 } from './0010-initial.ts';
import { up as up0020 } from './0020-production.ts';
import { up as up0030 } from './0030-outbox-erp.ts';
import { up as up0040 } from './0040-people-audit.ts';
import { up as up0050 } from './0050-alerts-cases.ts';
import { up as up0060 } from './0060-holds.ts';
import { up as up0080 } from './0080-outbox-lean.ts';
import { up as up0090 } from './0090-database-identity.ts';
import { up as up0100 } from './0100-outbox-slow-erp.ts';
import { up as up0110 } from './0110-shift-close-reversal.ts';
import { up as up0120 } from './0120-held-jumps.ts';
import { up as up0140 } from './0140-signin-throttle.ts';
import { up as up0160 } from './0160-drop-counter-baseline.ts';
import { up as up0190 } from './0190-case-status-history.ts';
import { up as up0200 } from './0200-core-messages.ts';
import { up as up0210 } from './0210-person-language.ts';
import { up as up0220 } from './0220-hub-devices.ts';
import { up as up0230 } from './0230-alert-open-indexes.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: WritableDb): void;
}

/**
 * Ordered, in steps of 10. Numbers reserved so parallel work does not collide:
 * 0010 initial, 0020 production/downtime, 0030 outbox/ERP, 0040 people/audit, 0050 alerts/cases,
 * 0060 holds, 0070 OPC UA certificates, 0080 outbox: payload apart, history of sends from the row. A released migration is never edited: add a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'initial', up: up0010 },
  { version: 20, name: 'production', up: up0020 },
  { version: 30, name: 'outbox-erp', up: up0030 },
  { version: 40, name: 'people-audit', up: up0040 },
  { version: 50, name: 'alerts-cases', up: up0050 },
  { version: 60, name: 'holds', up: up0060 },
  { version: 80, name: 'outbox-lean', up: up0080 },
  { version: 90, name: 'database-identity', up: up0090 },
  { version: 100, name: 'outbox-slow-erp', up: up0100 },
  { version: 110, name: 'shift-close-reversal', up: up0110 },
  { version: 120, name: 'held-jumps', up: up0120 },
  { version: 140, name: 'signin-throttle', up: up0140 },
  { version: 160, name: 'drop-counter-baseline', up: up0160 },
  { version: 190, name: 'case-status-history', up: up0190 },
  { version: 200, name: 'core-messages', up: up0200 },
  { version: 210, name: 'person-language', up: up0210 },
  { version: 220, name: 'hub-devices', up: up0220 },
  { version: 230, name: 'alert-open-indexes', up: up0230 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * The newest version a shipped console may already be at (the last release). A database at it runs only
 * the steps above it, so a new step is always numbered above this; a number below it would never run on
 * such a database (0170 and 0180 were: renumbered 0210 and 0220). Raise it with each release.
 */
export const LAST_RELEASED_VERSION = 190;

export type MigrateResult =
  | { ok: true; from: number; to: number; applied: number[] }
  | { ok: false; error: { code: 'DB_FROM_NEWER_APP'; message: string } };

export function schemaVersion(db: Pick<WritableDb, 'pragma'>): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the database to `target` (default: latest). All pending steps run in ONE transaction: a failure
 * leaves the database exactly as it was. A database written by a newer app is refused: old code on a
 * newer schema corrupts it quietly.
 */
export function migrate(db: WritableDb, target = LATEST_VERSION, list: readonly Migration[] = MIGRATIONS): MigrateResult {
  const latest = list[list.length - 1]?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) {
    return { ok: false, error: { code: 'DB_FROM_NEWER_APP', message: `The database is at schema version ${from}, newer than this app knows (${latest}). Install the newer console version or restore a backup.` } };
  }
  const pending = list.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return { ok: true, from, to: from, applied: [] };
  const to = pending[pending.length - 1]!.version;
  // A step may rebuild a table (SQLite's procedure for changes ALTER TABLE cannot make): foreign keys
  // are off while tables are swapped (the pragma is ignored inside a transaction, so it is set around
  // it), every reference is checked before the commit instead, and they are switched back on after.
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true })) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) m.up(db);
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (broken.length > 0) {
        const b = broken[0]!;
        throw new Error(`Bug: schema step ${to} left ${broken.length} broken reference(s), the first in ${b.table} row ${b.rowid} to ${b.parent}`);
      }
      // Our own integer, never user input: pragmas take no bound parameters.
      db.pragma(`user_version = ${to}`);
    })();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return { ok: true, from, to, applied: pending.map((m) => m.version) };
}
