import { LAST_RELEASED_VERSION, LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import type { WritableDb } from '../../../../../../electron/core/platform/storage/db.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

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

  it('brings a database at the last released version through every step added since (none numbered below it)', () => {
    const db = freshDb();
    expect(migrate(db, LAST_RELEASED_VERSION).ok).toBe(true);
    const r = migrate(db);
    expect(r.ok && r.applied).toEqual(MIGRATIONS.filter((m) => m.version > LAST_RELEASED_VERSION).map((m) => m.version));
    // The steps of this wave reached the shipped database: the person's language and the hub's devices.
    expect((db.prepare("SELECT name FROM pragma_table_info('user_account')").all() as { name: string }[]).map((c) => c.name)).toContain('language');
    expect(tableNames(db)).toEqual(expect.arrayContaining(['hub_device']));
    db.close();
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

  it('lets a step rebuild a parent table, but refuses (and rolls back) one that leaves a broken reference; foreign keys stay on', () => {
    const db = freshDb();
    const base = [
      { version: 10, name: 'parent', up: (d: WritableDb) => d.exec("CREATE TABLE p (id INTEGER PRIMARY KEY, x TEXT) STRICT; CREATE TABLE c (pid INTEGER NOT NULL REFERENCES p (id)) STRICT; INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (1);") },
      { version: 20, name: 'rebuild', up: (d: WritableDb) => d.exec('CREATE TABLE p_next (id INTEGER PRIMARY KEY, x TEXT, y TEXT) STRICT; INSERT INTO p_next (id, x) SELECT id, x FROM p; DROP TABLE p; ALTER TABLE p_next RENAME TO p;') },
    ];
    expect(migrate(db, 20, base)).toMatchObject({ ok: true, to: 20 });
    expect(db.prepare('SELECT * FROM p').all()).toEqual([{ id: 1, x: 'a', y: null }]);
    expect(Number(db.pragma('foreign_keys', { simple: true }))).toBe(1);
    expect(() => db.prepare('INSERT INTO c VALUES (2)').run()).toThrow(/FOREIGN KEY/);
    const lossy = [...base, { version: 30, name: 'lossy', up: (d: WritableDb) => d.exec('DELETE FROM p') }];
    expect(() => migrate(db, 30, lossy)).toThrow(/broken reference.*in c row 1 to p/);
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT COUNT(*) AS n FROM p').get()).toEqual({ n: 1 });
    expect(Number(db.pragma('foreign_keys', { simple: true }))).toBe(1);
    db.close();
  });

  it('can stop at an intermediate version (used by the per-migration tests)', () => {
    const db = freshDb();
    const r = migrate(db, 10);
    expect(r.ok && r.to).toBe(10);
    db.close();
  });
});
