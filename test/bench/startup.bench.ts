// `npm run serve` to the first live value on screen, as a person starts it: in a fresh checkout (the
// committed tree from `git archive HEAD`, node_modules linked from this one) with no built renderer, so the
// renderer build is included; then again in the same checkout, already built. Chromium opens the printed URL
// and waits for Line 1's good count. Median of STARTUP_ROUNDS (default 3) each; budgets ≤ 5 s fresh, ≤ 3 s
// built. Baseline in the same run, alternating with ours: a bare Node process plus a Chromium page.
// Not measured: the desktop app (Electron) start; a first `npm install`.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './browserBench.ts';
import { machineLoad, range, report, tooLoaded } from './support.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const ROUNDS = Number(process.env.STARTUP_ROUNDS ?? 3);
if (!chromiumPath) {
  report({ name: 'startup', metric: 'npm run serve → first live value', value: Number.NaN, unit: 'ms', budget: '≤ 5 s fresh, ≤ 3 s built', notJudged: 'no Chromium here (apt-get install chromium)' });
  process.exit(0);
}
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The fresh checkout: committed files only, no out/ (never built), node_modules shared.
const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-fresh-'));
execFileSync('sh', ['-c', `git -C "${repoRoot}" archive --format=tar HEAD | tar -x -C "${checkout}"`]);
fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function baselineOnce(): Promise<number> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-chromium-b-'));
  const t0 = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('exit', r));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: ARGS });
  await (await ctx.newPage()).setContent('<p>x</p>');
  const ms = performance.now() - t0;
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
  return ms;
}

async function serveOnce(fresh: boolean): Promise<{ toUrlMs: number; toValueMs: number }> {
  if (fresh) fs.rmSync(path.join(checkout, 'out'), { recursive: true, force: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-bench-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-chromium-'));
  const t0 = performance.now();
  // Its own process group, so npm, its shell and node stop together.
  const child = spawn(npm, ['run', '--silent', 'serve', '--', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (c) => reject(new Error(`serve exited (${c}) before printing its URL:\n${out}`)));
    });
    const toUrlMs = performance.now() - t0;
    const ctx = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: ARGS });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="good-count-L1"]')?.textContent ?? ''), null, { timeout: 180_000 });
    const toValueMs = performance.now() - t0;
    await ctx.close();
    return { toUrlMs, toValueMs };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.on('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      const k = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(k);
    }
    for (const d of [dataDir, profile]) fs.rmSync(d, { recursive: true, force: true });
  }
}

const loadAtStart = machineLoad();
try {
  for (const fresh of [true, false]) {
    const ours: { toUrlMs: number; toValueMs: number }[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      ours.push(await serveOnce(fresh));
      base.push(await baselineOnce());
      process.stdout.write(`  ${fresh ? 'fresh checkout' : 'already built'} round ${r + 1}: URL printed ${ours[r]!.toUrlMs.toFixed(0)} ms, first live value ${ours[r]!.toValueMs.toFixed(0)} ms; bare Node + Chromium ${base[r]!.toFixed(0)} ms (load ${machineLoad().loadavg[0]})\n`);
    }
    const value = range(ours.map((o) => o.toValueMs));
    const limit = fresh ? 5000 : 3000;
    report({
      name: `startup, ${fresh ? 'fresh checkout (renderer build included)' : 'renderer already built'}`,
      metric: 'npm run serve → first live value on screen (median)',
      value: Math.round(value.median),
      valueRange: value,
      unit: 'ms',
      baselineName: 'bare Node + Chromium page',
      baseline: Math.round(range(base).median),
      ratioRange: range(ours.map((o, i) => o.toValueMs / base[i]!)),
      budget: `≤ ${limit / 1000} s median`,
      pass: value.median <= limit,
      notJudged: tooLoaded(loadAtStart) ?? undefined,
      load: loadAtStart,
      detail: { toUrlMs: ours.map((o) => Math.round(o.toUrlMs)), toValueMs: ours.map((o) => Math.round(o.toValueMs)), loadAtEnd: machineLoad() },
    });
  }
} finally {
  fs.rmSync(checkout, { recursive: true, force: true });
}
process.exit(0);
