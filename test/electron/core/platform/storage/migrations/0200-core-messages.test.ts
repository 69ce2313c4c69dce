import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const columns = (db: ReturnType<typeof openTestDb>, table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);

describe('0200 core messages', () => {
  it('adds the message columns beside the English texts; rows written before keep NULL (their English text is shown)', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 190);
    db.prepare(`INSERT INTO outbox (seq, id, target, kind, ordering_key, state, attempts, next_attempt_at, created_at, updated_at) VALUES (1, 'i1', 'erp', 'confirmation.post', 'o:1', 'rejected', 1, 0, 1, 1)`).run();
    db.prepare(`INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note) VALUES (1, 2, 'sending', 'rejected', 'rejected: Order 1 is closed')`).run();
    migrate(db, 200);
    expect(columns(db, 'outbox_event')).toContain('note_msg');
    expect(columns(db, 'alert')).toEqual(expect.arrayContaining(['title_msg', 'detail_msg']));
    expect(db.prepare('SELECT note, note_msg AS noteMsg FROM outbox_event').get()).toEqual({ note: 'rejected: Order 1 is closed', noteMsg: null });
    // Only JSON goes in (a Message: key + params).
    db.prepare(`INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note, note_msg) VALUES (1, 3, 'rejected', 'rejected', 'x', ?)`).run(JSON.stringify({ key: 'outboxHistory.discarded', params: { reason: 'dup' } }));
    expect(() => db.prepare(`INSERT INTO outbox_event (outbox_seq, at, from_state, to_state, note, note_msg) VALUES (1, 4, 'rejected', 'rejected', 'x', 'not json')`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('runs on a new database too (every step from 0 in one go)', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    expect(migrate(db).ok).toBe(true);
    expect(columns(db, 'outbox_event')).toContain('note_msg');
    db.close();
  });
});
