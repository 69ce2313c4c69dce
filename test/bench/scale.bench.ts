// 50 lines × 20 tags on one console: the demo plant (its own process) simulates 50 lines with their line tags
// and 16 extra tags each, the extra ones all changing every second; serve mode (its own process: the real
// core) runs a 50-line configuration; Chromium shows the overview, then one line's view. Printed: the core
// process's CPU per second (from /proc, user + system), the renderer's frame intervals
// (requestAnimationFrame) and long tasks, on the overview and on the line view with its Signals panel.
// Baseline in the same run: frame intervals of a blank page in the same browser.
//
// Each line maps its 6 line tags (good, reject, state, speed, order, hold interlock) and its 16 extra tags
// as process signals (`signals` in the plant configuration). The core monitors 20 nodes per line, 1,000 in
// all: 4 line tags (speed is not read and the hold interlock only written) and the 16 signals, whose 800
// changes a second are coalesced into one live.signals message a second.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumPath, cpuMsOf, launchBenchBrowser, manyLinesConfig, percentile, repoRoot, round, startServeChild, tempDir } from './browserBench.ts';
import { report } from './support.ts';

if (!chromiumPath) {
  console.log('scale: NOT RUN (no Debian chromium; apt-get install chromium)');
  process.exit(0);
}
const LINES = 50;
const EXTRA = 16;
/** Extra tags mapped as signals per line (all of them by default; fewer to see what the signals cost). */
const SIGNALS = Number(process.env.SCALE_SIGNALS ?? EXTRA);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 30);
/** The line view (one line's Signals panel open) is measured after the overview, for this long. */
const LINE_SECONDS = Number(process.env.SCALE_LINE_SECONDS ?? 15);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tmp = tempDir('plant-console-bench-scale-');
const plantChild: ChildProcess = spawn(process.execPath, ['electron/demo/runDemoPlant.ts', '--port', '0', '--lines', String(LINES), '--extra-tags', String(EXTRA), '--exit-with-parent'], {
  cwd: repoRoot,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const endpoint = await new Promise<string>((resolve, reject) => {
  let out = '';
  plantChild.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /opc\.tcp:\/\/\S+/.exec(out);
    if (m) resolve(m[0]);
  });
  plantChild.once('exit', (c) => reject(new Error(`the demo plant exited (${c}):\n${out}`)));
});

const cfg = manyLinesConfig(endpoint, LINES, SIGNALS);
const configPath = path.join(tmp.dir, 'plant-50.json');
fs.writeFileSync(configPath, JSON.stringify(cfg, null, 2));
fs.mkdirSync(path.join(tmp.dir, 'data'));
const serve = await startServeChild(configPath, path.join(tmp.dir, 'data'));
const browser = await launchBenchBrowser({ width: 1920, height: 1080 });

