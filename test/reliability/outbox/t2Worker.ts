// T2 child: the outbox worker of the core against the SAP sandbox, with the CRASH_AT failpoints armed
// by the parent. Exits 0 once nothing is left to do (when no failpoint killed it first).
import { createSapOdataErp } from '../../../electron/core/platform/erp/SapOdataErp.ts';
import { OutboxHub } from '../../../electron/core/platform/outbox/OutboxHub.ts';
import { getItem } from '../../../electron/core/platform/outbox/outboxRepo.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { okResult } from '../../../shared/result.ts';

const [file, url] = process.argv.slice(2) as [string, string];
const opened = openDatabase(file);
if (!opened.ok) process.exit(3);
const db = opened.db;
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const erp = createSapOdataErp({
  baseUrl: url,
  plant: '1710',
  credentialsSecret: 'erp',
  secrets: { read: async () => okResult('CONSOLE:demo'), write: async () => okResult(undefined), describe: () => 'test' },
  batchSize: 20,
  timeoutMs: 3000,
  settleMs: 0,
  minKeyGapMs: 0,
  remoteKeysOf: (ref) => getItem(db, ref)?.remoteKeys ?? null,
});
const online = { isOnline: () => true, onDidChange: () => ({ dispose() {} }) };
const hub = new OutboxHub({ db, clock: systemClock, online, logger: quiet, backoff: { baseMs: 5, capMs: 20 }, breaker: { failureThreshold: 1000, openMs: 10 }, pollMs: 60_000 });
hub.register(erp.adapter);
hub.start();
await hub.whenDrained(1000);
hub.dispose();
db.close();
process.exit(0);
