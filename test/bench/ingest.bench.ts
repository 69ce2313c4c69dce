// `npm run bench:ingest`: the shipped console core against a bare node-opcua client, on the same simulator.
//
// Ours: `node scripts/serve.ts --config <plant>` (what `npm run serve -- --config` runs: startCore with
// production, signals, alarms, the live pump and the WebSocket host) in its own process, with one screen
// connected over its WebSocket (as the page connects on the Overview, receiving every stream message the core
// sends it: every line's counts and state, each line's production figures when they changed; no process
// signals, which the core sends only for the lines a screen shows, signals.watch from the line view). Baseline: a bare
// node-opcua client (ingestBareClient.ts) in its own process, with the gateway's subscription parameters and
// the sampling interval the bench plant configures for the console (INGEST_SAMPLING_MS, default 0: every
// change; ingestPlant.ts, checked by ingestPlant.test.ts), on the same nodes. Both on the simulator (ingestSimulator.ts, its own process). Windows alternate: ours,
// bare, bare, ours… (INGEST_ROUNDS pairs, default 3; the first side swaps every round), each after its client
// has its items and a warm-up.
//
// What is counted: values delivered = the simulator's own data-change notification count for the client's
// session(s) (server subscription diagnostics), CPU = the client process's utime + stime from /proc/<pid>/stat
// over the same window, RSS = the peak of VmRSS read every second of the window (it was one reading at the end:
// on garbage collection's sawtooth that landed anywhere), split from /proc/<pid>/smaps into V8 and thread
// arenas, the main malloc arena and file-backed pages (rssPartsOf). CPU per notification ≤
// 1.5× bare, values delivered ≥ 0.95× bare, RSS ≤ 1.3× bare. A window in which the simulator could not keep
// its tick (loop < 90 %) or used ≥ 90 % of a core is saturated: the figure is NOT JUDGED, never PASS.
// Not measured: the renderer (no browser here; the screen is a WebSocket client that counts messages).
// Peer row: Node-RED + node-red-contrib-opcua (test/bench/peers, see ingestNodeRed.ts) on the same simulator.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startServeChild, tempDir, cpuMsOf } from './browserBench.ts';
import { INGEST_SAMPLING_MS, ingestPlantConfig } from './ingestPlant.ts';
import { type Figure, formatLoad, machineLoad, range, report, round, tooLoaded } from './support.ts';
import { runNodeRedWindow } from './ingestNodeRed.ts';

const WINDOW_MS = Number(process.env.INGEST_WINDOW_MS ?? 10_000);
const WARMUP_MS = Number(process.env.INGEST_WARMUP_MS ?? 4000);
const ROUNDS = Number(process.env.INGEST_ROUNDS ?? 3);
const PUBLISHING_MS = 100;
// items × simulator tick (ms): the issue's two load points.
const POINTS: [number, number][] = (process.env.INGEST_POINTS ?? '1000x10,5000x100').split(',').map((p) => p.split('x').map(Number) as [number, number]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = tempDir('bench-ingest-');

interface SessionStats {
  name: string;
  items: number;
  notifications: number;
  publishRequests: number;
}
interface Stats {
  at: number;
  offeredPerS: number;
  cpuPct: number;
  loopPct: number;
  sessions: SessionStats[];
}

class Sim {
  readonly stats: Stats[] = [];
  private waiters: ((s: Stats) => void)[] = [];
  readonly child: ChildProcess;
  readonly endpoint: string;
  /** The simulator's namespace index (for the peer, which takes no `nsu=` node ids). */
  readonly nsIndex: number;
  constructor(child: ChildProcess, endpoint: string, nsIndex: number) {
    this.child = child;
    this.endpoint = endpoint;
    this.nsIndex = nsIndex;
  }
  push(s: Stats) {
    this.stats.push(s);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f(s);
  }
  next(): Promise<Stats> {
    return new Promise((r) => this.waiters.push(r));
  }
  async stop() {
    this.child.stdin!.end();
    this.child.kill('SIGTERM');
  }
}

async function startSim(items: number, tickMs: number): Promise<Sim> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'ingestSimulator.ts'), String(items), String(tickMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let sim: Sim | null = null;
  let nsIndex = Number.NaN;
  let buf = '';
  return new Promise<Sim>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('NAMESPACE ')) nsIndex = Number(line.slice(10));
        else if (line.startsWith('READY ')) {
          sim = new Sim(child, line.slice(6), nsIndex);
          resolve(sim);
        } else if (line.startsWith('STATS ') && sim) sim.push({ at: performance.now(), ...(JSON.parse(line.slice(6)) as Omit<Stats, 'at'>) });
      }
    });
    child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
}

