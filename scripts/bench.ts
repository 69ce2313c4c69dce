// `npm run bench [-- name … [--option value …]]`: runs each test/bench/*.bench.ts in its own process, one
// after another (they share the machine: never in parallel), and prints each one's figures. A benchmark
// prints lines starting with "BENCH " followed by a JSON figure (test/bench/support.ts: value, baseline,
// ratio min / median / max over alternating rounds, machine load, verdict PASS / OVER BUDGET / NOT JUDGED)
// and any human lines it likes. The table at the end and test-results/bench.json keep every figure (a
// benchmark not run this time keeps its last figures there, with the time they were measured).
// Options after the names (`--duration 10m`) are passed to the benchmarks. The soak runs only when named
// (`npm run bench -- soak`): it lasts two hours by default.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verdictOf } from './lib/benchVerdict.ts';

// The figure a benchmark prints (the shape test/bench/support.ts writes; scripts do not import test code).
interface Range {
  min: number;
  median: number;
  max: number;
  rounds: number;
}
interface MachineLoad {
  loadavg: [number, number, number];
  cores: number;
}
interface Figure {
  file?: string;
  name: string;
  metric: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  baselineName?: string;
  ratio?: number | null;
  ratioRange?: Range;
  budget?: string;
  pass?: boolean;
  verdict?: string;
  notJudged?: string;
  load?: MachineLoad;
}
const machineLoad = (): MachineLoad => {
  const [a, b, c] = os.loadavg();
  return { loadavg: [Number(a!.toFixed(2)), Number(b!.toFixed(2)), Number(c!.toFixed(2))], cores: os.availableParallelism() };
};
const formatLoad = (l: MachineLoad) => `load ${l.loadavg.map((x) => x.toFixed(2)).join(' / ')} on ${l.cores} cores`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, 'test', 'bench');
const resultsDir = path.join(repoRoot, 'test-results');
// A fresh clone has no test-results/: made before any benchmark runs, so none of them has to.
fs.mkdirSync(resultsDir, { recursive: true });
// Benchmarks kept in a folder of their own, named by path. The plant hub at scale (issue 19: one hub, 50 lines,
// 25 consoles and 10 wall boards, three cores on the machine) runs only when named: `npm run bench -- hub`.
const NESTED = ['hub/hub.bench.ts'];
const ON_REQUEST = ['soak.bench.ts', 'hub/hub.bench.ts'];

const argv = process.argv.slice(2);
const firstOption = argv.findIndex((a) => a.startsWith('--'));
const only = firstOption < 0 ? argv : argv.slice(0, firstOption);
const passOn = firstOption < 0 ? [] : argv.slice(firstOption);
const files = [...fs.readdirSync(benchDir), ...NESTED]
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => (only.length === 0 ? !ON_REQUEST.includes(f) : only.some((o) => f.includes(o))))
  .sort();

const figures: Figure[] = [];
const runs: { file: string; exitCode: number; seconds: number; loadBefore: ReturnType<typeof machineLoad>; loadAfter: ReturnType<typeof machineLoad> }[] = [];
let failed = 0;
for (const file of files) {
  const loadBefore = machineLoad();
  process.stdout.write(`\n▶ ${file} (${formatLoad(loadBefore)})\n`);
  const t0 = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(benchDir, file), ...passOn], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('BENCH ')) {
          try {
            figures.push({ file, ...(JSON.parse(line.slice(6)) as Figure) } as Figure);
          } catch {
            process.stdout.write(`  (unreadable figure line: ${line})\n`);
          }
        } else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  runs.push({ file, exitCode: code, seconds: Math.round((performance.now() - t0) / 1000), loadBefore, loadAfter: machineLoad() });
  if (code !== 0) {
    failed++;
    process.stdout.write(`  ✗ ${file} exited with ${code}\n`);
  }
}

const fmt = (n: number | null | undefined) => (n === undefined || n === null || !Number.isFinite(n) ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
const formatRange = (r: Range) => `${fmt(r.min)} / ${fmt(r.median)} / ${fmt(r.max)} (${r.rounds} rounds)`;
process.stdout.write('\nbenchmark | metric | ours (median) | baseline | ratio min / median / max | budget | load (1/5/15 min, cores) | verdict\n--- | --- | --- | --- | --- | --- | --- | ---\n');
for (const f of figures) {
  const verdict = verdictOf(f);
  const ratio = f.ratioRange ? formatRange(f.ratioRange) : fmt(f.ratio);
  const load = f.load ? `${f.load.loadavg.map((x) => x.toFixed(1)).join(' / ')}, ${f.load.cores}` : '';
  process.stdout.write(
    `${f.name} | ${f.metric} | ${fmt(f.value)} ${f.unit} | ${f.baseline === undefined || f.baseline === null ? '' : `${fmt(f.baseline)}${f.baselineName ? ` (${f.baselineName})` : ''}`} | ${ratio} | ${f.budget ?? ''} | ${load} | ${verdict}${f.notJudged ? ` (${f.notJudged})` : ''}\n`,
  );
}
const counts = figures.reduce<Record<string, number>>((acc, f) => ((acc[verdictOf(f)] = (acc[verdictOf(f)] ?? 0) + 1), acc), {});
process.stdout.write(`\n${Object.entries(counts).map(([v, n]) => `${n} ${v}`).join(', ') || 'no figures'}${failed ? `; ${failed} benchmark(s) crashed` : ''}\n`);
// Figures of benchmarks not run this time are kept from the file as it was (each with the time of its own
// run): a soak that ends two hours later, or `npm run bench -- latency`, does not wipe the other rows.
const at = new Date().toISOString();
const jsonPath = path.join(resultsDir, 'bench.json');
let kept: { runs: unknown[]; figures: Figure[] } = { runs: [], figures: [] };
try {
  const before = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as { at?: string; runs?: ({ file: string; at?: string } & Record<string, unknown>)[]; figures?: (Figure & { at?: string })[] };
  const ranNow = new Set(files);
  kept = {
    runs: (before.runs ?? []).filter((r) => !ranNow.has(r.file)).map((r) => ({ ...r, at: r.at ?? before.at })),
    figures: (before.figures ?? []).filter((f) => !f.file || !ranNow.has(f.file)).map((f) => ({ ...f, at: f.at ?? before.at })),
  };
} catch {
  // no earlier file, or not one of ours: nothing to keep
}
fs.writeFileSync(
  jsonPath,
  JSON.stringify(
    {
      at,
      node: process.version,
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      runs: [...kept.runs, ...runs.map((r) => ({ ...r, at }))],
      figures: [...kept.figures, ...figures.map((f) => ({ ...f, at }))],
    },
    null,
    2,
  ),
);
process.stdout.write(`Figures written to ${path.relative(repoRoot, path.join(resultsDir, 'bench.json'))}\n`);
process.exit(failed > 0 ? 1 : 0);
