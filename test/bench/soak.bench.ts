// Memory soak: `npm run bench -- soak [--duration 2h] [--sample 60s] [--warmup 15m] [--live-heap]` (the default run of
// `npm run bench` leaves it out: two hours by default). Serve mode as a person starts it (`node
// scripts/serve.ts`: the demo plant in its own process, every line ticking), with a screen open: a
// WebSocket client connected as the page connects, receiving every stream message. Every sample (default a
// minute) it reads the core process's RSS (/proc/<pid>/status VmRSS) and its V8 heap in use (the inspector's
// Runtime.getHeapUsage over the serve process's --inspect port on loopback; no GC is forced). After the
// warm-up (default the shorter of 15 minutes and a fifth of the run) it fits a least-squares line to each and
// prints the slope in MB/h. Targets: RSS ≤ 5 MB/h, heap ≤ 1 MB/h. Writes test-results/soak-<time>.csv and
// an SVG plot beside it (drawn here, no library). The CSV also splits the RSS (see `evaluate` below): V8's resident
// heap and new space, external memory, the main malloc arena, the database and WAL sizes.
// Not measured: the renderer's memory (no browser); the demo plant's own process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { repoRoot } from './browserBench.ts';
import { formatLoad, machineLoad, report, round, tooLoaded } from './support.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { duration: { type: 'string' }, sample: { type: 'string' }, warmup: { type: 'string' }, 'live-heap': { type: 'boolean' } }, strict: false });
export function parseDuration(s: string | undefined, fallbackMs: number): number {
  if (!s) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(String(s).trim());
  if (!m) throw new Error(`not a duration: "${s}" (say 90s, 10m or 2h)`);
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[m[2] ?? 'm'] ?? 60_000);
}
const DURATION_MS = parseDuration(values.duration as string | undefined, 2 * 3_600_000);
const SAMPLE_MS = parseDuration(values.sample as string | undefined, 60_000);
const WARMUP_MS = parseDuration(values.warmup as string | undefined, Math.min(15 * 60_000, DURATION_MS / 5));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// --live-heap: a full collection (the inspector's HeapProfiler.collectGarbage) before each heap reading, so the heap
// series is what the core retains. Without it (the default) the heap is V8's used size as it stands, garbage not yet
// collected included: two heap snapshots of the idle demo plant 20 minutes apart held 54.5 and 54.4 MB live while
// the used size moved between 50 and 60 MB. The forced collection also frees memory the RSS series would have
// shown, so the RSS verdict is judged on a run without it.
const LIVE_HEAP = values['live-heap'] === true;

const loadAtStart = machineLoad();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-soak-'));
const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', 'scripts/serve.ts', '--data-dir', dataDir, '--log-level', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
const ready = await new Promise<{ url: string; inspector: string }>((resolve, reject) => {
  const check = () => {
    const url = /Open: (http:\/\/\S+)/.exec(out)?.[1];
    const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1];
    if (url && inspector) resolve({ url, inspector });
  };
  child.stdout.on('data', check);
  child.stderr.on('data', check);
  child.once('exit', (c) => reject(new Error(`serve exited (${c}) before it was ready:\n${out}`)));
});

