import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0210 person language', () => {
  it('adds user_account.language, NULL (the plant’s) for everyone who was there, and accepts only de and en', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 200);
    db.prepare("INSERT INTO user_account (user_id, user_name, display_name, badge_id, roles, pin_hash, active, created_at, updated_at) VALUES ('u1', 'anna', 'Anna Weber', NULL, '[\"supervisor\"]', 'scrypt$x', 1, 1, 1)").run();
    migrate(db, 210);
    expect(db.prepare("SELECT language FROM user_account WHERE user_id = 'u1'").get()).toEqual({ language: null });
    db.prepare("UPDATE user_account SET language = 'de' WHERE user_id = 'u1'").run();
    db.prepare("UPDATE user_account SET language = 'en' WHERE user_id = 'u1'").run();
    expect(() => db.prepare("UPDATE user_account SET language = 'fr' WHERE user_id = 'u1'").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT language FROM user_account WHERE user_id = 'u1'").get()).toEqual({ language: 'en' });
    db.close();
  });

  it('runs on a new database too (every step from 0 in one go)', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    expect(migrate(db).ok).toBe(true);
    expect((db.prepare("SELECT name FROM pragma_table_info('user_account')").all() as { name: string }[]).map((c) => c.name)).toContain('language');
    db.close();
  });
});
