// Controller change to pixels, in a live plant: the demo plant (in this process) ticks about every second
// and every line changes on each tick (the ticks come from this script's own timer calling advance(1), which
// is what the plant's autoTick timer does, tick + 1 and publish; driving it here stamps each tick's instant
// and gives each tick a random phase against the publishing cycle, as real changes have).
// Serve mode (its own process, `node scripts/serve.ts --config`, the real core) carries the changes over
// OPC UA, the live tick and the WebSocket into Chromium, where a MutationObserver on Line 1's good count
// stamps when the new text lands in the DOM. Each DOM change is matched to the tick that made that count.
// Baseline in the same run, on the same changes: the bare OPC UA hop, a bare node-opcua client subscribed
// to the same node with the console's subscription parameters, stamping each `changed`. Its sampling interval,
// queue size and keep-alive count are the console's own (samplingIntervalOf, gatewayTiming.ts), read from the
// same configuration: the console used to sample at the publishing interval while this client asked for 0, so
// ~150 ms of the difference at the median was the two subscriptions, not the console's pipeline. Both clients
// see every round's ticks at once (rather than in alternating rounds): the same changes, the same load.
// Budget: p95 ≤ publishing interval + 100 ms and p50 ≤ 0.6 × the interval. Rounds: LATENCY_ROUNDS
// (default 3) consecutive windows of LATENCY_ROUND_S seconds; the ratio is console p95 / bare-hop p95 per round.
// Not judged when the 1-minute load is too high at the start or at the end of the run (support.ts tooLoaded).
// Not measured: paint (the frame after the DOM write is printed, not judged); other screens than the overview.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttributeIds, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, TimestampsToReturn } from 'node-opcua';
import { startDemoPlant } from '../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../electron/demo/plantModel.ts';
import { benchPlantConfig, chromiumPath, launchBenchBrowser, percentile, repoRoot, startServeChild, tempDir } from './browserBench.ts';
import { machineLoad, range, report, round, tooLoaded } from './support.ts';
import { samplingIntervalOf } from '../../electron/core/platform/linefeed/lineFeed.ts';
import { KEEP_ALIVE_COUNT, QUEUE_SIZE } from '../../electron/core/platform/opcua/gatewayTiming.ts';
import type { ControllerConfig } from '../../shared/domain/plantConfig.ts';

if (!chromiumPath) {
  report({ name: 'latency, controller change → DOM', metric: 'p95', value: Number.NaN, unit: 'ms', budget: 'p95 ≤ interval + 100 ms', notJudged: 'no Chromium here (apt-get install chromium)' });
  process.exit(0);
}

const ROUNDS = Number(process.env.LATENCY_ROUNDS ?? 3);
const ROUND_S = Number(process.env.LATENCY_ROUND_S ?? 25);
const TICK_MS = 1000;
const wallNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loadAtStart = machineLoad();
const tmp = tempDir('plant-console-bench-latency-');
const plant = await startDemoPlant({ port: 0, autoTick: false, standardLines: false });
const cfg = benchPlantConfig(plant.endpointUrl);
const controller = (cfg.controllers as ControllerConfig[])[0]!;
const publishingIntervalMs = controller.publishingIntervalMs;
// Good count is a line tag: the sampling interval the line feed asks for it.
const samplingIntervalMs = samplingIntervalOf(controller);
const configPath = path.join(tmp.dir, 'plant.json');
fs.writeFileSync(configPath, JSON.stringify(cfg));
fs.mkdirSync(path.join(tmp.dir, 'data'));

// Ticks: raw good count of Line 1 → the instant the tick that made it was published.
const tickAt = new Map<number, number>();
const goodNow = () => plant.currentValues()[0]!.goodCount;
// About every second, with a random phase against the 250 ms publishing cycle (a fixed 1000 ms interval locks
// the phase for a whole round and measured 14 ms or 230 ms hops depending on where it fell). A sweep of the
// phase (ticks 1010 ms apart) was tried and did not hold under load (bare hop p50 67, 48, 194 ms over three
// rounds at load 30: the timers drift, probably locking the phase again). So a round's median of the OPC UA hop
// alone, uniform over the interval, swings by about ±25 ms with 25 changes a round: a console adding ~10 ms
// misses the 150 ms p50 budget in at least one of three rounds in about 60 % of runs, by chance (binomial
// estimate); the pooled p50 and p95 over the rounds (the figures printed) are steadier, so the verdict is theirs
// and each round's figures are printed beside it (min / median / max).
let ticker: ReturnType<typeof setTimeout>;
const tickOnce = () => {
  const before = goodNow();
  const t = wallNow();
  plant.advance(1);
  const after = goodNow();
  if (after !== before && !tickAt.has(after)) tickAt.set(after, t);
  ticker = setTimeout(tickOnce, TICK_MS - 125 + Math.random() * 250);
};
ticker = setTimeout(tickOnce, TICK_MS);

