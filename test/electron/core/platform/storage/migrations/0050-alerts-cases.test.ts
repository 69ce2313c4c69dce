import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0050 alerts and cases', () => {
  it('adds empty alert and case tables and keeps earlier rows', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 40);
    db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?)').run('plant', 'demo');
    migrate(db, 50);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['alert', 'alert_event', 'maint_case', 'case_alert', 'case_note']));
    expect(tableRows(db, 'app_meta')).toEqual([{ key: 'plant', value: 'demo' }]);
    expect(tableRows(db, 'alert')).toEqual([]);
    db.close();
  });

  it('keeps one open alert per condition and one open case per asset, and refuses shelves without a reason', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 50);
    const ins = db.prepare(`INSERT INTO alert (key, source, priority, title, active, acked, first_raised_at, last_raised_at, updated_at) VALUES (?, 'downtime', 2, 't', ?, ?, 0, 0, 0)`);
    ins.run('downtime:L1', 1, 0);
    expect(() => ins.run('downtime:L1', 0, 0)).toThrow(/UNIQUE/); // cleared but unacknowledged is still open
    ins.run('downtime:L1', 0, 1); // closed rows may repeat
    expect(() => db.prepare(`UPDATE alert SET shelve_kind = 'timed' WHERE id = 1`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE alert SET dismissed = 1 WHERE id = 1`).run()).toThrow(/CHECK/);
    const c = db.prepare(`INSERT INTO maint_case (id, line_id, asset_key, title, priority, machine_down, status, evidence, created_by, created_at, updated_at) VALUES (?, 'L1', 'L1/x', 't', 2, 1, ?, '{}', 'u', 0, 0)`);
    c.run('c1', 'new');
    expect(() => c.run('c2', 'assigned')).toThrow(/UNIQUE/);
    c.run('c3', 'closed');
    expect(() => c.run('c4', 'bogus')).toThrow(/CHECK/);
    db.close();
  });
});
