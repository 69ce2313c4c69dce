import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0160 drop counter_baseline', () => {
  it('drops the table and its index, keeping production_counter (the restart point) as it was', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 140);
    db.prepare('INSERT INTO counter_baseline (tag_id, line_id, signal, value, source_ts, recorded_at) VALUES (?, ?, ?, ?, ?, ?)').run('nsu=u;s=L1.Good', 'L1', 'good', 25, 1000, 1001);
    const counters = tableRows(db, 'production_counter');
    expect(tableNames(db)).toContain('counter_baseline');
    migrate(db, 160);
    expect(tableNames(db)).not.toContain('counter_baseline');
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'counter_baseline_line'").all()).toEqual([]);
    expect(tableNames(db)).toContain('production_counter');
    expect(tableRows(db, 'production_counter')).toEqual(counters);
    db.close();
  });

  it('runs on a new database too (every step from 0 in one go)', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    expect(migrate(db).ok).toBe(true);
    expect(tableNames(db)).not.toContain('counter_baseline');
    db.close();
  });
});