/**
 * Where a process's RSS is, read from outside (/proc/<pid>/smaps; nothing runs in the measured process): the main
 * malloc arena (the `[heap]` mapping: SQLite's page cache and statements, node's C++ objects), other anonymous
 * memory (V8's heap spaces, young generation included, and the malloc arenas of other threads) and file-backed
 * pages (the node binary's code and ICU data, shared libraries, native addons).
 */
export interface RssParts {
  mallocMainMb: number;
  anonOtherMb: number;
  fileMb: number;
}
export function rssPartsOf(pid: number): RssParts | null {
  try {
    let current = '';
    const kb = { heap: 0, anon: 0, file: 0 };
    for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\S+)\s*(.*)$/.exec(line);
      if (head) {
        current = head[2] === '[heap]' ? 'heap' : head[1] !== '0' && head[2]!.startsWith('/') ? 'file' : 'anon';
        continue;
      }
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (rss) kb[current as keyof typeof kb] += Number(rss[1]);
    }
    return { mallocMainMb: kb.heap / 1024, anonOtherMb: kb.anon / 1024, fileMb: kb.file / 1024 };
  } catch {
    return null;
  }
}

function rssMbOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface Window {
  notificationsPerS: number;
  cpuUsPerNotification: number;
  /** The peak of the window's readings (one a second). */
  rssMb: number;
  rssMeanMb: number;
  rssParts: RssParts | null;
  itemsHeld: number;
  sessions: string[];
  saturated: string | null;
  screenMessagesPerS?: number;
}

/** Waits until the sessions matching `mine` hold `items` monitored items, warms up, then measures one window. */
export async function measureWindow(sim: Sim, pid: number, mine: (s: SessionStats) => boolean, items: number, extra?: { count(): number }): Promise<Window> {
  const until = performance.now() + 180_000;
  for (;;) {
    const s = await sim.next();
    const held = s.sessions.filter(mine).reduce((a, x) => a + x.items, 0);
    if (held >= items) break;
    if (performance.now() > until) throw new Error(`the client's session never held ${items} items (has ${held})`);
  }
  await sleep(WARMUP_MS);
  const s0 = await sim.next();
  const cpu0 = cpuMsOf(pid)!;
  const x0 = extra?.count() ?? 0;
  // RSS every second of the window, judged on the peak: garbage collection makes it a sawtooth, and one reading
  // at the end landed anywhere on it (the same core read 338 to 446 MB at the end of 40-second windows).
  const rssSeen: number[] = [];
  for (const until = performance.now() + WINDOW_MS; performance.now() < until; ) {
    await sleep(Math.min(1000, until - performance.now()));
    rssSeen.push(rssMbOf(pid));
  }
  const s1 = await sim.next();
  const cpu1 = cpuMsOf(pid)!;
  const x1 = extra?.count() ?? 0;
  const sum = (s: Stats) => s.sessions.filter(mine).reduce((a, x) => a + x.notifications, 0);
  const seconds = (s1.at - s0.at) / 1000;
  const n = sum(s1) - sum(s0);
  const during = sim.stats.filter((s) => s.at > s0.at && s.at <= s1.at);
  const loop = Math.min(...during.map((s) => s.loopPct));
  const serverCpu = Math.max(...during.map((s) => s.cpuPct));
  const saturated = loop < 90 || serverCpu >= 90 ? `simulator saturated (loop ${loop.toFixed(0)} % of its ticks, ${serverCpu.toFixed(0)} % of a core)` : null;
  return {
    notificationsPerS: n / seconds,
    cpuUsPerNotification: n > 0 ? ((cpu1 - cpu0) * 1000) / n : Number.POSITIVE_INFINITY,
    rssMb: Math.max(...rssSeen),
    rssMeanMb: rssSeen.reduce((a, b) => a + b, 0) / rssSeen.length,
    rssParts: rssPartsOf(pid),
    itemsHeld: s1.sessions.filter(mine).reduce((a, x) => a + x.items, 0),
    sessions: s1.sessions.filter(mine).map((x) => `${x.name}: ${x.items} items`),
    saturated,
    screenMessagesPerS: extra ? (x1 - x0) / seconds : undefined,
  };
}

