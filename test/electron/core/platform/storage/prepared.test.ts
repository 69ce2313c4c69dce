// platform/storage/prepared.ts: a statement is compiled once per connection, not on every call. The production
// repositories called db.prepare() per line per tick (the core's top CPU item in the ingest bench); on that
// code the count below was one compile per call.
import { openEvent, closeEvent, getEvent } from '../../../../../electron/core/features/production/downtimeRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { prepared } from '../../../../../electron/core/platform/storage/prepared.ts';
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