/** In the page: frame intervals and long tasks from now on. */
const startFrameProbe = () => {
  const w = window as unknown as { __frames: number[]; __long: number[] };
  w.__frames = [];
  w.__long = [];
  let last = performance.now();
  const loop = (t: number) => {
    w.__frames.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(loop);
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__long.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
};
const readFrames = () => {
  const w = window as unknown as { __frames: number[]; __long: number[] };
  return { frames: w.__frames, long: w.__long };
};

try {
  const { page } = browser;
  await page.goto(serve.url);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="good-count-L"]').length >= n && /\d/.test(document.querySelector(`[data-testid="good-count-L${n}"]`)?.textContent ?? ''), LINES, { timeout: 90_000 });
  await sleep(5000); // first rollups and baselines settle

  /** CPU of core and demo plant per 1 s window, and the page's frames and long tasks, over `seconds`. */
  const measure = async (seconds: number) => {
    await page.evaluate(startFrameProbe);
    const cpu: number[] = [];
    const plantCpu: number[] = [];
    let prev = cpuMsOf(serve.pid)!;
    let prevPlant = cpuMsOf(plantChild.pid!)!;
    let prevAt = performance.now();
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      const now = performance.now();
      const c = cpuMsOf(serve.pid)!;
      const p = cpuMsOf(plantChild.pid!)!;
      cpu.push(((c - prev) / (now - prevAt)) * 100);
      plantCpu.push(((p - prevPlant) / (now - prevAt)) * 100);
      prev = c;
      prevPlant = p;
      prevAt = now;
    }
    return { cpu, plantCpu, ...(await page.evaluate(readFrames)) };
  };

  const { cpu, plantCpu, frames, long } = await measure(SECONDS);
  const tiles = await page.locator('[data-testid^="good-count-L"]').count();
  fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-scale-overview.png') });

  // One line's view: its 16 signals must show live numbers, or the figures would be for nothing subscribed.
  await page.evaluate(() => (window.location.hash = '#/line/L1'));
  await page.waitForFunction(
    (n) => {
      const values = [...document.querySelectorAll('[data-testid="signals-panel"] .signal-card:not(.tone-nodata) [data-testid^="signal-value-"]')];
      return values.length === n && values.every((v) => /^\d/.test(v.textContent ?? ''));
    },
    SIGNALS,
    { timeout: 30_000 },
  );
  const lineView = await measure(LINE_SECONDS);
  await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-scale-line.png'), fullPage: true });

  const blank = await browser.context.newPage();
  await blank.setContent('<p>idle</p>');
  await blank.evaluate(startFrameProbe);
  await sleep(5000);
  const idle = await blank.evaluate(readFrames);

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f50 = percentile(frames, 0.5);
  const f95 = percentile(frames, 0.95);
  const i95 = percentile(idle.frames, 0.95);
  const l95 = percentile(lineView.frames, 0.95);
  console.log(
    `${LINES} lines × ${6 + SIGNALS} tags configured (${LINES * (6 + SIGNALS)}; ${LINES * (4 + SIGNALS)} nodes monitored, ${LINES * SIGNALS} of them signals changing every second), ${tiles} tiles on the overview, ${SECONDS} s: ` +
      `core CPU mean ${mean(cpu).toFixed(1)} % of a core (p95 of 1 s windows ${percentile(cpu, 0.95).toFixed(1)} %, max ${Math.max(...cpu).toFixed(1)} %); ` +
      `demo plant ${mean(plantCpu).toFixed(1)} %; renderer frames p50 ${f50.toFixed(1)} ms, p95 ${f95.toFixed(1)} ms, max ${Math.max(...frames).toFixed(0)} ms; ` +
      `long tasks ${long.length} (${long.reduce((a, b) => a + b, 0).toFixed(0)} ms in all); blank page frames p95 ${i95.toFixed(1)} ms. ` +
      `Line view with ${SIGNALS} signals, ${LINE_SECONDS} s: core CPU mean ${mean(lineView.cpu).toFixed(1)} %, frames p50 ${percentile(lineView.frames, 0.5).toFixed(1)} ms, p95 ${l95.toFixed(1)} ms, ` +
      `long tasks ${lineView.long.length} (${lineView.long.reduce((a, b) => a + b, 0).toFixed(0)} ms in all)`,
  );
  const name = `50 lines × ${4 + SIGNALS} tags (${LINES * (4 + SIGNALS)} monitored, ${LINES * SIGNALS} of them signals), overview`;
  report({ name, metric: 'core CPU, mean per second', value: round(mean(cpu)), unit: '% of a core' });
  report({ name, metric: 'core CPU, p95 of 1 s windows', value: round(percentile(cpu, 0.95)), unit: '% of a core' });
  report({ name, metric: 'demo plant CPU, mean (not the console)', value: round(mean(plantCpu)), unit: '% of a core' });
  report({ name, metric: 'renderer frame interval p50', value: round(f50), unit: 'ms', baseline: round(percentile(idle.frames, 0.5)), ratio: round(f50 / percentile(idle.frames, 0.5), 2) });
  report({ name, metric: 'renderer frame interval p95', value: round(f95), unit: 'ms', baseline: round(i95), ratio: round(f95 / i95, 2) });
  report({ name, metric: 'renderer long tasks per minute', value: round((long.length / SECONDS) * 60), unit: 'tasks' });
  report({ name, metric: 'renderer long-task time share', value: round((long.reduce((a, b) => a + b, 0) / (SECONDS * 1000)) * 100), unit: '%' });
  const lineName = `50 lines × ${4 + SIGNALS} tags, line view (${SIGNALS} signals on screen)`;
  report({ name: lineName, metric: 'core CPU, mean per second', value: round(mean(lineView.cpu)), unit: '% of a core' });
  report({ name: lineName, metric: 'renderer frame interval p95', value: round(l95), unit: 'ms', baseline: round(i95), ratio: round(l95 / i95, 2) });
  report({ name: lineName, metric: 'renderer long tasks per minute', value: round((lineView.long.length / LINE_SECONDS) * 60), unit: 'tasks' });
} finally {
  await browser.close();
  await serve.stop();
  plantChild.kill('SIGTERM');
  await new Promise((r) => (plantChild.exitCode !== null ? r(null) : plantChild.once('exit', r)));
  tmp.cleanup();
}
