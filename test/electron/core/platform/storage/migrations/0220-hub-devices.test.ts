import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0220 hub devices', () => {
  it('adds the device and pairing-code tables; a kind other than console or wallboard is refused', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 160);
    expect(tableNames(db)).not.toContain('hub_device');
    migrate(db, 220);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['hub_device', 'hub_pairing_code']));
    db.prepare("INSERT INTO hub_device (id, name, kind, credential_hash, paired_by, paired_by_name, paired_at) VALUES ('d1', 'Lab', 'console', 'h', 'u', 'Ada', 1)").run();
    expect(() => db.prepare("INSERT INTO hub_device (id, name, kind, credential_hash, paired_by, paired_by_name, paired_at) VALUES ('d2', 'X', 'tablet', 'h', 'u', 'Ada', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO hub_pairing_code (code_hash, name, kind, created_by, created_by_name, created_at, expires_at, device_id) VALUES ('c', 'X', 'console', 'u', 'Ada', 1, 2, 'nope')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('runs on a new database too (every step from 0 in one go)', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    expect(migrate(db).ok).toBe(true);
    expect(tableNames(db)).toContain('hub_pairing_code');
    db.close();
  });
});
