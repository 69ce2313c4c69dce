import { enqueueOutbox, eventsOf, getItem, markDoneMany, markSending, markSendingMany } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

// The worker commits a window of batches at a time (OutboxWorker.pump): every batch of the window is marked
// `sending` by one statement, and every plain success of the answers recorded together by one more.
describe('outbox rows per window (one statement each)', () => {
  it('marks a window of batches sending, each batch with its own batch id, keeping an earlier first send', () => {
    const db = openTestDb(tmp.dir, 'window.db');
    migrate(db);
    for (const id of ['a', 'b', 'c', 'd', 'e']) enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${id}`, payload: { id }, at: 10 });
    // `e` went once before (an earlier attempt): its first send stays.
    db.transaction(() => markSending(db, [getItem(db, 'e')!], 'old', 500))();
    db.prepare(`UPDATE outbox SET state = 'queued' WHERE id = 'e'`).run();
    const items = (ids: string[]) => ids.map((id) => getItem(db, id)!);
    db.transaction(() =>
      markSendingMany(
        db,
        [
          { items: items(['a', 'b']), batchId: 'batch-1' },
          { items: items(['c']), batchId: 'batch-2' },
          { items: items(['d', 'e']), batchId: 'batch-3' },
        ],
        1_000,
      ),
    )();
    const row = (id: string) => getItem(db, id)!;
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => [id, row(id).state, row(id).batchId, row(id).attempts, row(id).sentAt, row(id).firstSentAt])).toEqual([
      ['a', 'sending', 'batch-1', 1, 1_000, 1_000],
      ['b', 'sending', 'batch-1', 1, 1_000, 1_000],
      ['c', 'sending', 'batch-2', 1, 1_000, 1_000],
      ['d', 'sending', 'batch-3', 1, 1_000, 1_000],
      ['e', 'sending', 'batch-3', 2, 1_000, 500],
    ]);
    // An empty window writes nothing.
    db.transaction(() => markSendingMany(db, [{ items: [], batchId: 'none' }], 2_000))();
    expect(row('a').updatedAt).toBe(1_000);

    // The answers of several batches recorded in the caller's commit: one statement, no savepoint, and a
    // success the ERP said something about keeps its note (and its attempt) as history rows.
    db.transaction(() => {
      expect(db.inTransaction).toBe(true);
      markDoneMany(
        db,
        [
          { item: { seq: row('a').seq, state: 'sending' }, remoteKeys: { ConfirmationGroup: '1', ConfirmationCount: '1' } },
          { item: { seq: row('c').seq, state: 'sending' }, remoteKeys: { ConfirmationGroup: '2', ConfirmationCount: '1' } },
          { item: { seq: row('d').seq, state: 'sending' }, remoteKeys: { ConfirmationGroup: '3', ConfirmationCount: '1' }, note: 'already in the ERP under this reference' },
        ],
        1_100,
      );
    })();
    expect(['a', 'b', 'c', 'd'].map((id) => [id, row(id).state, row(id).remoteKeys?.ConfirmationGroup ?? null, row(id).resolvedBy])).toEqual([
      ['a', 'done', '1', 'response'],
      ['b', 'sending', null, null],
      ['c', 'done', '2', 'response'],
      ['d', 'done', '3', 'response'],
    ]);
    expect(eventsOf(db, 'a').map((e) => e.toState)).toEqual(['queued', 'sending', 'done']);
    expect(eventsOf(db, 'd').map((e) => [e.toState, e.note])).toEqual([
      ['queued', ''],
      ['sending', 'attempt 1, batch batch-3'],
      ['done', 'already in the ERP under this reference'],
    ]);
    // Outside a transaction it makes its own.
    markDoneMany(db, [{ item: { seq: row('b').seq, state: 'sending' }, remoteKeys: { ConfirmationGroup: '4', ConfirmationCount: '1' } }], 1_200);
    expect(row('b').state).toBe('done');
    db.close();
  });
});
