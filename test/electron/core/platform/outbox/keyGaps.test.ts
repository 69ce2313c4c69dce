import { KeyGaps } from '../../../../../electron/core/platform/outbox/keyGaps.ts';

describe('per-key gap (KeyGaps)', () => {
  it('holds a key back for the gap after it left, then lets it go', () => {
    const g = new KeyGaps(() => 1_000);
    expect(g.ready('order:1', 0)).toBe(true);
    g.sent('order:1', 100);
    expect(g.ready('order:1', 1_099)).toBe(false);
    expect(g.ready('order:1', 1_100)).toBe(true);
    expect(g.ready('order:2', 200)).toBe(true);
  });

  it('forgets only keys whose gap has passed, looking at those and one more (every key was looked at on every batch)', () => {
    const g = new KeyGaps(() => 2_000);
    for (let i = 0; i < 6_000; i++) g.sent(`order:${i}`, 10_000 + i);
    g.examined = 0;
    // 50 batches later in the same gap: nothing to forget, one key looked at each time.
    for (let b = 0; b < 50; b++) g.forget(11_999);
    expect(g.size).toBe(6_000);
    expect(g.examined).toBe(50);
    // Keys sent at 10,000..11,000 are past their gap at 13,000: those and the first one still inside.
    g.examined = 0;
    g.forget(13_000);
    expect(g.size).toBe(4_999);
    expect(g.examined).toBe(1_002);
    expect(g.ready('order:1000', 13_000)).toBe(true);
    expect(g.ready('order:1001', 13_000)).toBe(false);
  });

  it('a key sent again moves behind the others: it is kept for its new gap, the older ones still go', () => {
    const g = new KeyGaps(() => 1_000);
    g.sent('a', 0);
    g.sent('b', 10);
    g.sent('a', 500);
    g.forget(1_200);
    expect(g.size).toBe(1);
    expect(g.ready('a', 1_200)).toBe(false);
    expect(g.ready('b', 1_200)).toBe(true);
  });

  it('send times read back at start keep the order of sending and the later of two times', () => {
    const g = new KeyGaps(() => 1_000);
    g.sent('a', 900);
    g.restore(new Map([['c', 300], ['a', 200], ['b', 100]]));
    g.forget(1_350);
    // b (100) and c (300) are past; a keeps its own later time (900).
    expect(g.size).toBe(1);
    expect(g.ready('a', 1_350)).toBe(false);
  });
});
