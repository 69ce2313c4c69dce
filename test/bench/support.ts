/**
 * Helpers for benchmark scripts (see scripts/bench.ts): measure, then print one BENCH line per figure.
 *
 * Every figure carries its baseline, its ratio as min / median / max over the rounds (ours and the baseline
 * alternate: ours, bare, ours, bare…), the machine load when it was measured (os.loadavg and the number of
 * cores: the machine is shared, so a figure without its load means little) and a verdict:
 *   PASS         within budget, and the run could be judged;
 *   OVER BUDGET  outside the budget;
 *   NOT JUDGED   the run cannot say (the OPC UA server saturated, the machine too loaded, fewer rounds than
 *                asked, a peer that would not install); never PASS in that case;
 *   INFO         a figure without a budget.
 */
import os from 'node:os';
import { type Verdict, verdictOf } from '../../scripts/lib/benchVerdict.ts';

export interface Sample {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export function measure(fn: () => void, runs = 30, warmup = 5): Sample {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

export function summarize(times: readonly number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: at(0.5), p95Ms: at(0.95), runs: sorted.length };
}

/** min / median / max of a figure over the rounds of one run. */
export interface Range {
  min: number;
  median: number;
  max: number;
  rounds: number;
}

export function range(xs: readonly number[]): Range {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, rounds: 0 };
  const mid = s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { min: s[0]!, median: mid, max: s[s.length - 1]!, rounds: s.length };
}

export interface MachineLoad {
  /** os.loadavg(): 1, 5 and 15 minute run-queue averages. */
  loadavg: [number, number, number];
  cores: number;
}

export function machineLoad(): MachineLoad {
  const [a, b, c] = os.loadavg();
  return { loadavg: [round(a!, 2), round(b!, 2), round(c!, 2)], cores: os.availableParallelism() };
}

export const formatLoad = (l: MachineLoad): string => `load ${l.loadavg.map((x) => x.toFixed(2)).join(' / ')} on ${l.cores} cores`;

/**
 * The highest 1-minute load (as a multiple of the cores) at which a comparative figure is still judged; above
 * it the figure is printed with NOT JUDGED. BENCH_MAX_LOAD overrides (a multiple of the cores, default 2).
 */
export function tooLoaded(load: MachineLoad = machineLoad()): string | null {
  const limit = Number(process.env.BENCH_MAX_LOAD ?? 2) * load.cores;
  return load.loadavg[0] > limit ? `machine too loaded to judge (1-min load ${load.loadavg[0].toFixed(2)} > ${limit} on ${load.cores} cores)` : null;
}

export type { Verdict };

export interface Figure {
  name: string;
  metric: string;
  /** Ours: the median over the rounds (or the single value). */
  value: number;
  unit: string;
  /** What the baseline is, in words ("bare node-opcua client, same subscription"). */
  baselineName?: string;
  baseline?: number;
  /** ours / baseline, median over the rounds. */
  ratio?: number;
  /** ours / baseline per round: min / median / max. */
  ratioRange?: Range;
  valueRange?: Range;
  baselineRange?: Range;
  budget?: string;
  /** Legacy: within budget or not. `verdict` wins when both are given. */
  pass?: boolean;
  verdict?: Verdict;
  /** Why the figure is not judged; forces NOT JUDGED. */
  notJudged?: string;
  load?: MachineLoad;
  /** Any further figures worth keeping in bench.json. */
  detail?: Record<string, unknown>;
}

export { verdictOf };

const fmt = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
export const formatRange = (r: Range | undefined): string => (r ? `${fmt(r.min)} / ${fmt(r.median)} / ${fmt(r.max)} (${r.rounds} rounds)` : '–');

export function report(f: Figure): void {
  const full: Figure = { ...f, load: f.load ?? machineLoad() };
  full.verdict = verdictOf(full);
  if (full.ratio === undefined && full.ratioRange) full.ratio = full.ratioRange.median;
  process.stdout.write(
    `  ${full.name} — ${full.metric}: ${fmt(full.value)} ${full.unit}` +
      (full.baseline !== undefined ? `; baseline${full.baselineName ? ` (${full.baselineName})` : ''} ${fmt(full.baseline)} ${full.unit}` : '') +
      (full.ratioRange ? `; ratio min/median/max ${formatRange(full.ratioRange)}` : full.ratio !== undefined ? `; ratio ${fmt(full.ratio)}` : '') +
      (full.budget ? `; budget ${full.budget}` : '') +
      `; ${formatLoad(full.load!)} → ${full.verdict}${full.notJudged ? ` (${full.notJudged})` : ''}\n`,
  );
  process.stdout.write(`BENCH ${JSON.stringify(full)}\n`);
}

export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
