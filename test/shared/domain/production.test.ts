import fc from 'fast-check';
import { MINUTE_MS, ratePerMinute, splitByMinute, spreadOverMinutes } from '../../../shared/domain/production.ts';
import { computeOee } from '../../../shared/domain/oee.ts';
import { DEFAULT_REASON_TREE, paretoOf, reasonLeaves, ReasonTree } from '../../../shared/domain/downtime.ts';

const T0 = Date.UTC(2026, 2, 2, 6, 0, 0);

describe('minute rollup helpers', () => {
  it('spreads a gap’s parts over its minutes so they add up exactly, in proportion to time', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 3_600_000 }), fc.nat({ max: 3 * 3_600_000 }), (parts, offset, len) => {
        const from = T0 + offset;
        const out = spreadOverMinutes(parts, from, from + len);
        expect(out.reduce((n, s) => n + s.n, 0)).toBe(parts);
        for (const s of out) {
          expect(s.minuteAt % MINUTE_MS).toBe(0);
          expect(s.minuteAt).toBeGreaterThanOrEqual(Math.floor(from / MINUTE_MS) * MINUTE_MS);
          expect(s.minuteAt).toBeLessThanOrEqual(from + len);
          if (len > 0) {
            const piece = splitByMinute(from, from + len).find((p) => p.minuteAt === s.minuteAt)!;
            expect(Math.abs(s.n - (parts * piece.ms) / len)).toBeLessThan(1);
          }
        }
      }),
    );
  });

  it('cuts a span at minute boundaries without losing a millisecond', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), (a, len) => {
        const pieces = splitByMinute(T0 + a, T0 + a + len);
        expect(pieces.reduce((n, p) => n + p.ms, 0)).toBe(len);
      }),
    );
  });

  it('computes a rate per minute over the recent window', () => {
    const d = [
      { at: T0 + 10_000, parts: 10 },
      { at: T0 + 40_000, parts: 20 },
      { at: T0 + 70_000, parts: 30 },
    ];
    expect(ratePerMinute(d, T0 + 90_000, 60_000, T0)).toBe(50);
    expect(ratePerMinute(d, T0 + 30_000, 60_000, T0)).toBe(20); // 10 parts in 30 s since tracking started
    expect(ratePerMinute(d, T0, 60_000, T0)).toBeNull();
  });
});

describe('OEE', () => {
  it('multiplies availability, performance and quality', () => {
    const o = computeOee({ plannedMs: 400 * 60_000, runMs: 360 * 60_000, idealMs: 300 * 60_000, good: 950, reject: 50 });
    expect(o.availability).toBeCloseTo(0.9);
    expect(o.performance).toBeCloseTo(300 / 360);
    expect(o.quality).toBeCloseTo(0.95);
    expect(o.oee).toBeCloseTo(0.9 * (300 / 360) * 0.95);
  });
  it('says "not defined" rather than 0 % before anything was planned or made', () => {
    expect(computeOee({ plannedMs: 0, runMs: 0, idealMs: 0, good: 0, reject: 0 })).toEqual({ availability: null, performance: null, quality: null, oee: null });
  });
});

describe('reason tree', () => {
  it('codes only leaves, with their path, and inherits planned from the branch', () => {
    const leaves = reasonLeaves(DEFAULT_REASON_TREE);
    expect(leaves.find((l) => l.code === 'changeover')).toEqual({ code: 'changeover', label: 'Changeover', path: 'Planned › Changeover', planned: true });
    expect(leaves.find((l) => l.code === 'breakdown')?.planned).toBe(false);
    expect(leaves.some((l) => l.code === 'planned')).toBe(false);
  });
  it('refuses a tree with a duplicate code', () => {
    const r = ReasonTree.safeParse([{ code: 'a', label: 'A', children: [{ code: 'a', label: 'again' }] }]);
    expect(r.success).toBe(false);
  });
  it('puts uncoded time and micro-stops in their own Pareto bars, longest first', () => {
    const bars = paretoOf([
      { reasonCode: 'jam', reasonLabel: 'Jam', durationMs: 100, micro: false, noData: false },
      { reasonCode: null, reasonLabel: null, durationMs: 500, micro: false, noData: false },
      { reasonCode: null, reasonLabel: null, durationMs: 5, micro: true, noData: false },
      { reasonCode: 'jam', reasonLabel: 'Jam', durationMs: 50, micro: false, noData: false },
    ]);
    expect(bars).toEqual([
      { reasonCode: null, label: 'Not coded', totalMs: 500, count: 1 },
      { reasonCode: 'jam', label: 'Jam', totalMs: 150, count: 2 },
      { reasonCode: null, label: 'Micro-stops', totalMs: 5, count: 1 },
    ]);
  });
});
