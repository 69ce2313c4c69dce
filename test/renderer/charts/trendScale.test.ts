import { minuteSteps, timeTicks, valueAxisMax, valueTicks } from '../../../renderer/charts/trendScale.ts';

describe('value axis', () => {
  it('tops out at a round number above the target (room for its label) and above the data', () => {
    expect(valueAxisMax(120, 110)).toBe(150);
    expect(valueAxisMax(90, 2)).toBe(150);
    expect(valueAxisMax(60, 70)).toBe(80);
    expect(valueAxisMax(120, 260)).toBe(300);
    expect(valueAxisMax(0, 0)).toBeGreaterThan(0);
  });

  it('stays put while the data moves a little, so the frame does not redraw', () => {
    expect(new Set([100, 105, 112, 118].map((m) => valueAxisMax(120, m))).size).toBe(1);
  });

  it('divides it into round ticks from zero', () => {
    expect(valueTicks(150)).toEqual([0, 50, 100, 150]);
    expect(valueTicks(80)).toEqual([0, 20, 40, 60, 80]);
    expect(valueTicks(300)).toEqual([0, 100, 200, 300]);
  });
});

describe('timeTicks', () => {
  const from = Date.UTC(2026, 2, 2, 6, 0, 0);
  it('puts an 8 h shift on whole hours from its start', () => {
    const ticks = timeTicks(from, from + 8 * 3_600_000, 9);
    expect(ticks).toHaveLength(9);
    expect(ticks.every((t) => (t - from) % 3_600_000 === 0)).toBe(true);
  });
  it('spaces a 12 h shift wider so the labels do not crowd', () => {
    const ticks = timeTicks(from, from + 12 * 3_600_000, 9);
    expect(ticks.length).toBeLessThanOrEqual(9);
    expect(ticks[1]! - ticks[0]!).toBe(2 * 3_600_000);
  });
});

describe('minuteSteps', () => {
  it('holds each minute from its start to the next, in time order', () => {
    const runs = minuteSteps([
      { minuteAt: 60_000, parts: 6 },
      { minuteAt: 0, parts: 5 },
    ]);
    expect(runs).toEqual([
      [
        { t: 0, v: 5 },
        { t: 60_000, v: 5 },
        { t: 60_000, v: 6 },
        { t: 120_000, v: 6 },
      ],
    ]);
  });

  it('breaks at a missing minute (no data is not drawn as production)', () => {
    const runs = minuteSteps([
      { minuteAt: 0, parts: 5 },
      { minuteAt: 180_000, parts: 7 },
    ]);
    expect(runs).toHaveLength(2);
    expect(minuteSteps([])).toEqual([]);
  });
});
