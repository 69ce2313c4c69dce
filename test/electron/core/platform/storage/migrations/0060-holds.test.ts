import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const insert = `INSERT INTO quality_hold (id, scope_kind, scope_json, line_id, reason, defect_category, placed_at, placed_by, placed_by_name, interlock_state)
                VALUES (?, 'line', '{"kind":"line","lineId":"L2","from":0}', 'L2', 'r', 'other', 0, 'q', 'Q', ?)`;

describe('0060 holds', () => {
  it('adds an empty hold table and keeps the production rows of earlier steps', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 40);
    db.prepare("INSERT INTO production_minute (line_id, minute_at, order_id, good) VALUES ('L2', 60000, '1002123', 90)").run();
    migrate(db, 60);
    expect(tableNames(db)).toContain('quality_hold');
    expect(tableRows(db, 'quality_hold')).toEqual([]);
    expect(db.prepare('SELECT * FROM production_minute').all()).toEqual([{ line_id: 'L2', minute_at: 60000, order_id: '1002123', good: 90, reject: 0, run_ms: 0, gap_good: 0, gap_reject: 0 }]);
    db.close();
  });

  it('refuses at the database a release without its second person, the same person twice, and unknown states', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 60);
    db.prepare(insert).run('h1', 'set');
    expect(() => db.prepare(insert).run('h2', 'maybe')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE quality_hold SET status = 'released', released_at = 1, released_by = 'q', release_reason = 'ok' WHERE id = 'h1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE quality_hold SET status = 'released', released_at = 1, released_by = 'q', confirmed_by = 'q', release_reason = 'ok' WHERE id = 'h1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE quality_hold SET status = 'released', released_at = 1, released_by = 'q', confirmed_by = 'a', release_reason = 'ok' WHERE id = 'h1'").run();
    expect((tableRows(db, 'quality_hold')[0] as { status: string }).status).toBe('released');
    db.close();
  });
});
