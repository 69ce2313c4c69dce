// Trend redraw in Chromium: the real TrendChart (recharts frame, series on a canvas) on real ring buffers holding a
// full 8 h shift of 1 s data for 10 lines, redrawn through the real throttled path. Built from a bench-only
// page (test/bench/trend/, never shipped) with Vite in production mode, served from a temp folder.
// Baseline in the same page: the same redraw signal re-rendering 10 empty components.
// The charts repaint only the columns that changed; the run fails unless every chart's canvas then equals a
// fresh full paint of its data, pixel for pixel, and a scripted shift (sparse data, a gap, a spike, a ring
// that wraps) painted incrementally at pixel ratios 0.75 to 2 equals a full paint after every step.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { chromiumPath, launchBenchBrowser, percentile, round, tempDir } from './browserBench.ts';
import { machineLoad, range, report, tooLoaded } from './support.ts';

if (!chromiumPath) {
  console.log('trend: NOT RUN (no Debian chromium; apt-get install chromium)');
  process.exit(0);
}
// 50, so that the p95 is not simply the slowest of a handful on a shared machine.
// A page that stops answering ends the run with a message instead of holding npm run bench forever: the
// watchdog is fed by every redraw the page reports (and every answer it gives), and fires after
// WATCHDOG_MS without one. (It used to be ten minutes from the start of the run; but every redraw waits
// for the charts' 1 s throttle, so a run of 3 rounds takes about 8.5 minutes on an idle machine, and more
// under load: the runs at 16:19 and 17:57 were stopped as "no answer" while still redrawing.)
const WATCHDOG_MS = Number(process.env.TREND_WATCHDOG_MS ?? 180_000);
let onStuck: () => Promise<void> = async () => {};
const watchdog = setTimeout(() => {
  console.error(`trend: no progress for ${Math.round(WATCHDOG_MS / 1000)} s (no redraw or answer from the bench page, or the build or Chromium's start stalled); stopped (rerun: npm run bench -- trend)`);
  void onStuck().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();
const alive = () => void watchdog.refresh();
const REDRAWS = Number(process.env.TREND_REDRAWS ?? 50);
// Rounds alternate the baseline (empty components) with one chart and the ten charts; each round REDRAWS redraws.
const ROUNDS = Number(process.env.TREND_ROUNDS ?? 3);
const loadAtStart = machineLoad();
const tmp = tempDir('plant-console-bench-trend-');
await build({
  configFile: false,
  root: path.join(import.meta.dirname, 'trend'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: { outDir: tmp.dir, emptyOutDir: true, target: 'chrome130' },
});
alive();

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = path.join(tmp.dir, rel === '/' ? 'index.html' : rel);
  if (!file.startsWith(tmp.dir) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const browser = await launchBenchBrowser({ width: 1920, height: 1400 });
// A stuck run still closes its Chromium and server before it exits.
onStuck = async () => {
  await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
  server.close();
  tmp.cleanup();
};
alive();

type Timing = { commitMs: number[]; paintMs: number[]; cpuThreadMs?: number; cpuProcessMs?: number };
type Scenario = { steps: number; partial: number; mismatched: number; inked: number };
type Bench = {
  measure(kind: 'empty' | 'trend', n: number, count?: number): Promise<Timing>;
  points(): number[];
  inked(): number[];
  mismatched(): number[];
  scenario(dpr: number): Scenario;
  prepMs(): { full: number; incremental: number };
};
try {
  const { page } = browser;
  // The page calls this after every redraw it measures.
  await page.exposeFunction('__benchAlive', alive);
  await page.goto(url);
  await page.waitForFunction(() => 'measure' in ((window as unknown as { __bench?: object }).__bench ?? {}));
  // CPU time, which a loaded machine does not inflate the way it does wall time: the renderer's main thread
  // (ThreadTime) and its whole process (ProcessTime: raster and compositor threads too) over each run,
  // per redraw (Chromium's Performance.getMetrics, in seconds). Not included: the GPU/viz process.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpuNow = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? Number.NaN;
    return { thread: get('ThreadTime') * 1000, process: get('ProcessTime') * 1000 };
  };
  const measure = async (kind: 'empty' | 'trend', n: number, count: number) => {
    const t = await page.evaluate(([k, r, c]) => (window as unknown as { __bench: Bench }).__bench.measure(k, r, c), [kind, n, count] as const);
    alive();
    return t;
  };
  const run = async (kind: 'empty' | 'trend', count = 10): Promise<Timing> => {
    // Mounted (and two redraws) first: the same tree rendered again is not mounted again, so the CPU
    // below is the redraws' alone (with the idle frames between them, which the empty baseline has too).
    await measure(kind, 0, count);
    const c0 = await cpuNow();
    const t = await measure(kind, REDRAWS, count);
    const c1 = await cpuNow();
    return { ...t, cpuThreadMs: (c1.thread - c0.thread) / (REDRAWS + 2), cpuProcessMs: (c1.process - c0.process) / (REDRAWS + 2) };
  };
  // Alternating rounds: empty components (the baseline), one chart as the line view shows it, the ten charts.
  const rounds: { empty: Timing; one: Timing; ten: Timing }[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push({ empty: await run('empty'), one: await run('trend', 1), ten: await run('trend') });
  const merge = (pick: (r: (typeof rounds)[number]) => Timing): Timing => ({ commitMs: rounds.flatMap((r) => pick(r).commitMs), paintMs: rounds.flatMap((r) => pick(r).paintMs) }) as Timing;
  const empty = merge((r) => r.empty);
  const one = merge((r) => r.one);
  const trend = merge((r) => r.ten);
  // Each answer of the page feeds the watchdog too.
  const ask = async <T,>(f: () => Promise<T>): Promise<T> => {
    const r = await f();
    alive();
    return r;
  };
  const points = await ask(() => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.points()));
  // The charts were redrawn incrementally (only the columns that changed): each must equal a fresh full paint.
  // Before prepMs, which pushes samples the charts are not told about.
  const mismatched = await ask(() => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.mismatched()));
  const prep: { full: number; incremental: number }[] = [];
  for (let i = 0; i < 10; i++) prep.push(await ask(() => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.prepMs())));
  const inked = await ask(() => page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.inked()));
  const scenarios = new Map<number, Scenario>();
  for (const dpr of [1, 2, 1.5, 0.75]) scenarios.set(dpr, await ask(() => page.evaluate((d) => (window as unknown as { __bench: Bench }).__bench.scenario(d), dpr)));
  fs.mkdirSync(path.join(import.meta.dirname, '..', '..', 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'test-results', 'bench-trend.png') });
  const total = (t: Timing) => t.commitMs.map((c, i) => c + t.paintMs[i]!);
  const med = percentile(total(trend), 0.5);
  const p95 = percentile(total(trend), 0.95);
  const base = percentile(total(empty), 0.5);
  console.log(
    `10 trends × 28,200 samples (drawn: ${points.join('/')} points each, ${Math.min(...inked)}+ inked pixels per plot), ${REDRAWS} redraws: ` +
      `notice → committed + layout median ${percentile(trend.commitMs, 0.5).toFixed(1)} ms (p95 ${percentile(trend.commitMs, 0.95).toFixed(1)}), ` +
      `paint of that frame median ${percentile(trend.paintMs, 0.5).toFixed(1)} ms (p95 ${percentile(trend.paintMs, 0.95).toFixed(1)}); ` +
      `of which the script's part (fold in the sample, rebuild the changed columns, canvas calls), 10 charts, median ${percentile(prep.map((p) => p.incremental), 0.5).toFixed(2)} ms (a full pass, on first draw: ${percentile(prep.map((p) => p.full), 0.5).toFixed(1)} ms); ` +
      `10 empty components: ${base.toFixed(2)} ms`,
  );
  const cpu = (pick: (r: (typeof rounds)[number]) => Timing, k: 'cpuThreadMs' | 'cpuProcessMs') => rounds.map((r) => pick(r)[k] ?? Number.NaN);
  const words = (r: ReturnType<typeof range>) => `${r.min.toFixed(2)} / ${r.median.toFixed(2)} / ${r.max.toFixed(2)}`;
  const cpuWords = (pick: (r: (typeof rounds)[number]) => Timing) =>
    `main thread ${words(range(cpu(pick, 'cpuThreadMs')))} ms, renderer process ${words(range(cpu(pick, 'cpuProcessMs')))} ms`;
  console.log(`CPU time per redraw (min / median / max over rounds; mounted before): ten trends ${cpuWords((r) => r.ten)}; one trend ${cpuWords((r) => r.one)}; 10 empty components ${cpuWords((r) => r.empty)}`);
  // What the ten charts add over the empty page in the same round (the rest is the page's own frame work, which both pay).
  const over = (k: 'cpuThreadMs' | 'cpuProcessMs') => range(rounds.map((r) => (r.ten[k] ?? Number.NaN) - (r.empty[k] ?? Number.NaN)));
  console.log(`ten trends over 10 empty components, per round: main thread ${words(over('cpuThreadMs'))} ms, renderer process ${words(over('cpuProcessMs'))} ms`);
  const oneMed = percentile(total(one), 0.5);
  console.log(`one trend (the line view): median ${oneMed.toFixed(1)} ms, p95 ${percentile(total(one), 0.95).toFixed(1)} ms per redraw`);
  if (points.length !== 10 || points.some((p) => p < 360) || inked.length !== 10 || inked.some((n) => n < 2000)) {
    throw new Error(`the trends did not draw their data: points ${points.join(',')}, inked pixels ${inked.join(',')}`);
  }
  const scenarioWords = [...scenarios].map(([dpr, s]) => `at ${dpr}× ${s.mismatched} of ${s.steps} paints' pixels differ (${s.partial} partial, ${s.inked} inked)`).join('; ');
  console.log(`incremental vs full paint: 10 charts after the runs: ${mismatched.join('/')} pixels differ; scripted shift with gaps and a wrapping ring: ${scenarioWords}`);
  if (mismatched.length !== 10 || mismatched.some((n) => n !== 0) || [...scenarios.values()].some((s) => s.mismatched !== 0 || s.partial < s.steps / 2 || s.inked < 1000)) {
    throw new Error('incremental redraws do not match a full redraw (or were not incremental): see the line above');
  }
  const p95s = (pick: (r: (typeof rounds)[number]) => Timing) => rounds.map((r) => percentile(total(pick(r)), 0.95));
  const notJudged = tooLoaded(loadAtStart) ?? undefined;
  report({
    name: 'trend redraw, 1 line × 8 h of 1 s (Chromium)',
    metric: 'p95 per redraw (render + layout + paint)',
    value: round(percentile(total(one), 0.95), 2),
    valueRange: range(p95s((r) => r.one)),
    unit: 'ms',
    baselineName: 'empty components',
    baseline: round(percentile(total(empty), 0.95), 2),
    ratioRange: range(rounds.map((r) => percentile(total(r.one), 0.95) / percentile(total(r.empty), 0.95))),
    budget: '≤ 16 ms',
    pass: Math.max(...p95s((r) => r.one)) <= 16,
    notJudged,
    load: loadAtStart,
    detail: { medianMs: round(oneMed, 2) },
  });
  report({
    name: 'trend redraw, 10 lines × 8 h of 1 s (Chromium)',
    metric: 'p95 per redraw (render + layout + paint)',
    value: round(p95, 2),
    valueRange: range(p95s((r) => r.ten)),
    unit: 'ms',
    baselineName: 'empty components',
    baseline: round(percentile(total(empty), 0.95), 2),
    ratioRange: range(rounds.map((r) => percentile(total(r.ten), 0.95) / percentile(total(r.empty), 0.95))),
    budget: '≤ 12 ms',
    pass: Math.max(...p95s((r) => r.ten)) <= 12,
    notJudged,
    load: loadAtStart,
    detail: {
      medianMs: round(med, 2),
      redrawsPerRound: REDRAWS,
      loadAtEnd: machineLoad(),
      cpuThreadMsPerRedraw: range(cpu((r) => r.ten, 'cpuThreadMs')),
      cpuProcessMsPerRedraw: range(cpu((r) => r.ten, 'cpuProcessMs')),
      emptyCpuProcessMsPerRedraw: range(cpu((r) => r.empty, 'cpuProcessMs')),
    },
  });
  // The same redraws in CPU time (renderer process, mounted before; idle frames between redraws included,
  // as in the empty baseline): what the charts cost, which a loaded machine does not stretch as it does wall time.
  const tenCpu = range(cpu((r) => r.ten, 'cpuProcessMs'));
  report({
    name: 'trend redraw CPU, 10 lines × 8 h of 1 s (Chromium)',
    metric: 'renderer process CPU per redraw',
    value: round(tenCpu.median, 2),
    valueRange: tenCpu,
    unit: 'ms',
    baselineName: 'empty components',
    baseline: round(range(cpu((r) => r.empty, 'cpuProcessMs')).median, 2),
    ratioRange: range(rounds.map((r) => (r.ten.cpuProcessMs ?? Number.NaN) / (r.empty.cpuProcessMs ?? Number.NaN))),
    budget: '≤ 12 ms',
    pass: tenCpu.max <= 12,
    notJudged,
    load: loadAtStart,
    detail: { mainThreadMs: range(cpu((r) => r.ten, 'cpuThreadMs')), emptyMainThreadMs: range(cpu((r) => r.empty, 'cpuThreadMs')) },
  });
} finally {
  await browser.close();
  server.close();
  tmp.cleanup();
}
