import { createPlantModel, DEMO_STATE, demoNodeRef } from '../../../electron/demo/plantModel.ts';

const UINT32 = 2 ** 32;

describe('plantModel', () => {
  it('is a pure function of the tick: two models and repeated calls agree', () => {
    const a = createPlantModel();
    const b = createPlantModel();
    for (const tick of [0, 1, 7, 99, 365, 1234, 100_000]) {
      expect(a.sampleAt(tick)).toEqual(b.sampleAt(tick));
      expect(a.sampleAt(tick)).toEqual(a.sampleAt(tick));
    }
    // Random access equals the same tick reached later: no hidden state.
    const late = a.sampleAt(5000);
    a.sampleAt(3);
    expect(a.sampleAt(5000)).toEqual(late);
  });

  it('models 3 lines by default, each different, all running at tick 0 from zero counts', () => {
    const m = createPlantModel();
    expect(m.lineCount).toBe(3);
    const s0 = m.sampleAt(0);
    expect(s0.map((s) => s.machineState)).toEqual([1, 1, 1]);
    expect(s0.map((s) => [s.goodCount, s.rejectCount])).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(new Set(s0.map((s) => s.speed)).size).toBe(3);
    expect(new Set([1, 2, 3].map((l) => m.cycleLength(l))).size).toBe(3);
    expect(s0[0]?.currentOrder).toMatch(/^\d{7}$/);
  });

  it('counts grow only across running ticks, and rejects stay a small fraction', () => {
    const m = createPlantModel();
    for (let line = 1; line <= 3; line++) {
      const states = new Set<number>();
      let prev = m.lineAt(line, 0);
      let runningTicks = 0;
      for (let t = 1; t <= 2 * m.cycleLength(line); t++) {
        const cur = m.lineAt(line, t);
        states.add(prev.machineState);
        if (prev.machineState === DEMO_STATE.running) {
          runningTicks++;
          expect(prev.speed).toBeGreaterThan(0);
          expect(cur.goodCount + cur.rejectCount).toBeGreaterThan(prev.goodCount + prev.rejectCount);
        } else {
          expect(prev.speed).toBe(0);
          expect(cur.goodCount).toBe(prev.goodCount);
          expect(cur.rejectCount).toBe(prev.rejectCount);
        }
        expect(cur.goodCount).toBeGreaterThanOrEqual(prev.goodCount);
        expect(cur.rejectCount).toBeGreaterThanOrEqual(prev.rejectCount);
        prev = cur;
      }
      // Mostly running, with stops of at least three different kinds, never the unmapped code by default.
      expect(runningTicks / (2 * m.cycleLength(line))).toBeGreaterThan(0.7);
      expect(states.size).toBeGreaterThanOrEqual(4);
      expect(states.has(DEMO_STATE.unmapped)).toBe(false);
      const total = prev.goodCount + prev.rejectCount;
      expect(prev.rejectCount).toBeGreaterThan(0);
      expect(prev.rejectCount / total).toBeLessThan(0.05);
    }
  });

  it('produces at the nominal speed while running (120 parts/min = 2 parts a tick)', () => {
    const m = createPlantModel();
    const a = m.lineAt(1, 0);
    const b = m.lineAt(1, 60);
    expect(a.speed).toBe(120);
    expect(b.goodCount + b.rejectCount - (a.goodCount + a.rejectCount)).toBe(120);
    expect(b.rejectCount).toBe(2); // one in 50
  });

  it('changes the order after a setup', () => {
    const m = createPlantModel();
    const len = m.cycleLength(1);
    const orders = new Set<string>();
    for (let t = 0; t < 3 * len; t += 5) orders.add(m.lineAt(1, t).currentOrder);
    expect(orders.size).toBeGreaterThanOrEqual(3);
  });

  it('emits the unmapped code 99 only when asked, without changing the counts', () => {
    const plain = createPlantModel();
    const odd = createPlantModel({ unmappedStates: true });
    for (let line = 1; line <= 3; line++) {
      let seen = 0;
      for (let t = 0; t < plain.cycleLength(line); t++) {
        const p = plain.lineAt(line, t);
        const o = odd.lineAt(line, t);
        expect(p.machineState).not.toBe(99);
        if (o.machineState === 99) {
          seen++;
          expect(p.machineState).not.toBe(DEMO_STATE.running);
        } else {
          expect(o.machineState).toBe(p.machineState);
        }
        expect(o.goodCount).toBe(p.goodCount);
      }
      expect(seen).toBeGreaterThan(0);
    }
  });

  it('can start near 2^32 and wraps the UInt32 good count', () => {
    const m = createPlantModel({ goodCountStart: UINT32 - 10 });
    expect(m.lineAt(1, 0).goodCount).toBe(UINT32 - 10);
    const later = m.lineAt(1, 30); // 60 parts, 1 reject
    expect(later.goodCount).toBe(49);
    expect(later.goodCount).toBeLessThan(UINT32);
    const perLine = createPlantModel({ goodCountStart: [5, 6, 7] });
    expect(perLine.sampleAt(0).map((s) => s.goodCount)).toEqual([5, 6, 7]);
    expect(() => createPlantModel({ goodCountStart: UINT32 })).toThrow(RangeError);
  });

  it('counts from zero after a reset at a tick', () => {
    const m = createPlantModel({ goodCountStart: 1000 });
    const reset = m.lineAt(2, 40, 40);
    expect([reset.goodCount, reset.rejectCount]).toEqual([0, 0]);
    const after = m.lineAt(2, 50, 40);
    const plain50 = m.lineAt(2, 50);
    const plain40 = m.lineAt(2, 40);
    expect(after.goodCount).toBe(plain50.goodCount - plain40.goodCount);
  });

  it('names nodes as the demo plant config maps them', () => {
    expect(demoNodeRef(2, 'MachineState')).toBe('nsu=urn:plant-console:demo-plant;s=Line2.MachineState');
    expect(() => createPlantModel({ lines: 0 })).toThrow(RangeError);
    expect(createPlantModel({ lines: 5 }).sampleAt(10)).toHaveLength(5);
  });
});