// The inspector: one request at a time, Runtime.getHeapUsage → { usedSize, totalSize } in bytes.
const inspector = new WebSocket(ready.inspector);
await new Promise<void>((r, j) => (inspector.once('open', () => r()), inspector.once('error', j)));
let nextId = 1;
function collectGarbage(): Promise<void> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMsg = (d: WebSocket.RawData) => {
      if ((JSON.parse(d.toString()) as { id?: number }).id !== id) return;
      inspector.off('message', onMsg);
      resolve();
    };
    inspector.on('message', onMsg);
    inspector.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
  });
}
function heapUsedMb(): Promise<number> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: { usedSize: number } };
      if (m.id !== id) return;
      inspector.off('message', onMsg);
      resolve((m.result?.usedSize ?? Number.NaN) / 1048576);
    };
    inspector.on('message', onMsg);
    inspector.send(JSON.stringify({ id, method: 'Runtime.getHeapUsage' }));
  });
}
function rssMb(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/**
 * Where the RSS is, beside V8's heap in use: V8's resident heap and its young generation (new space: V8 grows it
 * under a high allocation rate, which shows as an RSS step with the heap in use flat), memory V8 was told of
 * (external, array buffers), the main malloc arena (the [heap] mapping: SQLite's page cache and statements,
 * better-sqlite3, node's own C++), and the database and WAL files (SQLite's page cache, at most cache_size =
 * 16 MB per connection as better-sqlite3 builds it, holds at most the database's pages).
 */
function evaluate<T>(expression: string): Promise<T | null> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString()) as { id?: number; result?: { result?: { value?: T } } };
      if (m.id !== id) return;
      inspector.off('message', onMsg);
      resolve(m.result?.result?.value ?? null);
    };
    inspector.on('message', onMsg);
    inspector.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }));
  });
}
interface Split { heapTotal: number; newSpace: number; external: number; arrayBuffers: number }
// Resident sizes (physical), not reservations: V8 reserves its young generation whole and touches it as it grows.
const SPLIT = `(() => { const v8 = process.getBuiltinModule('v8'); const m = process.memoryUsage(); const n = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space'); return { heapTotal: v8.getHeapStatistics().total_physical_size, newSpace: n ? n.physical_space_size : 0, external: m.external, arrayBuffers: m.arrayBuffers }; })()`;
function mallocHeapMb(): number {
  const smaps = fs.readFileSync(`/proc/${child.pid}/smaps`, 'utf8');
  const m = /\[heap\]\n(?:.*\n)*?Rss:\s+(\d+) kB/.exec(smaps);
  return m ? Number(m[1]) / 1024 : 0;
}
const fileMb = (f: string): number => (fs.existsSync(path.join(dataDir, f)) ? fs.statSync(path.join(dataDir, f)).size / 1048576 : 0);

// The screen.
const u = new URL(ready.url);
const screen = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`);
let messages = 0;
screen.on('message', () => void messages++);
await new Promise<void>((r, j) => (screen.once('open', () => r()), screen.once('error', j)));

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = path.join(repoRoot, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const csvPath = path.join(resultsDir, `soak-${stamp}.csv`);
const svgPath = path.join(resultsDir, `soak-${stamp}.svg`);
fs.writeFileSync(csvPath, 'minutes,rss_mb,heap_used_mb,screen_messages,load1,heap_physical_mb,new_space_physical_mb,external_mb,array_buffers_mb,malloc_heap_mb,db_mb,wal_mb\n');
process.stdout.write(`soak: ${Math.round(DURATION_MS / 60_000)} min, a sample every ${SAMPLE_MS / 1000} s, warm-up ${Math.round(WARMUP_MS / 60_000)} min; serve pid ${child.pid}; ${formatLoad(loadAtStart)}\nCSV: ${path.relative(repoRoot, csvPath)}\n`);

const samples: { min: number; rss: number; heap: number }[] = [];
const t0 = performance.now();
try {
  for (;;) {
    const min = (performance.now() - t0) / 60_000;
    const rss = rssMb();
    if (LIVE_HEAP) await collectGarbage();
    const s = { min, rss, heap: await heapUsedMb() };
    samples.push(s);
    const split = await evaluate<Split>(SPLIT);
    const mb = (b: number | undefined) => (b === undefined ? '' : (b / 1048576).toFixed(1));
    const malloc = mallocHeapMb();
    const db = fileMb('console.db');
    const wal = fileMb('console.db-wal');
    fs.appendFileSync(csvPath, `${min.toFixed(2)},${s.rss.toFixed(1)},${s.heap.toFixed(1)},${messages},${os.loadavg()[0]!.toFixed(2)},${mb(split?.heapTotal)},${mb(split?.newSpace)},${mb(split?.external)},${mb(split?.arrayBuffers)},${malloc.toFixed(1)},${db.toFixed(2)},${wal.toFixed(2)}\n`);
    process.stdout.write(`  ${min.toFixed(1)} min: RSS ${s.rss.toFixed(1)} MB, heap ${s.heap.toFixed(1)} MB (resident ${mb(split?.heapTotal)}, new space ${mb(split?.newSpace)}), malloc heap ${malloc.toFixed(1)} MB, db ${db.toFixed(1)} + WAL ${wal.toFixed(1)} MB, screen messages ${messages}\n`);
    if (performance.now() - t0 >= DURATION_MS) break;
    await sleep(Math.min(SAMPLE_MS, DURATION_MS - (performance.now() - t0)));
    if (child.exitCode !== null) throw new Error(`serve exited during the soak:\n${out}`);
  }
} finally {
  screen.close();
  inspector.close();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Least-squares slope, per hour, of the samples after the warm-up. */
function slopePerHour(pick: (s: (typeof samples)[number]) => number): number {
  const pts = samples.filter((s) => s.min * 60_000 >= WARMUP_MS);
  if (pts.length < 3) return Number.NaN;
  const mx = pts.reduce((a, p) => a + p.min, 0) / pts.length;
  const my = pts.reduce((a, p) => a + pick(p), 0) / pts.length;
  const num = pts.reduce((a, p) => a + (p.min - mx) * (pick(p) - my), 0);
  const den = pts.reduce((a, p) => a + (p.min - mx) ** 2, 0);
  return (num / den) * 60;
}
const rssSlope = slopePerHour((s) => s.rss);
const heapSlope = slopePerHour((s) => s.heap);

// The plot: RSS and heap against minutes, the warm-up shaded.
function svg(): string {
  const W = 800, H = 400, L = 60, R = 20, T = 30, B = 40;
  const maxMin = Math.max(...samples.map((s) => s.min), 1);
  const maxMb = Math.max(...samples.map((s) => Math.max(s.rss, s.heap)), 1) * 1.1;
  const x = (m: number) => L + (m / maxMin) * (W - L - R);
  const y = (mb: number) => H - B - (mb / maxMb) * (H - T - B);
  const line = (pick: (s: (typeof samples)[number]) => number) => samples.map((s) => `${x(s.min).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: 6 }, (_, i) => (maxMb * i) / 5);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<rect x="${L}" y="${T}" width="${(x(WARMUP_MS / 60_000) - L).toFixed(1)}" height="${H - T - B}" fill="#eee"/>
