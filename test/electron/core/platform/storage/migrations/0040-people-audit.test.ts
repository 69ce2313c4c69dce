import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0040 people and audit', () => {
  it('adds the people and audit tables, keeps earlier rows, and starts with an empty chain and default settings', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 10);
    db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?)').run('plant', 'demo');
    migrate(db, 40);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['app_meta', 'audit_head', 'audit_log', 'counter_baseline', 'people_settings', 'user_account']));
    expect(tableRows(db, 'app_meta')).toEqual([{ key: 'plant', value: 'demo' }]);
    expect(tableRows(db, 'audit_log')).toEqual([]);
    expect(tableRows(db, 'audit_head')).toEqual([{ id: 1, count: 0, last_hash: '0'.repeat(64) }]);
    expect(tableRows(db, 'people_settings')).toEqual([{ id: 1, idle_lock_minutes: 5, lockout_threshold: 5, audit_warn_rows: 5_000_000 }]);
    db.close();
  });

  it('refuses updates and deletes of audit records, plain-text PINs, bad role lists and duplicate badges at the database', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 40);
    db.prepare(`INSERT INTO audit_log (seq, at, user_id, display_name, roles, action, target, details, outcome, prev_hash, hash)
                VALUES (1, 0, 'u', 'U', '[]', 'x', NULL, NULL, 'ok', 'p', 'h')`).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO audit_log (seq, at, user_id, display_name, roles, action, outcome, prev_hash, hash) VALUES (2, 0, 'u', 'U', '[]', 'x', 'maybe', 'p', 'h')").run()).toThrow(/CHECK/);
    const user = db.prepare(`INSERT INTO user_account (user_id, user_name, display_name, badge_id, roles, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)`);
    user.run('u1', 'anna', 'Anna', 'B1', '["supervisor"]', 'scrypt$16384$8$1$s$h');
    expect(() => user.run('u2', 'ben', 'Ben', 'B2', '["quality"]', '1234')).toThrow(/CHECK/);
    expect(() => user.run('u3', 'carl', 'Carl', 'B3', 'supervisor', 'scrypt$x')).toThrow();
    expect(() => user.run('u4', 'dora', 'Dora', 'B1', '["quality"]', 'scrypt$x')).toThrow(/UNIQUE/);
    expect(() => user.run('u5', 'ANNA', 'Anna 2', 'B5', '["quality"]', 'scrypt$x')).toThrow(/UNIQUE/);
    db.close();
  });
});