const isBare = (s: SessionStats) => s.name.startsWith('bench-bare');
const isNodeRed = (s: SessionStats) => /node-?red/i.test(s.name);
const isOurs = (s: SessionStats) => !isBare(s) && !isNodeRed(s);

async function oursWindow(sim: Sim, items: number, tickMs: number, round: number): Promise<Window> {
  const dir = path.join(tmp.dir, `ours-${items}-${round}`);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const configPath = path.join(dir, 'plant.json');
  fs.writeFileSync(configPath, JSON.stringify(ingestPlantConfig(sim.endpoint, items, PUBLISHING_MS, tickMs)));
  const serve = await startServeChild(configPath, path.join(dir, 'data'));
  // A screen: the page's WebSocket (token in the URL), receiving every stream message the core sends.
  const u = new URL(serve.url);
  // The screen lives in this (the measuring) process and only counts messages: no UTF-8 check of the ~1 MB/s it
  // receives, which took CPU from the simulator during the core's windows only (the bare client has no screen).
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { skipUTF8Validation: true });
  let messages = 0;
  ws.on('message', () => void messages++);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    return await measureWindow(sim, serve.pid, isOurs, items, { count: () => messages });
  } finally {
    ws.close();
    await serve.stop();
  }
}

async function bareWindow(sim: Sim, items: number): Promise<Window> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'ingestBareClient.ts'), sim.endpoint, String(items), String(PUBLISHING_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    return await measureWindow(sim, child.pid!, isBare, items);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin!.end();
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    await exited;
  }
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
for (const [items, tickMs] of POINTS) {
  const name = `ingest ${items} items × ${tickMs} ms, ${PUBLISHING_MS} ms publishing`;
  const loadAtStart = machineLoad();
  const sim = await startSim(items, tickMs);
  const ours: Window[] = [];
  const bare: Window[] = [];
  const failures: string[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // ABBA: the side that goes first swaps every round, so neither always meets the simulator fresh.
      for (const side of r % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
        try {
          const w = side === 'ours' ? await oursWindow(sim, items, tickMs, r) : await bareWindow(sim, items);
          (side === 'ours' ? ours : bare).push(w);
          process.stdout.write(
            `  round ${r + 1} ${side}: ${w.notificationsPerS.toFixed(0)} notifications/s, ${f2(w.cpuUsPerNotification)} µs CPU each, RSS peak ${w.rssMb.toFixed(0)} MB, mean ${w.rssMeanMb.toFixed(0)}${w.rssParts ? ` (anonymous: V8 heap and thread arenas ${w.rssParts.anonOtherMb.toFixed(0)}, main malloc arena ${w.rssParts.mallocMainMb.toFixed(0)}; files ${w.rssParts.fileMb.toFixed(0)})` : ''}, ${w.itemsHeld} items held` +
              `${w.screenMessagesPerS !== undefined ? `, screen ${w.screenMessagesPerS.toFixed(1)} messages/s` : ''}${w.saturated ? ` — ${w.saturated}` : ''} (${formatLoad(machineLoad())})\n`,
          );
        } catch (e) {
          failures.push(`${side} round ${r + 1}: ${(e as Error).message.split('\n')[0]}`);
          process.stdout.write(`  round ${r + 1} ${side} failed: ${(e as Error).message}\n`);
        }
      }
    }
    // INGEST_PEER=0 leaves the peer row out (a run that only compares the console with the bare client).
    const peer = process.env.INGEST_PEER === '0' ? { window: null, reason: 'left out of this run (INGEST_PEER=0)' } : await runNodeRedWindow({ endpoint: sim.endpoint, nsIndex: sim.nsIndex, items, publishingMs: PUBLISHING_MS, dir: tmp.dir, measure: (pid, count) => measureWindow(sim, pid, isNodeRed, items, count) });
    const pairs = Math.min(ours.length, bare.length);
    const ratios = (f: (w: Window) => number) => Array.from({ length: pairs }, (_, i) => f(ours[i]!) / f(bare[i]!));
    const saturated = [...ours, ...bare].map((w) => w.saturated).find((x) => x) ?? null;
    const notJudged = saturated ?? tooLoaded(loadAtStart) ?? (pairs < ROUNDS ? `only ${pairs} of ${ROUNDS} rounds completed (${failures.join('; ')})` : undefined) ?? undefined;
    const held = ours.map((w) => w.itemsHeld);
    process.stdout.write(`${name}: the core's sessions hold ${range(held).median} monitored items for ${items} configured nodes (${ours[0]?.sessions.join(', ') ?? '–'})\n`);
    const fig = (metric: string, unit: string, pick: (w: Window) => number, budget: string, ok: (ratio: number) => boolean, baselineName: string): Figure => {
      const rr = range(ratios(pick));
      return {
        name,
        metric,
        unit,
        value: round(range(ours.map(pick)).median, 2),
        valueRange: range(ours.map(pick)),
        baselineName,
        baseline: round(range(bare.map(pick)).median, 2),
        baselineRange: range(bare.map(pick)),
        ratioRange: rr,
        ratio: rr.median,
        budget,
        pass: ok(rr.max) && ok(rr.median),
        notJudged: notJudged || undefined,
        load: loadAtStart,
        detail: { samplingIntervalMs: INGEST_SAMPLING_MS, itemsHeldByCore: held, failures, loadAtEnd: machineLoad(), rssParts: { core: ours.map((w) => w.rssParts), bare: bare.map((w) => w.rssParts) } },
      };
    };
    report(fig('CPU per notification (core process / bare client process)', 'µs', (w) => w.cpuUsPerNotification, '≤ 1.5× bare', (x) => x <= 1.5, 'bare node-opcua client'));
    const delivered = fig('values delivered per second (server notification count)', '/s', (w) => w.notificationsPerS, '≥ 0.95× bare', (x) => x >= 0.95, 'bare node-opcua client');
    delivered.pass = range(ratios((w) => w.notificationsPerS)).min >= 0.95;
    report(delivered);
    report(fig('RSS, peak of the window (read every second)', 'MB', (w) => w.rssMb, '≤ 1.3× bare', (x) => x <= 1.3, 'bare node-opcua client'));
    report({ name, metric: 'monitored items the server holds for the core', value: range(held).median, unit: 'items', baseline: items, baselineName: 'configured nodes', ratio: range(held).median / items, load: loadAtStart, detail: { sessions: ours[0]?.sessions } });
    if (peer.window) {
      const b = range(bare.map((w) => w.cpuUsPerNotification)).median;
      report({ name, metric: 'peer: Node-RED + node-red-contrib-opcua, CPU per notification', unit: 'µs', value: round(peer.window.cpuUsPerNotification, 2), baselineName: 'bare node-opcua client', baseline: round(b, 2), ratio: peer.window.cpuUsPerNotification / b, notJudged: peer.window.saturated ?? 'a peer row: one window, no budget', detail: { ...peer.window } });
    } else report({ name, metric: 'peer: Node-RED + node-red-contrib-opcua', unit: '', value: Number.NaN, budget: 'comparison', notJudged: peer.reason, load: loadAtStart });
  } finally {
    await sim.stop();
  }
}
tmp.cleanup();
process.exit(0);
