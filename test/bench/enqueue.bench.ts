// `npm run bench -- enqueue`: durable enqueue (the outbox row and its frozen JSON payload, in the caller's
// transaction) against raw better-sqlite3 inserting the same payload text into a plain table,
// both WAL + synchronous=FULL on the same disk, same batch sizes, alternating rounds. Target: ratio
// (ours / raw, items per second) >= 0.8 (reported, not asserted).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { enqueueOutbox } from '../../electron/core/platform/outbox/outboxRepo.ts';
import { openDatabase, type WritableDb } from '../../electron/core/platform/storage/db.ts';
import { migrate } from '../../electron/core/platform/storage/migrations/index.ts';
import { report } from './support.ts';

// On the repository's disk, not a tmpfs: fsync must cost what it costs on a workstation.
const dir = fs.mkdtempSync(path.join(import.meta.dirname, '..', '..', 'test-results', 'bench-enqueue-'));
const open = (name: string): WritableDb => {
  const r = openDatabase(path.join(dir, name));
  if (!r.ok) throw new Error(r.error.message);
  return r.db;
};
const ours = open('outbox.db');
migrate(ours);
const raw = open('raw.db');
raw.exec('CREATE TABLE raw_outbox (id TEXT PRIMARY KEY, target TEXT, kind TEXT, ordering_key TEXT, payload TEXT, created_at INTEGER) STRICT');
const rawInsert = raw.prepare('INSERT INTO raw_outbox VALUES (?, ?, ?, ?, ?, ?)');

const payload = (i: number) => ({
  id: '',
  plantId: '1710',
  lineId: 'L1',
  workCenterId: 'LINE01',
  shift: { date: '2026-03-02', code: 'Early' },
  order: { erpOrderId: String(1_001_000 + (i % 200)), operationId: '0010', sequence: '0' },
  postingDate: '2026-03-02',
  finality: 'partial',
  quantities: { yield: String(400 + (i % 100)), scrap: '3', rework: '0', uom: 'PC' },
  execution: { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T13:00:00.000Z' },
  capturedAt: '2026-03-02T13:05:00.000Z',
  capturedBy: 'jdoe',
});

const ROUNDS = Number(process.env.ENQUEUE_ROUNDS ?? 7);
const ITEMS = Number(process.env.ENQUEUE_ITEMS ?? 2_000);
for (const batch of [1, 50]) {
  const oursRate: number[] = [];
  const rawRate: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours']) {
      const t = performance.now();
      for (let i = 0; i < ITEMS; i += batch) {
        if (side === 'ours') {
          ours.transaction(() => {
            for (let k = 0; k < batch; k++) {
              const id = randomUUID();
              enqueueOutbox(ours, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${1_001_000 + ((i + k) % 200)}`, payload: { ...payload(i + k), id }, at: Date.now() });
            }
          })();
        } else {
          raw.transaction(() => {
            for (let k = 0; k < batch; k++) {
              const id = randomUUID();
              rawInsert.run(id, 'erp', 'confirmation.post', `order:${1_001_000 + ((i + k) % 200)}`, JSON.stringify({ ...payload(i + k), id }), Date.now());
            }
          })();
        }
      }
      const rate = ITEMS / ((performance.now() - t) / 1000);
      (side === 'ours' ? oursRate : rawRate).push(rate);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const o = med(oursRate);
  const r = med(rawRate);
  process.stdout.write(`batch ${batch}: outbox ${o.toFixed(0)} items/s, raw better-sqlite3 ${r.toFixed(0)} items/s, ratio ${(o / r).toFixed(2)} (target >= 0.8)\n`);
  report({ name: `enqueue batch ${batch}`, metric: 'items/s', value: Math.round(o), unit: 'items/s', baseline: Math.round(r), ratio: Number((o / r).toFixed(3)), budget: '>= 0.8', pass: o / r >= 0.8 });
}
ours.close();
raw.close();
fs.rmSync(dir, { recursive: true, force: true });
