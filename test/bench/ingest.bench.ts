// `npm run bench:ingest`: the console's ingest path (OPC UA gateway -> live values -> line model (LivePump) ->
// SQLite counter baselines) against a bare node-opcua client counting `changed` events, on the same tuned
// simulator (its own process), in the same run. 1,000 and 5,000 items at 10 ms updates, 100 ms publishing.
// Alternating windows, median per side; prints values/s and CPU µs per value of both and their ratios,
// plus connect-to-first-value. Target: ratio >= 0.9 values/s, <= 2x CPU per value (reported, not asserted).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttributeIds, ClientMonitoredItemGroup, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, TimestampsToReturn } from 'node-opcua';
import { createOpcuaGateway } from '../../electron/core/platform/opcua/createOpcuaGateway.ts';
import type { LiveValue, OpcuaPort } from '../../electron/core/platform/opcua/opcuaTypes.ts';
import { LivePump } from '../../electron/core/features/lines/LivePump.ts';
import type { Clock, Logger } from '../../electron/core/platform/ports/ports.ts';
import { saveBaselines } from '../../electron/core/features/production/counterBaselineRepo.ts';
import { openDatabase } from '../../electron/core/platform/storage/db.ts';
import { migrate } from '../../electron/core/platform/storage/migrations/index.ts';
import { LineConfig, type ControllerConfig } from '../../shared/domain/plantConfig.ts';
import { report } from './support.ts';

const NS = 'urn:plant-console:bench-ingest';
const WINDOW_MS = Number(process.env.INGEST_WINDOW_MS ?? 10_000);
const ROUNDS = Number(process.env.INGEST_ROUNDS ?? 3);
const POINTS = (process.env.INGEST_POINTS ?? '1000,5000').split(',').map(Number);
const PUBLISHING_MS = 100;

const clock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(t) };
  },
  setInterval: (ms, fn) => {
    const t = setInterval(fn, ms);
    return { dispose: () => clearInterval(t) };
  },
};
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Sim {
  child: ChildProcess;
  endpoint: string;
  stats: { offeredPerS: number; cpuPct: number; loopPct: number }[];
}

async function startSim(items: number): Promise<Sim> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'ingestSimulator.ts'), String(items), '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const sim: Sim = { child, endpoint: '', stats: [] };
  let buf = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('READY ')) {
          sim.endpoint = line.slice(6);
          resolve();
        } else if (line.startsWith('STATS ')) sim.stats.push(JSON.parse(line.slice(6)) as Sim['stats'][number]);
      }
    });
    child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
  return sim;
}

interface Run {
  valuesPerS: number;
  cpuUsPerValue: number;
  firstValueMs: number;
}

