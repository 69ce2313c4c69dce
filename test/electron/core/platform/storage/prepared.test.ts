// platform/storage/prepared.ts: a statement is compiled once per connection, not on every call. The production
// repositories called db.prepare() per line per tick (the core's top CPU item in the ingest bench); on that
// code the count below was one compile per call.
import { openEvent, closeEvent, getEvent } from '../../../../../electron/core/features/production/downtimeRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { PREPARED_PER_GENERATION, prepared, preparedHeld } from '../../../../../electron/core/platform/storage/prepared.ts';
import { listCases } from '../../../../../electron/core/features/cases/caseRepo.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('prepared statements per connection', () => {
  it('compiles each SQL text once per connection and keeps connections apart', () => {
    const a = openTestDb(tmp.dir, 'a.db');
    const b = openTestDb(tmp.dir, 'b.db');
    expect(prepared(a, 'SELECT 1 AS one')).toBe(prepared(a, 'SELECT 1 AS one'));
    expect(prepared(b, 'SELECT 1 AS one')).not.toBe(prepared(a, 'SELECT 1 AS one'));
    a.close();
    b.close();
  });

  it('the downtime repository compiles its statements once over many calls, and they still do their work', () => {
    const db = openTestDb(tmp.dir, 'repo.db');
    migrate(db);
    const real = db.prepare.bind(db);
    let compiles = 0;
    (db as { prepare: typeof db.prepare }).prepare = ((sql: string) => (compiles++, real(sql))) as typeof db.prepare;
    for (let i = 0; i < 50; i++) {
      const id = openEvent(db, { lineId: 'L1', state: 'idle', startAt: 1000 * i, noData: false });
      closeEvent(db, id, 1000 * i + 500);
      expect(getEvent(db, id)).toMatchObject({ lineId: 'L1', state: 'idle', startAt: 1000 * i, endAt: 1000 * i + 500 });
    }
    expect(compiles).toBe(3); // insert, update, select: once each (150 on the code as it was)
    db.close();
  });
});

// The cache had no bound, and one caller builds its SQL with a value in it: the cases list splices "closed since
// <now − 8 h>" in milliseconds, so every read of the Cases screen compiled and kept one more statement (SQLite's
// memory and a JS object each) for as long as the console ran: 1,000 reads held 1,000 statements.
describe('prepared statements stay bounded', () => {
  it('a connection holds at most two generations of statements, however many texts it is asked for', () => {
    const db = openTestDb(tmp.dir, 'bound.db');
    for (let i = 0; i < 3 * PREPARED_PER_GENERATION; i++) expect(prepared(db, `SELECT ${i} AS n`).get()).toEqual({ n: i });
    expect(preparedHeld(db)).toBeLessThanOrEqual(2 * PREPARED_PER_GENERATION);
    db.close();
  });

  it('a statement in use through the churn stays compiled once; one left unused is let go and compiled again when asked', () => {
    const db = openTestDb(tmp.dir, 'hot.db');
    const real = db.prepare.bind(db);
    const compiled: string[] = [];
    (db as { prepare: typeof db.prepare }).prepare = ((sql: string) => (compiled.push(sql), real(sql))) as typeof db.prepare;
    const hot = prepared(db, 'SELECT 1 AS hot');
    prepared(db, 'SELECT 1 AS cold');
    for (let i = 0; i < 4 * PREPARED_PER_GENERATION; i++) {
      prepared(db, `SELECT ${i} AS churn`);
      expect(prepared(db, 'SELECT 1 AS hot')).toBe(hot);
    }
    expect(compiled.filter((s) => s === 'SELECT 1 AS hot')).toHaveLength(1);
    expect(prepared(db, 'SELECT 1 AS cold').get()).toEqual({ cold: 1 });
    expect(compiled.filter((s) => s === 'SELECT 1 AS cold')).toHaveLength(2);
    db.close();
  });

  it('reading the cases list a thousand times (each with its own "closed since" instant) keeps the held statements bounded', () => {
    const db = openTestDb(tmp.dir, 'cases.db');
    migrate(db);
    const before = preparedHeld(db);
    for (let i = 0; i < 1000; i++) expect(listCases(db, { includeClosed: false, now: 1_800_000_000_000 + i })).toEqual([]);
    expect(preparedHeld(db) - before).toBeLessThanOrEqual(2 * PREPARED_PER_GENERATION);
    // And the list itself no longer splices its instant into the SQL: one statement serves every read.
    expect(preparedHeld(db) - before).toBe(1);
    db.close();
  });
});
