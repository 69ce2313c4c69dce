// T2 child: the outbox as startCore builds it (createErpOutbox) against the SAP sandbox, with the
// CRASH_AT failpoints armed by the parent. Exits 0 once nothing is left to do (when no failpoint killed it first).
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { demoErpConfig, shippedOutbox } from './shippedOutbox.ts';

const [file, url] = process.argv.slice(2) as [string, string];
const opened = openDatabase(file);
if (!opened.ok) process.exit(3);
const db = opened.db;
// The row's timing: 3 s timeout, no settle and no processing window, so each restart reads back at once.
const { hub } = shippedOutbox(db, demoErpConfig(url, { batchSize: 20, timeoutSec: 3, settleSec: 0, processingLimitSec: 0, minOrderGapSec: 0 }), { pacing: { backoff: { baseMs: 5, capMs: 20 }, breaker: { failureThreshold: 1000, openMs: 10 }, pollMs: 60_000 } });
hub.start();
await hub.whenDrained(1000);
hub.dispose();
db.close();
process.exit(0);
