import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function insertCase(db: ReturnType<typeof openTestDb>, id: string, status: string, createdAt: number, updatedAt: number, remote: string | null): void {
  db.prepare(
    `INSERT INTO maint_case (id, line_id, asset_id, asset_key, title, priority, machine_down, malfunction_start, status, system, remote_status, evidence, created_by, created_at, updated_at)
     VALUES (?, 'L1', NULL, ?, 'Filler down', 2, 1, NULL, ?, 'servicenow', ?, '{}', 'demo-paul', ?, ?)`,
  ).run(id, `L1:${id}`, status, remote, createdAt, updatedAt);
}

describe('0190 case status history', () => {
  it('keeps what is known of existing cases: new at creation, then their current status at their last update', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 160);
    insertCase(db, 'c-new', 'new', 1000, 1000, null);
    insertCase(db, 'c-wip', 'in_progress', 2000, 5000, '2 In Progress');
    migrate(db, 190);
    expect(tableNames(db)).toContain('case_status_event');
    const rows = db.prepare('SELECT case_id AS caseId, at, status, remote FROM case_status_event ORDER BY case_id, seq').all();
    expect(rows).toEqual([
      { caseId: 'c-new', at: 1000, status: 'new', remote: null },
      { caseId: 'c-wip', at: 2000, status: 'new', remote: null },
      { caseId: 'c-wip', at: 5000, status: 'in_progress', remote: '2 In Progress' },
    ]);
    expect(() => db.prepare("INSERT INTO case_status_event (case_id, at, status) VALUES ('c-new', 1, 'lost')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('runs on a new database too (every step from 0 in one go)', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    expect(migrate(db).ok).toBe(true);
    expect(tableNames(db)).toContain('case_status_event');
    db.close();
  });
});
