import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const event = `INSERT INTO counter_event (id, line_id, signal, kind, from_at, at, before, after, counted, held) VALUES (?, 'L1', 'good', 'suspect', 0, 1000, 10, 5010, 0, 5000)`;
const decide = 'INSERT INTO held_jump_decision (event_id, decision, decided_by, by_name, decided_at, note, counted) VALUES (?, ?, ?, ?, ?, ?, ?)';

describe('0120 held jumps', () => {
  it('adds an empty decision table and keeps the counter events of earlier steps', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 80);
    db.prepare(event).run(1);
    migrate(db, 120);
    expect(tableNames(db)).toContain('held_jump_decision');
    expect(tableRows(db, 'held_jump_decision')).toEqual([]);
    expect(tableRows(db, 'counter_event')).toHaveLength(1);
    db.close();
  });

  it('refuses an unknown decision, a second decision on one jump, and a decision on no jump', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 120);
    db.pragma('foreign_keys = ON');
    db.prepare(event).run(1);
    expect(() => db.prepare(decide).run(1, 'maybe', 'u', 'U', 1, '', 0)).toThrow(/CHECK/);
    db.prepare(decide).run(1, 'accepted', 'u', 'U', 1, '', 5000);
    expect(() => db.prepare(decide).run(1, 'rejected', 'u', 'U', 2, '', 0)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(decide).run(99, 'rejected', 'u', 'U', 2, '', 0)).toThrow(/FOREIGN/);
    // Retention of counter events takes their decisions with them.
    db.prepare('DELETE FROM counter_event WHERE id = 1').run();
    expect(tableRows(db, 'held_jump_decision')).toEqual([]);
    db.close();
  });
});
