import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../../../electron/core/storage/migrations/index.ts';
import type { WritableDb } from '../../../../../electron/core/storage/db.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const freshDb = () => openTestDb(tmp.dir, `m${++n}.db`);

describe('migration runner', () => {
  it('numbers migrations as rising multiples of 10 (numbers are reserved per domain, see index.ts)', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version % 10).toBe(0);
      if (i > 0) expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]!.version);
    });
    expect(LATEST_VERSION).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('brings a fresh database to the latest version, then has nothing to do', () => {
    const db = freshDb();
    const first = migrate(db);
    expect(first).toEqual({ ok: true, from: 0, to: LATEST_VERSION, applied: MIGRATIONS.map((m) => m.version) });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toEqual({ ok: true, from: LATEST_VERSION, to: LATEST_VERSION, applied: [] });
    db.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const db = freshDb();
    migrate(db);
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    const r = migrate(db);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('DB_FROM_NEWER_APP');
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 10);
    db.close();
  });

  it('runs all pending steps in one transaction: a failing step leaves the database as it was', () => {
    const db = freshDb();
    const list = [
      { version: 10, name: 'a', up: (d: WritableDb) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      { version: 20, name: 'b', up: (d: WritableDb) => d.exec('CREATE TABLE b (x INTEGER) STRICT') },
      { version: 30, name: 'broken', up: (d: WritableDb) => d.exec('CREATE TABLE c (x NOPE_TYPE) STRICT') },
    ];
    expect(() => migrate(db, 30, list)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
    db.close();
  });

  it('can stop at an intermediate version (used by the per-migration tests)', () => {
    const db = freshDb();
    const r = migrate(db, 10);
    expect(r.ok && r.to).toBe(10);
    db.close();
  });
});
