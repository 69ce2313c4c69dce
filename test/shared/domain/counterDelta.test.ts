import fc from 'fast-check';
import { counterDelta, plausibleIncrease, UINT16_MOD, UINT32_MOD } from '../../../shared/domain/counterDelta.ts';

const u32 = fc.integer({ min: 0, max: UINT32_MOD - 1 });

describe('counterDelta', () => {
  it('counts exactly what was made for any start value and any plausible increase, across the wrap', () => {
    fc.assert(
      fc.property(u32, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (start, made, slack) => {
        const cur = (start + made) % UINT32_MOD;
        const d = counterDelta(start, cur, { maxIncrease: made + slack });
        expect(d.delta).toBe(made);
        expect(d.held).toBe(0);
        expect(d.kind).toBe(start + made >= UINT32_MOD ? 'wrap' : 'normal');
      }),
    );
  });

  it('never yields negative production, and never more than the plausible maximum', () => {
    fc.assert(
      fc.property(u32, u32, fc.integer({ min: 0, max: 100_000 }), (prev, cur, w) => {
        const d = counterDelta(prev, cur, { maxIncrease: w });
        expect(d.delta).toBeGreaterThanOrEqual(0);
        expect(d.delta).toBeLessThanOrEqual(w);
        expect(d.kind === 'suspect' ? d.delta === 0 && d.held > 0 : d.held === 0).toBe(true);
      }),
    );
  });

  it('treats a counter going backwards (not near the top) as a reset: what it shows now was made since', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: UINT32_MOD - 200_000 }), fc.integer({ min: 0, max: 999 }), (prev, cur) => {
        const d = counterDelta(prev, cur, { maxIncrease: 1000 });
        expect(d).toEqual({ kind: 'reset', delta: cur, held: 0 });
      }),
    );
  });

  it('sums a sequence of plausible readings to the true total, whatever the wraps (UInt16 too)', () => {
    fc.assert(
      fc.property(fc.constantFrom(UINT32_MOD, UINT16_MOD), fc.nat(), fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 400 }), (mod, seed, steps) => {
        let reading = seed % mod;
        let counted = 0;
        for (const s of steps) {
          const next = (reading + s) % mod;
          counted += counterDelta(reading, next, { maxIncrease: 500, modulus: mod }).delta;
          reading = next;
        }
        expect(counted).toBe(steps.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('holds an implausible jump instead of counting it', () => {
    expect(counterDelta(100, 100_100, { maxIncrease: 50 })).toEqual({ kind: 'suspect', delta: 0, held: 100_000 });
    // Backwards and then far beyond what a reset could have made since: suspect, not a reset.
    expect(counterDelta(5_000_000, 4_000_000, { maxIncrease: 50 })).toEqual({ kind: 'suspect', delta: 0, held: 4_000_000 });
  });

  it('refuses readings that are not counter values', () => {
    expect(() => counterDelta(-1, 3, { maxIncrease: 10 })).toThrow(RangeError);
    expect(() => counterDelta(1.5, 3, { maxIncrease: 10 })).toThrow(RangeError);
    expect(() => counterDelta(0, UINT32_MOD, { maxIncrease: 10 })).toThrow(RangeError);
  });

  it('derives the plausible maximum from the top rate and the elapsed time, with a floor', () => {
    expect(plausibleIncrease(120, 60_000)).toBe(120);
    expect(plausibleIncrease(120, 100)).toBe(5);
    expect(plausibleIncrease(360, 10 * 60_000)).toBe(3600);
  });
});
