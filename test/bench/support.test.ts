// The benchmark verdict rule (test/bench/support.ts): a figure with a reason not to judge is NOT JUDGED
// whatever its value — the old runner printed PASS for a saturated ingest run — and a budget without a
// verdict is not a pass. Also the min / median / max of the rounds.
import { describe, expect, it } from 'vitest';
import { range, tooLoaded, verdictOf } from './support.ts';

describe('benchmark verdicts', () => {
  it('is never PASS when the run is not judged', () => {
    expect(verdictOf({ pass: true, budget: '≤ 1.5× bare', notJudged: 'simulator saturated' })).toBe('NOT JUDGED');
    expect(verdictOf({ verdict: 'PASS', notJudged: 'machine too loaded' })).toBe('NOT JUDGED');
  });
  it('says PASS / OVER BUDGET only for a judged figure with a budget, INFO without one', () => {
    expect(verdictOf({ pass: true, budget: '≤ 3 s' })).toBe('PASS');
    expect(verdictOf({ pass: false, budget: '≤ 3 s' })).toBe('OVER BUDGET');
    expect(verdictOf({ budget: '≤ 3 s' })).toBe('NOT JUDGED');
    expect(verdictOf({})).toBe('INFO');
  });
  it('gives min / median / max over the rounds, ignoring rounds that produced no number', () => {
    expect(range([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, rounds: 3 });
    expect(range([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, rounds: 4 });
    expect(range([1, Number.NaN, Number.POSITIVE_INFINITY, 5, 3])).toEqual({ min: 1, median: 3, max: 5, rounds: 3 });
    expect(range([]).rounds).toBe(0);
  });
  it('calls a machine too loaded above twice its cores (1-minute load)', () => {
    expect(tooLoaded({ loadavg: [4.5, 1, 1], cores: 2 })).toMatch(/too loaded/);
    expect(tooLoaded({ loadavg: [3.9, 9, 9], cores: 2 })).toBeNull();
  });
});
