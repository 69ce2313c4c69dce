// T1 child: the core's write path for confirmations, nothing else. Opens the real database (WAL,
// synchronous=FULL, checked), migrates, reports READY, then writes confirmations as the shift close
// does (outbox row + history in one transaction) and prints each id only once its commit returned.
import { randomUUID } from 'node:crypto';
import { enqueueOutbox } from '../../../electron/core/platform/outbox/outboxRepo.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';

const file = process.argv[2]!;
const opened = openDatabase(file);
if (!opened.ok) {
  process.stderr.write(`${opened.error.message}\n`);
  process.exit(3);
}
const db = opened.db;
const m = migrate(db);
if (!m.ok) process.exit(4);
const integrity = String(db.pragma('integrity_check', { simple: true }));
process.stdout.write(`READY ${integrity}\n`);
const write = db.transaction((id: string, n: number) => {
  enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${1_001_000 + (n % 50)}`, payload: { id, n, quantities: { yield: String(n % 500), uom: 'PC' } }, at: Date.now() });
});
let n = 0;
const loop = () => {
  for (let k = 0; k < 20; k++) {
    const id = randomUUID();
    write(id, n++);
    process.stdout.write(`ACK ${id}\n`);
  }
  setImmediate(loop);
};
loop();
