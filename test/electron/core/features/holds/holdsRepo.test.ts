import { randomUUID } from 'node:crypto';
import type { HoldScope } from '../../../../../shared/domain/hold.ts';
import { coveredProduction, heldQuantities, insertHold, markReleased } from '../../../../../electron/core/features/holds/holdsRepo.ts';
import { writeFlush } from '../../../../../electron/core/features/production/productionRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const MIN = 60_000;

function setup() {
  const db = openTestDb(tmp.dir, `${randomUUID()}.db`);
  migrate(db);
  // Line 2, minutes 0..59: order A in 0..29, order B in 30..59; 10 good and 1 reject a minute.
  writeFlush(db, {
    minutes: Array.from({ length: 60 }, (_, m) => ({ lineId: 'L2', minuteAt: m * MIN, orderId: m < 30 ? 'A' : 'B', good: 10, reject: 1, runMs: MIN, gapGood: 0, gapReject: 0 })),
    baselines: [],
    counterEvents: [],
    counterSamples: [],
    stateSamples: [],
  });
  const hold = (scope: HoldScope) => {
    const id = randomUUID();
    insertHold(db, { id, scope, reason: 'r', defectCategory: 'other', note: '', placedAt: 0, placedBy: 'q', placedByName: 'Q', qty: { good: 0, reject: 0 }, placeOutboxId: null, interlockState: 'not_mapped' });
    return id;
  };
  return { db, hold };
}

describe('held quantities', () => {
  it('counts each minute once however many active holds cover it, split by order', () => {
    const { db, hold } = setup();
    const w = hold({ kind: 'window', lineId: 'L2', from: 20 * MIN, to: 40 * MIN });
    const o = hold({ kind: 'order', erpOrderId: 'B' });
    hold({ kind: 'window', lineId: 'L1', from: 0, to: 60 * MIN }); // another line: not counted
    const h = heldQuantities(db, { lineId: 'L2', from: 0, to: 60 * MIN });
    // Minutes 20..59 are covered (20..39 by the window, 30..59 by the order): 40 minutes.
    expect([h.good, h.reject]).toEqual([400, 40]);
    expect(h.byOrder).toEqual([{ orderId: 'A', good: 100, reject: 10 }, { orderId: 'B', good: 300, reject: 30 }]);
    expect(h.holdIds.sort()).toEqual([w, o].sort());
    // The shift window limits it.
    expect(heldQuantities(db, { lineId: 'L2', from: 0, to: 25 * MIN }).good).toBe(50);
  });

  it('holds nothing once released', () => {
    const { db, hold } = setup();
    const id = hold({ kind: 'line', lineId: 'L2', from: 50 * MIN });
    expect(heldQuantities(db, { lineId: 'L2', from: 0, to: 60 * MIN }).good).toBe(100);
    expect(markReleased(db, { id, expectedRevision: 0, at: 1, by: 'q', byName: 'Q', confirmedBy: 'a', confirmedByName: 'A', reason: 'ok', releaseOutboxId: null })).toBe(true);
    expect(heldQuantities(db, { lineId: 'L2', from: 0, to: 60 * MIN })).toEqual({ good: 0, reject: 0, byOrder: [], holdIds: [] });
    // A stale revision cannot release twice.
    expect(markReleased(db, { id, expectedRevision: 0, at: 2, by: 'q', byName: 'Q', confirmedBy: 'a', confirmedByName: 'A', reason: 'again', releaseOutboxId: null })).toBe(false);
  });

  it('computes what a scope covers from the production records', () => {
    const { db } = setup();
    expect(coveredProduction(db, { kind: 'window', lineId: 'L2', from: 25 * MIN, to: 35 * MIN }, 60 * MIN, ['L1', 'L2']).orders).toEqual([
      { orderId: 'A', good: 50, reject: 5 },
      { orderId: 'B', good: 50, reject: 5 },
    ]);
    expect(coveredProduction(db, { kind: 'order', erpOrderId: 'A' }, 60 * MIN, ['L1', 'L2']).qty).toEqual({ good: 300, reject: 30 });
    expect(coveredProduction(db, { kind: 'line', lineId: 'L2', from: 58 * MIN }, 59 * MIN + 10, ['L2']).qty).toEqual({ good: 20, reject: 2 });
  });
});
