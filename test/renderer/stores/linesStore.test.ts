import {
  applyLiveLines,
  initialLinesState,
  linesStore,
  reduceLiveLines,
  selectLine,
  selectLineIds,
  selectStoppedCount,
} from '../../../renderer/stores/linesStore.ts';
import type { LineProduction } from '../../../shared/domain/line.ts';
import { aLine, liveLines } from '../fixtures.ts';

const aProduction = (): LineProduction => ({ orderId: null, ratePerMin: 60, targetRatePerMin: 120, shift: null, good: 383, reject: 4, availability: 0.9, performance: 0.8, quality: 0.99, oee: 0.71, downtime: null, uncodedCount: 0, gap: false });

describe('linesStore', () => {
  beforeEach(() => linesStore.setState(initialLinesState, true));

  it('takes every line of a message, in the core order', () => {
    const s = reduceLiveLines(initialLinesState, liveLines(10, [aLine({ lineId: 'L2' }), aLine({ lineId: 'L1' })]));
    expect(selectLineIds(s)).toEqual(['L2', 'L1']);
    expect(selectLine('L1')(s)?.lineId).toBe('L1');
    expect(selectLine('nope')(s)).toBeUndefined();
    expect(s.at).toBe(10);
  });

  it('keeps the object of a line that did not change, and the id list when the lines are the same', () => {
    const s1 = reduceLiveLines(initialLinesState, liveLines(10, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2' })]));
    const s2 = reduceLiveLines(
      s1,
      liveLines(11, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2', good: { value: 101, quality: 'good', at: 6_000 } })]),
    );
    expect(s2.byId.L1).toBe(s1.byId.L1);
    expect(s2.byId.L2).not.toBe(s1.byId.L2);
    expect(s2.byId.L2?.good.value).toBe(101);
    expect(s2.lineIds).toBe(s1.lineIds);
  });

  it('drops a message older than the state (a snapshot answer arriving after a newer tick)', () => {
    const s1 = reduceLiveLines(initialLinesState, liveLines(20, [aLine({ good: { value: 200, quality: 'good', at: 20 } })]));
    const s2 = reduceLiveLines(s1, liveLines(15, [aLine({ good: { value: 150, quality: 'good', at: 15 } })]));
    expect(s2).toBe(s1);
  });

  it("keeps a line's production figures when a message carries none for it (the core sends them only after they changed)", () => {
    const p = { ...aProduction(), good: 40 };
    const s1 = reduceLiveLines(initialLinesState, liveLines(10, [aLine({ lineId: 'L1', production: p }), aLine({ lineId: 'L2', production: null })]));
    const counts = { value: 41, quality: 'good' as const, at: 11 };
    const s2 = reduceLiveLines(s1, liveLines(11, [aLine({ lineId: 'L1', good: counts }), aLine({ lineId: 'L2' })]));
    expect(s2.byId.L1?.production).toBe(p);
    expect(s2.byId.L1?.good.value).toBe(41);
    expect(s2.byId.L2).toBe(s1.byId.L2);
    const q = { ...p, good: 41 };
    const s3 = reduceLiveLines(s2, liveLines(12, [aLine({ lineId: 'L1', good: counts, production: q }), aLine({ lineId: 'L2' })]));
    expect(s3.byId.L1?.production).toBe(q);
  });

  it('takes production figures from an older snapshot answer for lines that have none yet, and nothing else from it', () => {
    const s1 = reduceLiveLines(initialLinesState, liveLines(20, [aLine({ lineId: 'L1', good: { value: 200, quality: 'good', at: 20 } })]));
    const p = aProduction();
    const s2 = reduceLiveLines(s1, liveLines(15, [aLine({ lineId: 'L1', good: { value: 150, quality: 'good', at: 15 }, production: p })]));
    expect(s2.byId.L1?.production).toBe(p);
    expect(s2.byId.L1?.good.value).toBe(200);
    expect(s2.at).toBe(20);
    expect(reduceLiveLines(s2, liveLines(16, [aLine({ lineId: 'L1', production: { ...p, good: 1 } })]))).toBe(s2);
  });

  it('removes a line the core no longer sends', () => {
    const s1 = reduceLiveLines(initialLinesState, liveLines(1, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2' })]));
    const s2 = reduceLiveLines(s1, liveLines(2, [aLine({ lineId: 'L1' })]));
    expect(s2.lineIds).toEqual(['L1']);
    expect(s2.byId.L2).toBeUndefined();
  });

  it('counts stopped and faulted lines', () => {
    const s = reduceLiveLines(
      initialLinesState,
      liveLines(1, [aLine({ lineId: 'a', state: 'stopped' }), aLine({ lineId: 'b', state: 'faulted' }), aLine({ lineId: 'c', state: 'starved' })]),
    );
    expect(selectStoppedCount(s)).toBe(2);
  });

  it('writes the store once per message', () => {
    let writes = 0;
    const off = linesStore.subscribe(() => writes++);
    applyLiveLines(liveLines(1, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2' }), aLine({ lineId: 'L3' })]));
    off();
    expect(writes).toBe(1);
    expect(linesStore.getState().lineIds).toEqual(['L1', 'L2', 'L3']);
  });

  it('notifies a selector subscriber only when its line changes', () => {
    applyLiveLines(liveLines(1, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2' })]));
    const seen: number[] = [];
    const off = linesStore.subscribe(selectLine('L1'), (l) => seen.push(l?.good.value ?? -1));
    applyLiveLines(liveLines(2, [aLine({ lineId: 'L1' }), aLine({ lineId: 'L2', state: 'idle' })]));
    applyLiveLines(liveLines(3, [aLine({ lineId: 'L1', good: { value: 7, quality: 'good', at: 3 } }), aLine({ lineId: 'L2', state: 'idle' })]));
    off();
    expect(seen).toEqual([7]);
  });
});
