// 0230: the alert engine's two once-a-second reads (active alerts of a source, timed shelves) use partial
// indexes instead of scanning every alert ever raised. Checked on the product's own SQL through SQLite's
// query plan, on a database holding thousands of closed alerts and a few open ones.
import { ACTIVE_OF_SOURCE_SQL, TIMED_SHELVES_SQL, activeKeysOf, timedShelves } from '../../../../../../electron/core/features/alerts/alertRepo.ts';
import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const plan = (db: ReturnType<typeof openTestDb>, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

function fill(db: ReturnType<typeof openTestDb>): void {
  const insert = db.prepare(
    `INSERT INTO alert (key, source, line_id, priority, title, active, acked, dismissed, dismiss_reason, shelve_kind, shelve_reason, shelve_by, first_raised_at, last_raised_at, updated_at)
     VALUES (?, ?, 'L1', 2, 't', ?, 1, ?, ?, ?, ?, ?, 1, 1, 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`old-${i}`, 'reject', 0, 1, 'past', null, null, null);
    insert.run('open-reject', 'reject', 1, 0, null, null, null, null);
    insert.run('open-rate', 'rate', 1, 0, null, 'timed', 'changeover', 'u1');
  })();
}

describe('0230 alert open indexes', () => {
  it('the active-of-source and timed-shelve reads use the partial indexes, not a scan of past alerts', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 220);
    fill(db);
    db.exec('ANALYZE');
    // Before: a scan of the whole table (what a console that ran for weeks did every second).
    expect(plan(db, ACTIVE_OF_SOURCE_SQL, 'reject')).toMatch(/SCAN a\b/);
    migrate(db);
    db.exec('ANALYZE');
    expect(plan(db, ACTIVE_OF_SOURCE_SQL, 'reject')).toContain('alert_active_by_source');
    expect(plan(db, TIMED_SHELVES_SQL)).toContain('alert_timed_shelve');
    // Same answers as before.
    expect([...activeKeysOf(db, 'reject').keys()]).toEqual(['open-reject']);
    expect(timedShelves(db).map((a) => a.key)).toEqual(['open-rate']);
    db.close();
  });
});