// The bare OPC UA hop: node-opcua alone, the gateway's subscription parameters, on Line 1's good count.
const cm = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'bare-pki'), automaticallyAcceptUnknownCertificate: true });
await cm.initialize();
const bare = OPCUAClient.create({ clientName: 'bench-bare', clientCertificateManager: cm, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false });
await bare.connect(plant.endpointUrl);
const bareSession = await bare.createSession();
const bareSub = await bareSession.createSubscription2({ requestedPublishingInterval: publishingIntervalMs, requestedMaxKeepAliveCount: KEEP_ALIVE_COUNT, requestedLifetimeCount: Math.ceil(600_000 / publishingIntervalMs), maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });
const nsIndex = (await bareSession.readNamespaceArray()).indexOf(plant.namespaceUri);
const ref = demoNodeRef(1, 'GoodCount').replace(/^nsu=[^;]+/, `ns=${nsIndex}`);
const item = await bareSub.monitor({ nodeId: ref, attributeId: AttributeIds.Value }, { samplingInterval: samplingIntervalMs, queueSize: QUEUE_SIZE, discardOldest: true }, TimestampsToReturn.Both);
const bareStamps: { raw: number; at: number }[] = [];
item.on('changed', (dv) => bareStamps.push({ raw: Number(dv.value.value), at: wallNow() }));

const serve = await startServeChild(configPath, path.join(tmp.dir, 'data'));
// What serve hands out (it rebuilds out/renderer at start when the sources changed). A build made under a test
// runner (NODE_ENV=test) is React's development build: its checks slow every render, and the build stamp records
// the sources' hash, not the mode, so later serves keep handing it out. Measured here 15:30: out/renderer's entry
// 545 KB with React's development warnings, 338 KB from a plain `vite build`. Such a run is not judged.
const developmentBundle = ((): string | undefined => {
  try {
    const dir = path.join(repoRoot, 'out', 'renderer');
    const entry = /src="\.\/(assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'))?.[1];
    const dev = entry !== undefined && fs.readFileSync(path.join(dir, entry), 'utf8').includes('Each child in a list should have a unique');
    return dev ? 'out/renderer is a React development build (as a build under a test runner, NODE_ENV=test, makes): remove out/renderer (serve builds it again) and run again' : undefined;
  } catch {
    return undefined;
  }
})();
if (developmentBundle) process.stdout.write(`  ${developmentBundle}\n`);
const browser = await launchBenchBrowser();

