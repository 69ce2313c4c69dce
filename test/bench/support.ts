/** Helpers for benchmark scripts: measure, then print one BENCH line per figure (see scripts/bench.ts). */

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

export interface Figure {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  budget?: string;
  pass?: boolean;
}

export function report(f: Figure): void {
  process.stdout.write(`BENCH ${JSON.stringify(f)}\n`);
}
