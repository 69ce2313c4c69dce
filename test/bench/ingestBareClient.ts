// The ingest benchmark's baseline, in its own process so its CPU and memory are its own (/proc/<pid>):
// a bare node-opcua client with the console gateway's subscription parameters (createOpcuaGateway.ts and
// gatewayTiming.ts: publishing interval from the controller, keep-alive count 10, lifetime ≥ 600 s, no
// notification cap, priority 10; items queue 10, discard oldest, timestamps both, groups of 1,000) and the
// sampling interval the bench plant configures for the console (INGEST_SAMPLING_MS, ingestPlant.ts), counting
// `changed` events and nothing else. Args: endpoint, items, publishing interval (ms).
// It imports the client and certificate-manager packages the core imports (platform/opcua), not the umbrella
// `node-opcua`, which also loads the server side: the baseline's RSS is a client's, as the core's is.
// Prints "READY" once every group is initialized; prints "COUNT <n>" and exits when stdin closes.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { AttributeIds, ClientMonitoredItemGroup, MessageSecurityMode, OPCUAClient, SecurityPolicy, TimestampsToReturn } from 'node-opcua-client';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { INGEST_NS, INGEST_QUEUE_SIZE, INGEST_SAMPLING_MS } from './ingestPlant.ts';

const [endpoint, itemsArg, publishingArg] = process.argv.slice(2);
const items = Number(itemsArg);
const publishingMs = Number(publishingArg);
const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-bare-'));
const cm = new OPCUACertificateManager({ rootFolder: pki, automaticallyAcceptUnknownCertificate: true });
await cm.initialize();
const client = OPCUAClient.create({ clientName: 'bench-bare', clientCertificateManager: cm, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 3, initialDelay: 100, maxDelay: 500 } });
await client.connect(endpoint!);
const session = await client.createSession();
const nsIndex = (await session.readNamespaceArray()).indexOf(INGEST_NS);
const sub = await session.createSubscription2({ requestedPublishingInterval: publishingMs, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: Math.max(30, Math.ceil(600_000 / publishingMs)), maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });
let count = 0;
for (let start = 0; start < items; start += 1000) {
  const group = ClientMonitoredItemGroup.create(
    sub,
    Array.from({ length: Math.min(1000, items - start) }, (_, i) => ({ nodeId: `ns=${nsIndex};s=V${start + i}`, attributeId: AttributeIds.Value })),
    { samplingInterval: INGEST_SAMPLING_MS, queueSize: INGEST_QUEUE_SIZE, discardOldest: true },
    TimestampsToReturn.Both,
  );
  group.on('changed', () => void count++);
  await new Promise<void>((r) => group.once('initialized', () => r()));
}
process.stdout.write('READY\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  process.stdout.write(`COUNT ${count}\n`);
  await sub.terminate().catch(() => undefined);
  await session.close().catch(() => undefined);
  await client.disconnect();
  fs.rmSync(pki, { recursive: true, force: true });
  process.exit(0);
});
