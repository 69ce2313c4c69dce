// A tuned OPC UA simulator for the ingest benchmark, in its own process (never in a measured client's).
// N variables laid out as lines of ten (test/bench/ingestPlant.ts): good count and reject count (UInt32,
// counting up), machine state (Int32, running with a short stop now and then), speed and six signals
// (Double, always moving), all changed every tick by setValueFromSource.
// Prints "NAMESPACE <index>", "READY <endpoint>", then "STATS {json}" once a second: offered updates/s, server CPU %, loop rate,
// and per session (the server's own subscription diagnostics, Part 5 SubscriptionDiagnosticsDataType):
// session name, monitored items held, data-change notifications sent and publish requests received so far.
import { DataType, MessageSecurityMode, MonitoredItem, OPCUACertificateManager, OPCUAServer, SecurityPolicy, StatusCodes, Variant, type UAVariable } from 'node-opcua';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INGEST_NS, kindOf } from './ingestPlant.ts';

const items = Number(process.argv[2] ?? 1000);
const tickMs = Number(process.argv[3] ?? 10);
// Benchmark mode only (opcua-notes §6): the server's sampling floor down to the tick.
(MonitoredItem as unknown as { minimumSamplingInterval: number }).minimumSamplingInterval = tickMs;

const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-sim-'));
const cm = new OPCUACertificateManager({ rootFolder: pki, automaticallyAcceptUnknownCertificate: true });
await cm.initialize();
const server = new OPCUAServer({
  port: 0,
  host: '127.0.0.1',
  hostname: '127.0.0.1',
  resourcePath: '/UA/Ingest',
  serverCertificateManager: cm,
  securityPolicies: [SecurityPolicy.None],
  securityModes: [MessageSecurityMode.None],
  allowAnonymous: true,
  serverCapabilities: { minSupportedSampleRate: 0, maxSessions: 50 } as never,
  maxConnectionsPerEndpoint: 50,
});
await server.initialize();
const as = server.engine.addressSpace!;
const ns = as.registerNamespace(INGEST_NS);
const folder = ns.addObject({ organizedBy: as.rootFolder.objects, browseName: 'Bench', nodeId: 's=Bench' });
const vars: UAVariable[] = [];
for (let i = 0; i < items; i++) {
  const kind = kindOf(i);
  vars.push(ns.addVariable({ componentOf: folder, browseName: `V${i}`, nodeId: `s=V${i}`, dataType: kind === 'counter' ? 'UInt32' : kind === 'state' ? 'Int32' : 'Double', minimumSamplingInterval: 0 }));
}
await server.start();
const port = (server.endpoints[0] as unknown as { port: number }).port;
// The namespace's index (2 here: index 1 is the server's own application namespace) for clients that take no `nsu=` ids.
process.stdout.write(`NAMESPACE ${ns.index}\n`);
process.stdout.write(`READY opc.tcp://127.0.0.1:${port}/UA/Ingest\n`);

let tick = 0;
let updates = 0;
let loops = 0;
let cpu = process.cpuUsage();
let t = performance.now();
setInterval(() => {
  tick++;
  loops++;
  const ts = new Date();
  for (let i = 0; i < vars.length; i++) {
    const kind = kindOf(i);
    const v =
      kind === 'counter'
        ? new Variant({ dataType: DataType.UInt32, value: tick })
        : kind === 'state'
          ? new Variant({ dataType: DataType.Int32, value: tick % 500 < 480 ? 1 : 2 }) // running, a short idle spell every 500 ticks
          : new Variant({ dataType: DataType.Double, value: 50 + 10 * Math.sin((tick + i) / 20) });
    vars[i]!.setValueFromSource(v, StatusCodes.Good, ts);
  }
  updates += vars.length;
}, tickMs);

interface SessionStats {
  name: string;
  items: number;
  notifications: number;
  publishRequests: number;
}
function sessionStats(): SessionStats[] {
  return server.engine.getSessions().map((s) => {
    let itemsHeld = 0;
    let notifications = 0;
    let publishRequests = 0;
    for (const sub of s.publishEngine.subscriptions) {
      itemsHeld += sub.monitoredItemCount;
      const d = (sub as unknown as { subscriptionDiagnostics: { dataChangeNotificationsCount: number; publishRequestCount: number } }).subscriptionDiagnostics;
      notifications += d.dataChangeNotificationsCount;
      publishRequests += d.publishRequestCount;
    }
    return { name: s.sessionName, items: itemsHeld, notifications, publishRequests };
  });
}

setInterval(() => {
  const now = performance.now();
  const c = process.cpuUsage(cpu);
  const dt = (now - t) / 1000;
  process.stdout.write(`STATS ${JSON.stringify({ offeredPerS: updates / dt, cpuPct: (100 * (c.user + c.system)) / 1e6 / dt, loopPct: (100 * loops * tickMs) / (now - t), sessions: sessionStats() })}\n`);
  updates = 0;
  loops = 0;
  cpu = process.cpuUsage();
  t = now;
}, 1000);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
