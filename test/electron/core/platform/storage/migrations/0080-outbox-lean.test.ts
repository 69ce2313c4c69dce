import { markNeedsCheck, markRetry } from '../../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { dueHeads, enqueueOutbox, eventsOf, getItem, markDoneMany, markSending, recoverSending } from '../../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const oldInsert = `INSERT INTO outbox (id, target, kind, ordering_key, payload, state, attempts, next_attempt_at, batch_id, resolved_by, created_at, updated_at)
                   VALUES (?, 'erp', 'confirmation.post', 'order:1', ?, ?, ?, 0, ?, ?, 10, ?)`;
const oldEvent = `INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note) VALUES ((SELECT seq FROM outbox WHERE id = ?), ?, ?, ?, ?)`;
const eventRows = (db: ReturnType<typeof openTestDb>) => (db.prepare('SELECT COUNT(*) AS n FROM outbox_event').get() as { n: number }).n;
const erpError = { class: 'transient' as const, message: 'HTTP 503' };

describe('0080 outbox: payload apart, history of sends from the row', () => {
  it('moves every payload of an existing outbox out of the row and keeps the history written before', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 60);
    db.prepare(oldInsert).run('a', '{"n":1}', 'done', 1, 'batch-aa', 'response', 30);
    db.prepare(oldEvent).run('a', 20, 'queued', 'sending', 'attempt 1, batch batch-aa');
    db.prepare(oldEvent).run('a', 30, 'sending', 'done', 'done (response)');
    db.prepare(oldInsert).run('b', '{"n":2}', 'sending', 1, 'batch-bb', null, 40);
    db.prepare(oldEvent).run('b', 40, 'queued', 'sending', 'attempt 1, batch batch-bb');
    db.prepare(oldInsert).run('c', '{"n":3}', 'queued', 0, null, null, 10);
    migrate(db);
    expect(tableNames(db)).toContain('outbox_payload');
    expect((db.prepare('SELECT * FROM outbox').columns() as { name: string }[]).map((c) => c.name)).not.toContain('payload');
    expect(['a', 'b', 'c'].map((id) => getItem(db, id)?.payload)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    enqueueOutbox(db, { id: 'd', target: 'erp', kind: 'confirmation.post', orderingKey: 'order:2', payload: { n: 4 }, at: 70 });
    // Every item has its payload (the view is an inner join: an item without one would vanish from it).
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox LEFT JOIN outbox_payload USING (seq) WHERE payload IS NULL').get()).toEqual({ n: 0 });
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox_item').get() as { n: number }).n).toBe(4);
    // Rows from before keep exactly their history: nothing is derived twice.
    expect(eventsOf(db, 'a').map((e) => [e.at, e.toState])).toEqual([[10, 'queued'], [20, 'sending'], [30, 'done']]);
    // An item in flight when the old console stopped is read back, with its one 'sending' row.
    db.transaction(() => recoverSending(db, 'erp', 50, 60))();
    expect(eventsOf(db, 'b').map((e) => e.toState)).toEqual(['queued', 'sending', 'needs_check']);
    expect(getItem(db, 'b')).toMatchObject({ state: 'needs_check', sentAt: 40 });
    db.close();
  });

  it('keeps the references to the rebuilt outbox and still refuses what 0030 refused', () => {
    const db = openTestDb(tmp.dir, 'refs.db');
    migrate(db);
    const id = enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: {}, at: 1 });
    db.prepare(`INSERT INTO shift_close (id, shift_date, shift_code, window_start, window_end, closed_at, closed_by) VALUES ('s', '2026-03-02', 'Early', 0, 1, 2, 'u')`).run();
    const confirmation = db.prepare(`INSERT INTO shift_confirmation (id, shift_close_id, line_id, erp_order_id, operation_id, work_center, counted_good, counted_reject, yield_qty, scrap_qty, rework_qty, uom, adjustments, variance_flag, kind, created_at, created_by) VALUES (?, 's', 'L1', '1', '0010', 'W', 1, 0, '1', '0', '0', 'PC', '[]', 0, 'post', 0, 'u')`);
    confirmation.run(id);
    expect(() => confirmation.run('not-in-the-outbox')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO outbox_event (outbox_seq, at, to_state) VALUES (999, 1, 'queued')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: {}, supersedes: 'nope', at: 2 })).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE outbox SET state = 'lost' WHERE id = ?`).run(id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE outbox SET resolved_by = 'cron' WHERE id = ?`).run(id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE outbox SET resolution = 'lost' WHERE id = ?`).run(id)).toThrow(/CHECK/);
    db.close();
  });

  it('drains a batch without writing history rows, yet shows each attempt and its outcome', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db);
    const ids = [0, 1, 2].map((i) => enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: `order:${i}`, payload: { i }, at: 1000 }));
    const heads = dueHeads(db, 'erp', 2000, 10, ['confirmation.post']);
    db.transaction(() => markSending(db, heads, 'batch-0001-xyz', 2000))();
    expect(eventsOf(db, ids[0]!).map((e) => [e.at, e.fromState, e.toState, e.note])).toEqual([
      [1000, null, 'queued', ''],
      [2000, 'queued', 'sending', 'attempt 1, batch batch-00'],
    ]);
    const sending = heads.map((h) => ({ seq: h.seq, state: 'sending' as const }));
    db.transaction(() => {
      markDoneMany(db, [{ item: sending[0]!, remoteKeys: { ConfirmationGroup: '1' } }, { item: sending[1]!, remoteKeys: { ConfirmationGroup: '2' }, note: 'COGI: goods movement failed' }], 2100);
      markRetry(db, sending[2]!, 2100, 9000, erpError);
    })();
    // Only what is unusual wrote rows: the warning (its attempt and its note) and the failed attempt.
    expect(eventRows(db)).toBe(4);
    expect(eventsOf(db, ids[0]!).map((e) => [e.at, e.toState, e.note])).toEqual([
      [1000, 'queued', ''],
      [2000, 'sending', 'attempt 1, batch batch-00'],
      [2100, 'done', 'done (response)'],
    ]);
    expect(eventsOf(db, ids[1]!).map((e) => [e.toState, e.note])).toEqual([
      ['queued', ''],
      ['sending', 'attempt 1, batch batch-00'],
      ['done', 'COGI: goods movement failed'],
    ]);
    // The retried item: the failed attempt as rows, then the second attempt and its success from the row.
    const [third] = dueHeads(db, 'erp', 9000, 10, ['confirmation.post']);
    db.transaction(() => markSending(db, [third!], 'batch-0002-xyz', 9000))();
    db.transaction(() => markDoneMany(db, [{ item: { seq: third!.seq, state: 'sending' }, remoteKeys: { ConfirmationGroup: '3' } }], 9100))();
    expect(eventsOf(db, ids[2]!).map((e) => [e.at, e.fromState, e.toState, e.note])).toEqual([
      [1000, null, 'queued', ''],
      [2000, 'queued', 'sending', 'attempt 1, batch batch-00'],
      [2100, 'sending', 'queued', 'retry: HTTP 503'],
      [9000, 'queued', 'sending', 'attempt 2, batch batch-00'],
      [9100, 'sending', 'done', 'done (response)'],
    ]);
    db.close();
  });

  it('records the attempt of an unknown outcome before the check, once', () => {
    const db = openTestDb(tmp.dir, 'c.db');
    migrate(db);
    const id = enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: {}, at: 1000 });
    db.transaction(() => markSending(db, dueHeads(db, 'erp', 1500, 1, ['confirmation.post']), 'batch-9', 1500))();
    db.transaction(() => markNeedsCheck(db, { seq: getItem(db, id)!.seq, state: 'sending' }, 1600, 5000, { class: 'unknown', message: 'timed out' }))();
    expect(eventsOf(db, id).map((e) => [e.at, e.toState])).toEqual([
      [1000, 'queued'],
      [1500, 'sending'],
      [1600, 'needs_check'],
    ]);
    db.close();
  });
});
