// Controller change to pixels: the demo plant (in this process, ticks only when told) changes Line 1's
// good counter at a stamped instant; serve mode (its own process, the real core) carries it over OPC UA,
// the live tick and the WebSocket; in Chromium a MutationObserver on the overview's good count stamps
// when the new text lands in the DOM, and the next animation frame after it. Both stamps are wall-clock
// (performance.timeOrigin + performance.now()) on the same machine.
// Baseline in the same run: a bare WebSocket message from this process into a page that writes it into
// the DOM (the same observer), i.e. everything but the OPC UA hop, the core and React.
import fs from 'node:fs';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { createOpcuaGateway } from '../../electron/core/platform/opcua/createOpcuaGateway.ts';
import { systemClock } from '../../electron/core/platform/ports/nodePorts.ts';
import type { ControllerConfig } from '../../shared/domain/plantConfig.ts';
import { startDemoPlant } from '../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../electron/demo/plantModel.ts';
import { benchPlantConfig, chromiumPath, launchBenchBrowser, percentile, round, startServeChild, tempDir } from './browserBench.ts';
import { report } from './support.ts';

if (!chromiumPath) {
  console.log('latency: NOT RUN (no Debian chromium; apt-get install chromium)');
  process.exit(0);
}

const SAMPLES = Number(process.env.LATENCY_SAMPLES ?? 40);
const wallNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tmp = tempDir('plant-console-bench-latency-');
const plant = await startDemoPlant({ port: 0, autoTick: false, standardLines: false });
const cfg = benchPlantConfig(plant.endpointUrl);
const publishingIntervalMs = (cfg.controllers as { publishingIntervalMs: number }[])[0]!.publishingIntervalMs;
const configPath = path.join(tmp.dir, 'plant.json');
fs.writeFileSync(configPath, JSON.stringify(cfg));
fs.mkdirSync(path.join(tmp.dir, 'data'));
const serve = await startServeChild(configPath, path.join(tmp.dir, 'data'));
// Where the time goes: the same OPC UA hop as the core's (our gateway, same controller settings), in this process.
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
const probe = createOpcuaGateway({ controller: (cfg.controllers as ControllerConfig[])[0]!, pkiDir: path.join(tmp.dir, 'probe-pki'), demoMode: true, logger: quiet, clock: systemClock });
let probeAt = 0;
probe.subscribe([demoNodeRef(1, 'GoodCount')], () => (probeAt = wallNow()));
await probe.connect();
const browser = await launchBenchBrowser();

/** In the page: stamps every text change of `selector` (and the frame after it) into window.__stamps. */
const installObserver = (selector: string) => {
  type Stamp = { text: string; dom: number; frame: number | null };
  const w = window as unknown as { __stamps: Stamp[] };
  w.__stamps = [];
  const el = document.querySelector(selector)!;
  let last = el.textContent;
  new MutationObserver(() => {
    if (el.textContent === last) return;
    last = el.textContent;
    const stamp: Stamp = { text: last ?? '', dom: performance.timeOrigin + performance.now(), frame: null };
    w.__stamps.push(stamp);
    requestAnimationFrame(() => (stamp.frame = performance.timeOrigin + performance.now()));
  }).observe(el, { subtree: true, childList: true, characterData: true });
};

type Stamp = { text: string; dom: number; frame: number | null };
async function stampAfter(page: typeof browser.page, since: number, timeoutMs: number): Promise<Stamp | null> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await page.evaluate((t) => (window as unknown as { __stamps: Stamp[] }).__stamps.find((x) => x.dom > t && x.frame !== null) ?? null, since);
    if (s) return s;
    await sleep(20);
  }
  return null;
}

try {
  const { page } = browser;
  await page.goto(serve.url);
  const sel = '[data-testid="good-count-L1"]';
  await page.waitForFunction((s) => /\d/.test(document.querySelector(s)?.textContent ?? ''), sel, { timeout: 60_000 });
  await page.evaluate(installObserver, sel);
  // Let the first figures settle (baselines, first rollup) before measuring.
  await sleep(3000);

  const console_: number[] = [];
  const frames: number[] = [];
  const hop: number[] = [];
  let missed = 0;
  for (let i = 0; i < SAMPLES; i++) {
    // Line 1 must be running in the next tick, or its good count would not move.
    const before = plant.currentValues()[0]!.goodCount;
    const next = plant.model.lineAt(1, plant.currentTick() + 1).goodCount;
    if (next === before) {
      plant.advance(1);
      await sleep(1500);
      i--;
      continue;
    }
    // Random phase against the publishing interval and the live tick, as a real change would have.
    await sleep(600 + Math.random() * 500);
    const t0 = wallNow();
    plant.advance(1);
    const s = await stampAfter(page, t0, 5000);
    if (!s) {
      missed++;
      continue;
    }
    if (probeAt > t0) hop.push(probeAt - t0);
    console_.push(s.dom - t0);
    frames.push(s.frame! - t0);
  }

  // Baseline: a bare WebSocket message from this process into a DOM write observed the same way.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  const basePage = await browser.context.newPage();
  await basePage.setContent('<p id="v">0</p>');
  const connected = new Promise<import('ws').WebSocket>((r) => wss.once('connection', (ws) => r(ws)));
  await basePage.evaluate((p) => {
    const ws = new WebSocket(`ws://127.0.0.1:${p}/`);
    ws.onmessage = (e) => (document.getElementById('v')!.textContent = String(e.data));
  }, port);
  const ws = await connected;
  await basePage.evaluate(installObserver, '#v');
  const base: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(50 + Math.random() * 100);
    const t0 = wallNow();
    ws.send(String(i + 1));
    const s = await stampAfter(basePage, t0, 2000);
    if (s) base.push(s.dom - t0);
  }
  ws.close();
  wss.close();

  const p50 = percentile(console_, 0.5);
  const p95 = percentile(console_, 0.95);
  const b50 = percentile(base, 0.5);
  const budget = publishingIntervalMs + 100;
  console.log(
    `${console_.length} changes (${missed} not seen within 5 s); simulator change → DOM: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...console_).toFixed(0)} ms; ` +
      `OPC UA hop alone p50 ${percentile(hop, 0.5).toFixed(0)} ms, p95 ${percentile(hop, 0.95).toFixed(0)} ms (${hop.length}); ` +
      `→ next frame p95 ${percentile(frames, 0.95).toFixed(0)} ms; bare WebSocket → DOM p50 ${b50.toFixed(2)} ms, p95 ${percentile(base, 0.95).toFixed(2)} ms ` +
      `(publishing interval ${publishingIntervalMs} ms, live tick 250 ms)`,
  );
  report({ name: 'latency, controller change → DOM', metric: 'p50', value: round(p50), unit: 'ms', baseline: round(b50, 2), ratio: round(p50 / b50, 0) });
  report({
    name: 'latency, controller change → DOM',
    metric: 'p95',
    value: round(p95),
    unit: 'ms',
    baseline: round(percentile(base, 0.95), 2),
    ratio: round(p95 / percentile(base, 0.95), 0),
    budget: `≤ publishing interval + 100 ms = ${budget} ms`,
    pass: p95 <= budget && missed === 0,
  });
  report({ name: 'latency, OPC UA hop only (simulator → gateway callback)', metric: 'p95', value: round(percentile(hop, 0.95)), unit: 'ms' });
  report({ name: 'latency, controller change → next frame', metric: 'p95', value: round(percentile(frames, 0.95)), unit: 'ms' });
} finally {
  await browser.close();
  await probe.dispose();
  await serve.stop();
  await plant.stop();
  tmp.cleanup();
}
