import type { WritableDb } from '../../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

/** counter_baseline rows as 0010 defined them (the table is dropped in 0160; its repository went with it). */
type Baseline = { tagId: string; lineId: string; signal: 'good' | 'reject'; value: number; sourceTs: number | null; recordedAt: number };
function saveBaselines(db: WritableDb, items: Baseline[]): void {
  const put = db.prepare(
    `INSERT INTO counter_baseline (tag_id, line_id, signal, value, source_ts, recorded_at) VALUES (@tagId, @lineId, @signal, @value, @sourceTs, @recordedAt)
     ON CONFLICT (tag_id) DO UPDATE SET line_id = excluded.line_id, signal = excluded.signal, value = excluded.value, source_ts = excluded.source_ts, recorded_at = excluded.recorded_at`,
  );
  db.transaction(() => items.forEach((b) => put.run(b)))();
}
function listBaselines(db: WritableDb): Baseline[] {
  return db.prepare('SELECT tag_id AS tagId, line_id AS lineId, signal, value, source_ts AS sourceTs, recorded_at AS recordedAt FROM counter_baseline ORDER BY tag_id').all() as Baseline[];
}

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0010 initial', () => {
  it('creates app_meta and counter_baseline, and counter baselines upsert per tag', () => {
    const db = openTestDb(tmp.dir);
    migrate(db, 10);
    expect(tableNames(db)).toEqual(['app_meta', 'counter_baseline']);
    const base = { tagId: 'nsu=u;s=L1.Good', lineId: 'L1', signal: 'good' as const, value: 10, sourceTs: 1000, recordedAt: 1001 };
    saveBaselines(db, [base, { ...base, tagId: 'nsu=u;s=L1.Rej', signal: 'reject', value: 2 }]);
    saveBaselines(db, [{ ...base, value: 25, sourceTs: 2000, recordedAt: 2001 }]);
    expect(listBaselines(db)).toEqual([
      { ...base, value: 25, sourceTs: 2000, recordedAt: 2001 },
      { ...base, tagId: 'nsu=u;s=L1.Rej', signal: 'reject', value: 2 },
    ]);
    db.close();
  });

  it('refuses negative counters and unknown signals at the database, not only in code', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 10);
    const insert = db.prepare('INSERT INTO counter_baseline (tag_id, line_id, signal, value, source_ts, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
    expect(() => insert.run('t', 'L1', 'good', -1, null, 0)).toThrow(/CHECK/);
    expect(() => insert.run('t', 'L1', 'speed', 1, null, 0)).toThrow(/CHECK/);
    db.close();
  });
});
