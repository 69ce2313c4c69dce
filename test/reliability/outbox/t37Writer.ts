// T37 writer thread: a second connection to the same database that keeps committing confirmations (as the
// shift close does, five in a transaction) while the main thread takes a backup. Commits are counted in shared memory, so the
// main thread can tell how many landed while VACUUM INTO ran.
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { enqueueConfirmations } from '../../electron/core/platform/outbox/outboxFixture.ts';

const { file, shared, max } = workerData as { file: string; shared: SharedArrayBuffer; max: number };
const counters = new Int32Array(shared); // [0] commits, [1] stop flag
const opened = openDatabase(file);
if (!opened.ok) throw new Error(opened.error.message);
const db = opened.db;
let n = 0;
while (Atomics.load(counters, 1) === 0 && n++ < max) {
  // Five real confirmations (the ERP sandbox accepts them) in one transaction.
  enqueueConfirmations(db, 5, Date.now());
  Atomics.add(counters, 0, 1);
}
db.close();
