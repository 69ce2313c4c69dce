import { enqueueOutbox, getItem } from '../../../../../electron/core/outbox/outboxRepo.ts';
import { listBaselines, saveBaselines } from '../../../../../electron/core/storage/counterBaselineRepo.ts';
import { migrate } from '../../../../../electron/core/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0030 outbox and ERP', () => {
  it('keeps earlier data and adds an empty outbox, order cache and shift-close tables', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 10);
    const base = { tagId: 't', lineId: 'L1', signal: 'good' as const, value: 5, sourceTs: 1, recordedAt: 2 };
    saveBaselines(db, [base]);
    migrate(db, 30);
    expect(listBaselines(db)).toEqual([base]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['outbox', 'outbox_event', 'work_order', 'work_order_operation', 'erp_sync', 'line_order', 'shift_close', 'shift_confirmation']));
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    db.close();
  });

  it('stores an enqueued item with its payload frozen as written, and refuses unknown states at the database', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 30);
    const id = enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: { b: 1, a: { d: 2, c: 3 } }, at: 1000 });
    expect(getItem(db, id)).toMatchObject({ id, state: 'queued', attempts: 0, nextAttemptAt: 1000, payload: '{"b":1,"a":{"d":2,"c":3}}' });
    expect(() => db.prepare(`UPDATE outbox SET state = 'lost' WHERE id = ?`).run(id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE outbox SET attempts = -1 WHERE id = ?`).run(id)).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a confirmation row without its outbox item (same-transaction rule held by a foreign key)', () => {
    const db = openTestDb(tmp.dir, 'c.db');
    migrate(db, 30);
    db.prepare(`INSERT INTO shift_close (id, shift_date, shift_code, window_start, window_end, closed_at, closed_by) VALUES ('s', '2026-03-02', 'Early', 0, 1, 2, 'u')`).run();
    expect(() =>
      db
        .prepare(`INSERT INTO shift_confirmation (id, shift_close_id, line_id, erp_order_id, operation_id, work_center, counted_good, counted_reject, yield_qty, scrap_qty, rework_qty, uom, adjustments, variance_flag, kind, created_at, created_by) VALUES ('x', 's', 'L1', '1', '0010', 'W', 1, 0, '1', '0', '0', 'PC', '[]', 0, 'post', 0, 'u')`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO shift_close (id, shift_date, shift_code, window_start, window_end, closed_at, closed_by) VALUES ('s2', '2026-03-02', 'Early', 0, 1, 2, 'u')`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});
