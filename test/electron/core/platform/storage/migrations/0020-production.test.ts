import { migrate } from '../../../../../../electron/core/platform/storage/migrations/index.ts';
import type { WritableDb } from '../../../../../../electron/core/platform/storage/db.ts';
import { productionByOrder, productionInWindow, pruneProduction, writeFlush } from '../../../../../../electron/core/features/production/productionRepo.ts';
import { openEvent, splitEvent, eventsOverlapping } from '../../../../../../electron/core/features/production/downtimeRepo.ts';
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
const M = 60_000;
const T = 1_800_000_000_000 - (1_800_000_000_000 % M);

describe('0020 production', () => {
  it('keeps 0010’s counter baselines and adds the production tables, empty', () => {
    const db = openTestDb(tmp.dir, 'a.db');
    migrate(db, 10);
    const base = { tagId: 'nsu=u;s=L1.Good', lineId: 'L1', signal: 'good' as const, value: 10, sourceTs: 1000, recordedAt: 1001 };
    saveBaselines(db, [base]);
    migrate(db, 20);
    expect(listBaselines(db)).toEqual([base]);
    for (const t of ['production_counter', 'production_minute', 'production_shift', 'counter_sample', 'state_sample', 'counter_event', 'downtime_event', 'downtime_note']) {
      expect(tableNames(db)).toContain(t);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    db.close();
  });

  it('adds minute rollups up per line, minute and order, and answers per-order and per-window reads', () => {
    const db = openTestDb(tmp.dir, 'b.db');
    migrate(db, 20);
    const m = (minuteAt: number, orderId: string, good: number, reject: number, gapGood = 0) => ({ lineId: 'L1', minuteAt, orderId, good, reject, runMs: 30_000, gapGood, gapReject: 0 });
    const empty = { baselines: [], counterEvents: [], counterSamples: [], stateSamples: [] };
    writeFlush(db, { ...empty, minutes: [m(T, 'A', 10, 1), m(T + M, 'A', 5, 0)] });
    writeFlush(db, { ...empty, minutes: [m(T + M, 'A', 5, 1), m(T + M, 'B', 3, 0, 3), m(T + 2 * M, 'B', 7, 2)] });
    expect(productionByOrder(db, { lineId: 'L1', from: T, to: T + 3 * M })).toEqual([
      { orderId: 'A', good: 20, reject: 2, minutes: 1.5, gap: false, firstAt: T, lastAt: T + 2 * M },
      { orderId: 'B', good: 10, reject: 2, minutes: 1, gap: true, firstAt: T + M, lastAt: T + 3 * M },
    ]);
    expect(productionInWindow(db, { lineId: 'L1', from: T + M, to: T + 2 * M })).toEqual({ good: 13, reject: 1, gap: true, orderIds: ['A', 'B'] });
    expect(productionInWindow(db, { lineId: 'L1', from: T, to: T + 3 * M, orderId: 'B' })).toMatchObject({ good: 10, reject: 2 });
    expect(productionInWindow(db, { lineId: 'L2', from: T, to: T + 3 * M })).toEqual({ good: 0, reject: 0, gap: false, orderIds: [] });
    // Minutes must be minute-aligned and counts non-negative: the database refuses anything else.
    expect(() => writeFlush(db, { ...empty, minutes: [m(T + 5, 'A', 1, 0)] })).toThrow(/CHECK/);
    expect(() => writeFlush(db, { ...empty, minutes: [m(T + 10 * M, 'A', -1, 0)] })).toThrow(/CHECK/);
    db.close();
  });

  it('prunes raw samples and old minutes, never shift rollups', () => {
    const db = openTestDb(tmp.dir, 'c.db');
    migrate(db, 20);
    writeFlush(db, {
      minutes: [{ lineId: 'L1', minuteAt: T, orderId: '', good: 1, reject: 0, runMs: 0, gapGood: 0, gapReject: 0 }],
      baselines: [],
      counterEvents: [],
      counterSamples: [{ lineId: 'L1', signal: 'good', at: T, value: 1 }],
      stateSamples: [{ lineId: 'L1', at: T, raw: '1', state: 'running' }],
    });
    db.prepare("INSERT INTO production_shift VALUES ('L1', 's', 'Early', 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)").run();
    expect(pruneProduction(db, { rawBefore: T + 1, minuteBefore: T })).toEqual({ raw: 2, minutes: 0 });
    expect(pruneProduction(db, { rawBefore: T + 1, minuteBefore: T + M })).toEqual({ raw: 0, minutes: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM production_shift').get()).toEqual({ n: 1 });
    db.close();
  });

  it('allows one open downtime event per line, and a split keeps the second part open', () => {
    const db = openTestDb(tmp.dir, 'd.db');
    migrate(db, 20);
    const id = openEvent(db, { lineId: 'L1', state: 'faulted', startAt: T, noData: false });
    expect(() => openEvent(db, { lineId: 'L1', state: 'idle', startAt: T + 5, noData: false })).toThrow(/UNIQUE/);
    const second = splitEvent(db, { id, at: T + 1000 });
    const rows = eventsOverlapping(db, { lineId: 'L1', from: T, to: T + M });
    expect(rows.map((r) => [r.id, r.startAt, r.endAt, r.splitFrom])).toEqual([
      [id, T, T + 1000, null],
      [second, T + 1000, null, id],
    ]);
    db.close();
  });
});
