import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const meta = (db: ReturnType<typeof openTestDb>, key: string) => (db.prepare('SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

describe('0090 database identity', () => {
  it('gives each database its own random id, once, and keeps it across later migrations', () => {
    const a = openTestDb(tmp.dir, 'a.db');
    const b = openTestDb(tmp.dir, 'b.db');
    migrate(a, 80);
    expect(meta(a, 'database_id')).toBeUndefined();
    migrate(a, 90);
    migrate(b, 90);
    const idA = meta(a, 'database_id');
    expect(idA).toMatch(/^[0-9a-f]{32}$/);
    expect(meta(b, 'database_id')).toMatch(/^[0-9a-f]{32}$/);
    expect(meta(b, 'database_id')).not.toBe(idA);
    expect(Number(meta(a, 'database_created_at'))).toBeGreaterThan(1_700_000_000_000);
    migrate(a);
    expect(meta(a, 'database_id')).toBe(idA);
    a.close();
    b.close();
  });
});
