import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames, tableRows } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0140 signin throttle', () => {
  it('adds an empty throttle table keyed by workstation and identifier, keeping the accounts of earlier steps', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 120);
    const users = tableRows(db, 'user_account');
    migrate(db, 140);
    expect(tableNames(db)).toContain('signin_throttle');
    expect(db.prepare('SELECT * FROM signin_throttle').all()).toEqual([]);
    expect(tableRows(db, 'user_account')).toEqual(users);
    const put = db.prepare('INSERT INTO signin_throttle (workstation_id, key, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?, ?)');
    put.run('ws1', '*', 1, null, 1000);
    put.run('ws2', '*', 1, null, 1000);
    expect(() => put.run('ws1', '*', 2, null, 2000)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('ws1', 'badge:x', -1, null, 2000)).toThrow(/CHECK/);
    expect(() => put.run('ws1', 'badge:y', 1, 1.5, 2000)).toThrow(/INTEGER|REAL/);
    db.close();
  });
});
