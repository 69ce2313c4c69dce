import { STATS_SQL, dueHeads, enqueueOutbox, eventsOf, getItem, markDoneMany, markSending } from '../../../../../../electron/core/platform/outbox/outboxRepo.ts';
import type { WritableDb } from '../../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

/** counter_baseline rows as 0010 defined them (the table is dropped in 0160; its repository went with it). */
type Baseline = { tagId: string; lineId: string; signal: 'good' | 'reject'; value: number; sourceTs: number | null; recordedAt: number };
function saveBaselines(db: WritableDb, items: Baseline[]): void {
  const put = db.prepare(
    `INSERT INTO counter_baseline (tag_id, line_id, signal, value, source_ts, recorded_at) VALUES (@tagId, @lineId, @signal, @value, @sourceTs, @recordedAt)
     ON CONFLICT (tag_id) DO UPDATE SET line_id = excluded.line_id, signal = excluded.signal, value = excluded.value, source_ts = excluded.source_ts, recorded_at = excluded.recorded_at`,
  );
  db.transaction(() => items.forEach((b) => put.run(b)))();
}
function listBaselines(db: WritableDb): Baseline[] {
  return db.prepare('SELECT tag_id AS tagId, line_id AS lineId, signal, value, source_ts AS sourceTs, recorded_at AS recordedAt FROM counter_baseline ORDER BY tag_id').all() as Baseline[];
}

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
    migrate(db);
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

  it('keeps only open items in the worker\'s index: done rows leave it, the head scan and history use indexes', () => {
    const db = openTestDb(tmp.dir, 'd.db');
    migrate(db);
    for (let i = 0; i < 6; i++) enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: `order:${i % 2}`, payload: { i }, at: 1000 + i });
    const inIndex = () => (db.prepare(`SELECT COUNT(*) AS n FROM outbox INDEXED BY outbox_open WHERE target = 'erp' AND state <> 'done'`).get() as { n: number }).n;
    expect(inIndex()).toBe(6);
    // One head per key, oldest first; the second item of a key waits for the first.
    const heads = dueHeads(db, 'erp', 2000, 10, ['confirmation.post']);
    expect(heads.map((h) => h.payload)).toEqual(['{"i":0}', '{"i":1}']);
    db.transaction(() => markSending(db, heads, 'batch-1', 2000))();
    expect(dueHeads(db, 'erp', 2000, 10, ['confirmation.post'])).toEqual([]);
    db.transaction(() => markDoneMany(db, heads.map((h) => ({ item: { seq: h.seq, state: 'sending' as const }, remoteKeys: { ConfirmationGroup: String(h.seq) } })), 2100))();
    expect(inIndex()).toBe(4);
    expect(getItem(db, heads[0]!.id)).toMatchObject({ state: 'done', attempts: 1, remoteKeys: { ConfirmationGroup: String(heads[0]!.seq) }, resolvedBy: 'response' });
    expect(eventsOf(db, heads[0]!.id).map((e) => e.toState)).toEqual(['queued', 'sending', 'done']);
    expect(dueHeads(db, 'erp', 2000, 10, ['confirmation.post']).map((h) => h.payload)).toEqual(['{"i":2}', '{"i":3}']);
    const plan = (sql: string, ...args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT seq, ordering_key, state, next_attempt_at, kind FROM outbox WHERE target = ? AND state <> 'done' AND seq > ? ORDER BY seq LIMIT ?`, 'erp', 0, 10)).toMatch(/COVERING INDEX outbox_open/);
    expect(plan(`SELECT * FROM outbox WHERE target = ? AND state = 'needs_check' AND check_after <= ? ORDER BY check_after, seq LIMIT ?`, 'erp', 0, 1)).toMatch(/INDEX outbox_check/);
    expect(plan('SELECT at FROM outbox_event WHERE outbox_seq = ? ORDER BY seq', 1)).toMatch(/INDEX outbox_event_item/);
    // outbox.stats runs several times a second over a table that keeps every item forever: never a full scan.
    expect(plan(STATS_SQL)).toMatch(/INDEX outbox_open/);
    expect(plan(STATS_SQL)).not.toMatch(/^SCAN outbox$|\| SCAN outbox( |$)/);
    db.close();
  });
});
