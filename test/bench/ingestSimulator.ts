// A tuned OPC UA simulator for the ingest benchmark, in its own process (never in the measured client's):
// N variables (half UInt32 counters, half Int32 states) changed every tick by setValueFromSource.
// Prints "READY <endpoint>" then "STATS {json}" once a second (offered updates/s, server CPU %, loop rate).
import { DataType, MessageSecurityMode, MonitoredItem, OPCUACertificateManager, OPCUAServer, SecurityPolicy, StatusCodes, Variant, type UAVariable } from 'node-opcua';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  serverCapabilities: { minSupportedSampleRate: 0 } as never,
});
await server.initialize();
const as = server.engine.addressSpace!;
const ns = as.registerNamespace('urn:plant-console:bench-ingest');
const folder = ns.addObject({ organizedBy: as.rootFolder.objects, browseName: 'Bench', nodeId: 's=Bench' });
const vars: UAVariable[] = [];
for (let i = 0; i < items; i++) {
  vars.push(ns.addVariable({ componentOf: folder, browseName: `V${i}`, nodeId: `s=V${i}`, dataType: i % 2 === 0 ? 'UInt32' : 'Int32', minimumSamplingInterval: 0 }));
}
await server.start();
const port = (server.endpoints[0] as unknown as { port: number }).port;
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
    // Counters count up; states cycle through 1…8 (a change every tick, like a busy line).
    vars[i]!.setValueFromSource(new Variant({ dataType: i % 2 === 0 ? DataType.UInt32 : DataType.Int32, value: i % 2 === 0 ? tick : 1 + (tick % 8) }), StatusCodes.Good, ts);
  }
  updates += vars.length;
}, tickMs);
setInterval(() => {
  const now = performance.now();
  const c = process.cpuUsage(cpu);
  const dt = (now - t) / 1000;
  process.stdout.write(`STATS ${JSON.stringify({ offeredPerS: updates / dt, cpuPct: (100 * (c.user + c.system)) / 1e6 / dt, loopPct: (100 * loops * tickMs) / (now - t) })}\n`);
  updates = 0;
  loops = 0;
  cpu = process.cpuUsage();
  t = now;
}, 1000);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