type Stamp = { text: string; dom: number; frame: number | null };
const installObserver = (selector: string) => {
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

try {
  const { page } = browser;
  await page.goto(serve.url);
  const sel = '[data-testid="good-count-L1"]';
  await page.waitForFunction((s) => /\d/.test(document.querySelector(s)?.textContent ?? ''), sel, { timeout: 120_000 });
  await page.evaluate(installObserver, sel);
  await sleep(3000); // first figures settle (baselines, first rollup)

  const rounds: { console: number[]; frames: number[]; hop: number[]; unmatched: number }[] = [];
  let offset: number | null = null; // raw counter − shown (shift) count
  for (let r = 0; r < ROUNDS; r++) {
    const from = wallNow();
    const bareFrom = bareStamps.length;
    await sleep(ROUND_S * 1000);
    const to = wallNow();
    const stamps = (await page.evaluate(() => (window as unknown as { __stamps: Stamp[] }).__stamps.splice(0))).filter((s) => s.dom >= from && s.dom <= to);
    const round_ = { console: [] as number[], frames: [] as number[], hop: [] as number[], unmatched: 0 };
    for (const s of stamps) {
      const shown = Number(s.text.replace(/\D/g, ''));
      if (offset === null) {
        // The first change seen: the latest tick before it made it (latency < one tick); fixes the offset.
        const latest = [...tickAt.entries()].filter(([, t]) => t < s.dom).sort((a, b) => b[1] - a[1])[0];
        if (!latest) continue;
        offset = latest[0] - shown;
      }
      const t0 = tickAt.get(shown + offset);
      if (t0 === undefined || s.dom - t0 > 10_000) {
        round_.unmatched++;
        continue;
      }
      round_.console.push(s.dom - t0);
      if (s.frame !== null) round_.frames.push(s.frame - t0);
    }
    for (const b of bareStamps.slice(bareFrom)) {
      const t0 = tickAt.get(b.raw);
      if (t0 !== undefined) round_.hop.push(b.at - t0);
    }
    rounds.push(round_);
    process.stdout.write(
      `  round ${r + 1}: ${round_.console.length} changes on screen (${round_.unmatched} not matched to a tick), change → DOM p50 ${percentile(round_.console, 0.5).toFixed(0)} / p95 ${percentile(round_.console, 0.95).toFixed(0)} ms; ` +
        `bare OPC UA hop p50 ${percentile(round_.hop, 0.5).toFixed(0)} / p95 ${percentile(round_.hop, 0.95).toFixed(0)} ms (${round_.hop.length}); → next frame p95 ${percentile(round_.frames, 0.95).toFixed(0)} ms\n`,
    );
  }

  const all = rounds.flatMap((r) => r.console);
  const hop = rounds.flatMap((r) => r.hop);
  const p50 = percentile(all, 0.5);
  const p95 = percentile(all, 0.95);
  const p95Budget = publishingIntervalMs + 100;
  const p50Budget = 0.6 * publishingIntervalMs;
  const loadAtEnd = machineLoad();
  const notJudged = developmentBundle ?? tooLoaded(loadAtStart) ?? tooLoaded(loadAtEnd) ?? (all.length < 10 * ROUNDS ? `too few changes seen (${all.length})` : undefined);
  const name = `latency, controller change → DOM (live plant, all lines changing, publishing ${publishingIntervalMs} ms)`;
  const detail = { rounds: rounds.map((r) => ({ n: r.console.length, unmatched: r.unmatched, p50: round(percentile(r.console, 0.5)), p95: round(percentile(r.console, 0.95)), hopP50: round(percentile(r.hop, 0.5)), hopP95: round(percentile(r.hop, 0.95)) })), samplingIntervalMs, loadAtEnd, host: os.hostname() };
  report({
    name,
    metric: 'p95',
    value: round(p95),
    valueRange: range(rounds.map((r) => percentile(r.console, 0.95))),
    unit: 'ms',
    baselineName: 'bare OPC UA hop, same node',
    baseline: round(percentile(hop, 0.95)),
    ratioRange: range(rounds.map((r) => percentile(r.console, 0.95) / percentile(r.hop, 0.95))),
    budget: `≤ interval + 100 ms = ${p95Budget} ms`,
    // Judged on all rounds' changes together (the figure printed); the per-round range is printed beside it.
    pass: p95 <= p95Budget,
    notJudged,
    load: loadAtStart,
    detail,
  });
  report({
    name,
    metric: 'p50',
    value: round(p50),
    valueRange: range(rounds.map((r) => percentile(r.console, 0.5))),
    unit: 'ms',
    baselineName: 'bare OPC UA hop, same node',
    baseline: round(percentile(hop, 0.5)),
    ratioRange: range(rounds.map((r) => percentile(r.console, 0.5) / percentile(r.hop, 0.5))),
    budget: `≤ 0.6 × interval = ${p50Budget} ms`,
    pass: p50 <= p50Budget,
    notJudged,
    load: loadAtStart,
  });
  report({ name: 'latency, controller change → next frame', metric: 'p95', value: round(percentile(rounds.flatMap((r) => r.frames), 0.95)), unit: 'ms', load: loadAtStart });
} finally {
  clearTimeout(ticker);
  await browser.close();
  await bareSub.terminate().catch(() => undefined);
  await bareSession.close().catch(() => undefined);
  await bare.disconnect();
  await cm.dispose();
  await serve.stop();
  await plant.stop();
  tmp.cleanup();
}
process.exit(0);
