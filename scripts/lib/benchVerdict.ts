/** The verdicts a benchmark figure can have. NOT JUDGED is never counted as PASS. */
export type Verdict = 'PASS' | 'OVER BUDGET' | 'NOT JUDGED' | 'INFO';

/** The verdict: NOT JUDGED whenever a reason is given, whatever the figure; INFO without a budget. */
export function verdictOf(f: { pass?: boolean; verdict?: Verdict | string; notJudged?: string; budget?: string }): Verdict {
  if (f.notJudged) return 'NOT JUDGED';
  if (f.verdict) return f.verdict as Verdict;
  if (f.pass === undefined) return f.budget ? 'NOT JUDGED' : 'INFO';
  return f.pass ? 'PASS' : 'OVER BUDGET';
}
