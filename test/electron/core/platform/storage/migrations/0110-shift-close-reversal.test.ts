import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const close = `INSERT INTO shift_close (id, shift_date, shift_code, window_start, window_end, closed_at, closed_by) VALUES (?, '2026-12-05', ?, 0, 1, 2, 'u1')`;

describe('0110 shift close reversal', () => {
  it('keeps closes made before it as closed, correction 0, nothing acknowledged', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 100);
    db.prepare(close).run('c1', 'Early');
    migrate(db, 110);
    expect(tableRows(db, 'shift_close')).toEqual([
      { id: 'c1', shift_date: '2026-12-05', shift_code: 'Early', window_start: 0, window_end: 1, closed_at: 2, closed_by: 'u1', override_reason: null, state: 'closed', correction: 0, reversed_at: null, reversed_by: null, reversal_reason: null, acknowledged: '[]' },
    ]);
    db.close();
  });

  it('refuses unknown states, negative corrections and acknowledgements that are not a list', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 110);
    db.prepare(close).run('c1', 'Early');
    expect(() => db.prepare("UPDATE shift_close SET state = 'open' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE shift_close SET correction = -1 WHERE id = 'c1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE shift_close SET acknowledged = 'yes' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE shift_close SET state = 'reversed', correction = 1, acknowledged = '[\"not-ended\"]' WHERE id = 'c1'").run();
    expect((tableRows(db, 'shift_close')[0] as { state: string }).state).toBe('reversed');
    db.close();
  });
});