/** The baseline: node-opcua alone, counting `changed`. Same subscription and item parameters as the gateway. */
async function bareRun(endpoint: string, items: number): Promise<Run> {
  const cm = new OPCUACertificateManager({ rootFolder: path.join(tmp, 'bare-pki'), automaticallyAcceptUnknownCertificate: true });
  await cm.initialize();
  const client = OPCUAClient.create({ clientCertificateManager: cm, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 200 } });
  const t0 = performance.now();
  await client.connect(endpoint);
  const session = await client.createSession();
  const nsIndex = (await session.readNamespaceArray()).indexOf(NS);
  const sub = await session.createSubscription2({ requestedPublishingInterval: PUBLISHING_MS, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 6000, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });
  let count = 0;
  let first = 0;
  for (let start = 0; start < items; start += 1000) {
    const group = ClientMonitoredItemGroup.create(
      sub,
      Array.from({ length: Math.min(1000, items - start) }, (_, i) => ({ nodeId: `ns=${nsIndex};s=V${start + i}`, attributeId: AttributeIds.Value })),
      { samplingInterval: 0, queueSize: 10, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on('changed', () => {
      if (count++ === 0) first = performance.now() - t0;
    });
    await new Promise<void>((r) => group.once('initialized', () => r()));
  }
  const r = await measureWindow(() => count);
  await sub.terminate();
  await session.close();
  await client.disconnect();
  await cm.dispose();
  return { ...r, firstValueMs: first };
}

/** Ours: gateway -> LivePump (line model) -> SQLite baselines, counted where values reach the core. */
async function oursRun(endpoint: string, items: number, dbFile: string): Promise<Run> {
  const controller: ControllerConfig = { id: 'bench', name: 'Bench', endpoint, security: { mode: 'None', policy: 'None', allowInsecure: true }, userToken: { type: 'anonymous' }, publishingIntervalMs: PUBLISHING_MS };
  const lines: LineConfig[] = [];
  for (let i = 0; i + 1 < items; i += 2) {
    lines.push(LineConfig.parse({ id: `B${i / 2}`, name: `Bench ${i / 2}`, controllerId: 'bench', tags: { goodCount: `nsu=${NS};s=V${i}`, machineState: `nsu=${NS};s=V${i + 1}` }, stateMap: { '1': 'running', '2': 'idle' }, targetRatePerMin: 60 }));
  }
  const opened = openDatabase(dbFile);
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  migrate(db);
  const gateway = createOpcuaGateway({ controller, pkiDir: path.join(tmp, 'ours-pki'), demoMode: true, logger: quiet, clock });
  let count = 0;
  let first = 0;
  const t0 = performance.now();
  // Counts every value at the hand-off from the gateway to the core's line model.
  const counted: OpcuaPort = Object.assign(Object.create(gateway) as OpcuaPort, {
    subscribe: (tags: readonly string[], onBatch: (v: LiveValue[]) => void) =>
      gateway.subscribe(tags, (values) => {
        if (count === 0 && values.length > 0) first = performance.now() - t0;
        count += values.length;
        onBatch(values);
      }),
  });
  const pump = new LivePump({
    clock,
    logger: quiet,
    lines,
    controllers: [controller],
    ports: new Map([['bench', counted]]),
    endpointOf: () => endpoint,
    tickMs: 250,
    publishLines: () => undefined,
    publishConnections: () => undefined,
    saveBaselines: (b) => saveBaselines(db, b),
  });
  pump.start();
  await gateway.connect();
  const r = await measureWindow(() => count);
  pump.dispose();
  await gateway.dispose();
  db.close();
  return { ...r, firstValueMs: first };
}

async function measureWindow(count: () => number): Promise<Omit<Run, 'firstValueMs'>> {
  await sleep(2000); // warm-up: initial values and JIT
  const c0 = count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const n = count() - c0;
  const cpu = process.cpuUsage(cpu0);
  const s = (performance.now() - t0) / 1000;
  return { valuesPerS: n / s, cpuUsPerValue: n > 0 ? (cpu.user + cpu.system) / n : Number.POSITIVE_INFINITY };
}

for (const items of POINTS) {
  const sim = await startSim(items);
  const bare: Run[] = [];
  const ours: Run[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push(await bareRun(sim.endpoint, items));
    ours.push(await oursRun(sim.endpoint, items, path.join(tmp, `ours-${items}-${r}.db`)));
  }
  sim.child.stdin!.end();
  sim.child.kill('SIGTERM');
  const offered = median(sim.stats.slice(2).map((x) => x.offeredPerS));
  const serverCpu = median(sim.stats.slice(2).map((x) => x.cpuPct));
  const loop = median(sim.stats.slice(2).map((x) => x.loopPct));
  const b = { v: median(bare.map((x) => x.valuesPerS)), cpu: median(bare.map((x) => x.cpuUsPerValue)), first: median(bare.map((x) => x.firstValueMs)) };
  const o = { v: median(ours.map((x) => x.valuesPerS)), cpu: median(ours.map((x) => x.cpuUsPerValue)), first: median(ours.map((x) => x.firstValueMs)) };
  const serverBound = serverCpu >= 90 || loop < 90;
  const name = `ingest ${items} items x 10 ms, ${PUBLISHING_MS} ms publishing`;
  process.stdout.write(
    `${name}: offered ${offered.toFixed(0)}/s (server CPU ${serverCpu.toFixed(0)} %, loop ${loop.toFixed(0)} %${serverBound ? ', SERVER-BOUND: client not judged' : ''})\n` +
      `  bare node-opcua: ${b.v.toFixed(0)} values/s, ${b.cpu.toFixed(2)} µs CPU/value, first value ${b.first.toFixed(0)} ms\n` +
      `  console ingest : ${o.v.toFixed(0)} values/s, ${o.cpu.toFixed(2)} µs CPU/value, first value ${o.first.toFixed(0)} ms\n` +
      `  ratio values/s ${(o.v / b.v).toFixed(3)} (target >= 0.9) ; ratio CPU/value ${(o.cpu / b.cpu).toFixed(2)} (target <= 2)\n`,
  );
  report({ name, metric: 'values/s ours/bare', value: o.v, unit: 'values/s', baseline: b.v, ratio: o.v / b.v, budget: '>= 0.9', pass: serverBound || o.v / b.v >= 0.9 });
  report({ name, metric: 'CPU per value ours/bare', value: o.cpu, unit: 'µs/value', baseline: b.cpu, ratio: o.cpu / b.cpu, budget: '<= 2', pass: serverBound || o.cpu / b.cpu <= 2 });
  report({ name, metric: 'connect to first value (ours)', value: o.first, unit: 'ms', baseline: b.first, ratio: o.first / b.first });
}
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(0);
