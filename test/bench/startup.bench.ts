// Time from `npm run serve` (scripts/serve.ts) to the first live good count on screen in Chromium,
// against the bare cost of starting Node and Chromium in the same run (the baseline).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { report } from './support.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!chromiumPath) {
  console.log('startup: NOT RUN (no Debian chromium; apt-get install chromium)');
  process.exit(0);
}
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function once(): Promise<{ toUrlMs: number; toValueMs: number; baselineMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-bench-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-chromium-'));
  // Baseline: a bare Node process plus a Chromium page, nothing of ours.
  const b0 = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('exit', r));
  const bctx = await chromium.launchPersistentContext(profile + '-b', { executablePath: chromiumPath, headless: true, args: ARGS });
  await (await bctx.newPage()).setContent('<p>x</p>');
  const baselineMs = performance.now() - b0;
  await bctx.close();

  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/serve.ts', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(out)));
  });
  const toUrlMs = performance.now() - t0;
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: ARGS });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="good-count-L1"]')?.textContent ?? ''), null, { timeout: 30_000 });
  const toValueMs = performance.now() - t0;
  await ctx.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  for (const d of [dataDir, profile, profile + '-b']) fs.rmSync(d, { recursive: true, force: true });
  return { toUrlMs, toValueMs, baselineMs };
}

const runs = [];
for (let i = 0; i < 3; i++) runs.push(await once());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const toValue = median(runs.map((r) => r.toValueMs));
const baseline = median(runs.map((r) => r.baselineMs));
console.log(`serve → URL printed: ${runs.map((r) => r.toUrlMs.toFixed(0)).join(', ')} ms; → first live value on screen: ${runs.map((r) => r.toValueMs.toFixed(0)).join(', ')} ms`);
report({ name: 'startup', metric: 'serve → URL printed (median of 3)', value: median(runs.map((r) => r.toUrlMs)), unit: 'ms' });
report({ name: 'startup', metric: 'serve → first live value on screen (median of 3)', value: toValue, unit: 'ms', baseline, ratio: toValue / baseline, budget: '≤ 10 s', pass: toValue <= 10_000 });