<text x="${L}" y="18">Core memory over ${maxMin.toFixed(0)} min (serve, demo plant, one screen). RSS slope ${rssSlope.toFixed(2)} MB/h, heap ${heapSlope.toFixed(2)} MB/h after warm-up (grey)</text>
${ticks.map((t) => `<line x1="${L}" x2="${W - R}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toFixed(0)}</text>`).join('\n')}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="black"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="black"/>
<text x="${(W / 2).toFixed(0)}" y="${H - 8}" text-anchor="middle">minutes</text><text x="14" y="${(H / 2).toFixed(0)}" transform="rotate(-90 14 ${(H / 2).toFixed(0)})" text-anchor="middle">MB</text>
<text x="${W - R}" y="${H - B + 16}" text-anchor="end">${maxMin.toFixed(0)}</text><text x="${L}" y="${H - B + 16}">0</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line((s) => s.rss)}"/>
<polyline fill="none" stroke="#d62728" stroke-width="2" points="${line((s) => s.heap)}"/>
<text x="${W - R - 150}" y="${T + 14}" fill="#1f77b4">— RSS</text><text x="${W - R - 80}" y="${T + 14}" fill="#d62728">— heap used</text>
</svg>
`;
}
fs.writeFileSync(svgPath, svg());
process.stdout.write(`Plot: ${path.relative(repoRoot, svgPath)}\n`);

const notJudged = tooLoaded(loadAtStart) ?? (DURATION_MS < 2 * 3_600_000 ? `a ${Math.round(DURATION_MS / 60_000)}-minute run: the target is judged on a 2-hour soak` : undefined);
const detail = { csv: path.relative(repoRoot, csvPath), svg: path.relative(repoRoot, svgPath), samples: samples.length, warmupMin: WARMUP_MS / 60_000, first: samples[0], last: samples.at(-1), loadAtEnd: machineLoad() };
report({ name: 'memory soak (serve, demo plant, one screen)', metric: 'core RSS slope after warm-up', value: round(rssSlope, 2), unit: 'MB/h', budget: '≤ 5 MB/h', pass: rssSlope <= 5, notJudged: notJudged ?? (LIVE_HEAP ? 'a --live-heap run: its forced collections free memory the RSS would show' : undefined), load: loadAtStart, detail });
report({ name: 'memory soak (serve, demo plant, one screen)', metric: LIVE_HEAP ? 'core live heap slope after warm-up (a full collection before each reading)' : 'core heap slope after warm-up', value: round(heapSlope, 2), unit: 'MB/h', budget: '≤ 1 MB/h', pass: heapSlope <= 1, notJudged, load: loadAtStart, detail });
process.exit(0);
