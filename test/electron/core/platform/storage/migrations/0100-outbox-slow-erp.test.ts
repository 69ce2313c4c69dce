import { enqueueOutbox, lastSentByKey, markSending, getItem } from '../../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb, tableNames } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('0100 outbox under a slow ERP', () => {
  it('keeps an existing outbox, indexes when each key last left and adds the duplicate register', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 90);
    enqueueOutbox(db, { id: 'a', target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: { n: 1 }, at: 10 });
    markSending(db, [getItem(db, 'a')!], 'b1', 1_000);
    migrate(db);
    expect(tableNames(db)).toContain('outbox_duplicate');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT ordering_key, MAX(sent_at) FROM outbox WHERE target = 'erp' AND sent_at IS NOT NULL AND sent_at > 5 GROUP BY ordering_key`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('outbox_sent');
    expect(lastSentByKey(db, 'erp', 0)).toEqual(new Map([['order:1', 1_000]]));
    expect(() => db.prepare(`INSERT INTO outbox_duplicate (item_id, target, found_at, records, extra_keys) VALUES ('a', 'erp', 1, 1, '{}')`).run()).toThrow(/CHECK/);
    db.close();
  });
});
