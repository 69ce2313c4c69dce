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
// Plant times are real moments (the hold schema refuses anything before 2000): minute m of a Monday morning.
const T0 = Date.UTC(2026, 0, 5, 6, 0);
const at = (m: number): number => T0 + m * MIN;

function setup() {
  const db = openTestDb(tmp.dir, `${randomUUID()}.db`);
  migrate(db);
  // Line 2, minutes 0..59: order A in 0..29, order B in 30..59; 10 good and 1 reject a minute.
  writeFlush(db, {
    minutes: Array.from({ length: 60 }, (_, m) => ({ lineId: 'L2', minuteAt: at(m), orderId: m < 30 ? 'A' : 'B', good: 10, reject: 1, runMs: MIN, gapGood: 0, gapReject: 0 })),
    baselines: [],
    counterEvents: [],
    counterSamples: [],
    stateSamples: [],
  });
  const hold = (scope: HoldScope) => {
    const id = randomUUID();
    insertHold(db, { id, scope, reason: 'r', defectCategory: 'other', note: '', placedAt: at(0), placedBy: 'q', placedByName: 'Q', qty: { good: 0, reject: 0 }, placeOutboxId: null, interlockState: 'not_mapped' });
    return id;
  };
  return { db, hold };
}

describe('held quantities', () => {
  it('counts each minute once however many active holds cover it, split by order', () => {
    const { db, hold } = setup();
    const w = hold({ kind: 'window', lineId: 'L2', from: at(20), to: at(40) });
    const o = hold({ kind: 'order', erpOrderId: 'B' });
    hold({ kind: 'window', lineId: 'L1', from: at(0), to: at(60) }); // another line: not counted
    const h = heldQuantities(db, { lineId: 'L2', from: at(0), to: at(60) });
    // Minutes 20..59 are covered (20..39 by the window, 30..59 by the order): 40 minutes.
    expect([h.good, h.reject]).toEqual([400, 40]);
    expect(h.byOrder).toEqual([{ orderId: 'A', good: 100, reject: 10 }, { orderId: 'B', good: 300, reject: 30 }]);
    expect(h.holdIds.sort()).toEqual([w, o].sort());
    // The shift window limits it.
    expect(heldQuantities(db, { lineId: 'L2', from: at(0), to: at(25) }).good).toBe(50);
  });

  it('holds nothing once released', () => {
    const { db, hold } = setup();
    const id = hold({ kind: 'line', lineId: 'L2', from: at(50) });
    expect(heldQuantities(db, { lineId: 'L2', from: at(0), to: at(60) }).good).toBe(100);
    expect(markReleased(db, { id, expectedRevision: 0, at: at(61), by: 'q', byName: 'Q', confirmedBy: 'a', confirmedByName: 'A', reason: 'ok', releaseOutboxId: null })).toBe(true);
    expect(heldQuantities(db, { lineId: 'L2', from: at(0), to: at(60) })).toEqual({ good: 0, reject: 0, byOrder: [], holdIds: [] });
    // A stale revision cannot release twice.
    expect(markReleased(db, { id, expectedRevision: 0, at: at(62), by: 'q', byName: 'Q', confirmedBy: 'a', confirmedByName: 'A', reason: 'again', releaseOutboxId: null })).toBe(false);
  });

  it('computes what a scope covers from the production records', () => {
    const { db } = setup();
    expect(coveredProduction(db, { kind: 'window', lineId: 'L2', from: at(25), to: at(35) }, at(60), ['L1', 'L2']).orders).toEqual([
      { orderId: 'A', good: 50, reject: 5 },
      { orderId: 'B', good: 50, reject: 5 },
    ]);
    expect(coveredProduction(db, { kind: 'order', erpOrderId: 'A' }, at(60), ['L1', 'L2']).qty).toEqual({ good: 300, reject: 30 });
    expect(coveredProduction(db, { kind: 'line', lineId: 'L2', from: at(58) }, at(59) + 10, ['L2']).qty).toEqual({ good: 20, reject: 2 });
  });
});

// Issue 18: the interlock's reason keeps its catalogue message beside the controller's words (no new column:
// both in interlock_message as JSON); a row written before keeps its plain text and reads without a message.
describe('the interlock reason as stored', () => {
  it('keeps the message for a person beside the controller text; older plain rows read as they were', async () => {
    const { readInterlockMessage, setInterlock, getHold } = await import('../../../../../electron/core/features/holds/holdsRepo.ts');
    const { db, hold } = setup();
    const id = hold({ kind: 'line', lineId: 'L2', from: at(0) });
    const m = { key: 'opcua.notWritable' };
    setInterlock(db, id, 'failed', 'Line 2: Writing Line2.HoldInterlock failed: This value is read-only on the controller. (BadNotWritable)', at(1), m);
    expect(getHold(db, id)).toMatchObject({ interlockState: 'failed', interlockMessage: 'Line 2: Writing Line2.HoldInterlock failed: This value is read-only on the controller. (BadNotWritable)', interlockMsg: m });
    db.prepare('UPDATE quality_hold SET interlock_message = ? WHERE id = ?').run('Line 2: the controller is not connected', id);
    expect(getHold(db, id)).toMatchObject({ interlockMessage: 'Line 2: the controller is not connected', interlockMsg: null });
    expect(readInterlockMessage('{not json')).toEqual({ interlockMessage: '{not json', interlockMsg: null });
    expect(readInterlockMessage(null)).toEqual({ interlockMessage: null, interlockMsg: null });
  });
});
