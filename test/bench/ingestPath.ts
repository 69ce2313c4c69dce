// `npx node test/bench/ingestPath.ts [repo root]`: the CPU of the core's live path alone, without OPC UA or a
// simulator, so a loaded machine can still compare two trees (run it alternately on a checkout before and after a
// change: `INGEST_PATH_REPO=/path/to/other/checkout`). Not part of `npm run bench` (the ingest bench measures the
// whole shipped core against a bare client); a diagnostic for the part the ingest engineer changed.
//
// The ingest bench's plant (ingestPlant.ts: lines of ten, four line tags and six signals) through the real line
// feed, live pump and signal pump, with every item changing on every 100 ms publish, one JSON.stringify per
// message as the serve host makes it, and a production source whose figures are made anew once a second (as
// productionModule recomputes them; the production module itself, alerts and SQLite are not in this path). The
// controller is the test fake of the OPC UA port (a port, like the clock). One screen is open and shows no
// line's signals (the Overview). Prints main-thread CPU per notification (process.threadCpuUsage), messages and
// bytes a second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestPlantConfig } from './ingestPlant.ts';

const REPO = path.resolve(process.env.INGEST_PATH_REPO ?? path.join(import.meta.dirname, '..', '..'));
const ITEMS = Number(process.env.INGEST_PATH_ITEMS ?? 5000);
const SECONDS = Number(process.env.INGEST_PATH_SECONDS ?? 15);

const { loadPlantConfig } = await import(path.join(REPO, 'electron/core/platform/config/loadPlantConfig.ts'));
const { createLineFeed } = await import(path.join(REPO, 'electron/core/platform/linefeed/lineFeed.ts'));
const { LivePump } = await import(path.join(REPO, 'electron/core/features/lines/LivePump.ts'));
const { SignalPump } = await import(path.join(REPO, 'electron/core/features/signals/SignalPump.ts'));
const { FakeClock, memoryLogger } = await import(path.join(REPO, 'test/fixtures/fakePorts.ts'));
const { FakeOpcuaPort } = await import(path.join(REPO, 'test/fixtures/FakeOpcuaPort.ts'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-path-'));
const file = path.join(dir, 'plant.json');
fs.writeFileSync(file, JSON.stringify(ingestPlantConfig('opc.tcp://127.0.0.1:4840/x', ITEMS, 100, 100)));
const loaded = loadPlantConfig(file);
fs.rmSync(dir, { recursive: true, force: true });
if (!loaded.ok) throw new Error(loaded.error.text);
const config = loaded.value;
const clock = new FakeClock();
const port = new FakeOpcuaPort('bench', clock.now());
const feed = createLineFeed({ lines: config.lines, controllers: config.controllers, ports: new Map([['bench', port]]), logger: memoryLogger() });
feed.start();
let bytes = 0;
let messages = 0;
const publish = (stream: string, payload: unknown): void => {
  bytes += JSON.stringify({ type: 'event', stream, payload }).length;
  messages++;
};
const pump = new LivePump({ clock, logger: memoryLogger(), lines: config.lines, controllers: config.controllers, feed, endpointOf: () => 'x', tickMs: 250, publishLines: (m: unknown) => publish('live.lines', m), publishConnections: (m: unknown) => publish('connection.state', m) });
pump.start();
// openSessions is ignored by a tree before signals.watch (which sent every line's signals).
const signals = new SignalPump({ clock, logger: memoryLogger(), lines: config.lines, feed, tickMs: 250, publish: (m: unknown) => publish('live.signals', m), openSessions: () => ['screen'] });
signals.start();
let revision = 0;
let figures = new Map<string, unknown>();
const recompute = (): void => {
  const next = new Map<string, unknown>();
  for (const l of config.lines) {
    next.set(l.id, { orderId: null, ratePerMin: 600 + (revision % 7) / 10, targetRatePerMin: 600, shift: { id: '2026-12-06/Day', name: 'Day', start: 1796554800000, end: 1796598000000 }, good: 431 + revision, reject: 12, availability: 0.981851829741508 - revision / 1e6, performance: 0.5241077400133765, quality: 0.9712, oee: 0.2572980717569101, downtime: null, uncodedCount: 0, gap: false, period: { kind: 'shift', label: 'this shift', start: 1796554800000, end: clock.now() }, warning: null, heldParts: 0 });
  }
  figures = next;
  revision++;
};
recompute();
pump.setProductionSource({ revision: () => revision, of: (id: string) => (figures.get(id) as never) ?? null });
port.setState({ phase: 'connected', lastHeardAt: clock.now(), keepAlivePeriodMs: 1000 });
const tags: string[] = config.lines.flatMap((l: { tags: Record<string, string>; signals: { nodeId: string }[] }) => [l.tags.goodCount!, l.tags.rejectCount!, l.tags.machineState!, l.tags.speed!, ...l.signals.map((s) => s.nodeId)]);
const cpuUs = (): number => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};
let notifications = 0;
const run = (seconds: number): void => {
  for (let p = 0; p < seconds * 10; p++) {
    clock.advance(100);
    const now = clock.now();
    port.setState({ lastHeardAt: now });
    const k = Math.floor(now / 100);
    // Counters count one part per publish, the state stays, the analog values move.
    port.push(tags.map((tagId, i) => ({ tagId, value: i % 10 === 2 ? 1 : i % 10 < 2 ? k : 50 + ((k + i) % 100) / 7, quality: 'good' as const, sourceTs: now, serverTs: now })));
    notifications += tags.length;
    if (p % 10 === 9) recompute();
  }
};
run(3); // warm-up
const c0 = cpuUs();
const n0 = notifications;
const b0 = bytes;
const m0 = messages;
run(SECONDS);
const us = cpuUs() - c0;
process.stdout.write(
  `${REPO}: ${ITEMS} items, ${((us / (notifications - n0)) * 1000).toFixed(0)} ns CPU per notification (line feed, pumps, JSON; the fake port's own work included), ` +
    `${((messages - m0) / SECONDS).toFixed(1)} messages/s, ${((bytes - b0) / SECONDS / 1024).toFixed(0)} KiB/s to a screen, 1-minute load ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores\n`,
);
