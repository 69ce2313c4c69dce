// `npm run bench -- enqueue`: durable enqueue (the outbox row and its frozen JSON payload, in the caller's
// transaction) against raw better-sqlite3 inserting the same payload text into a plain table,
// both WAL + synchronous=FULL on the same disk, same batch sizes, alternating rounds. Target: ratio
// (ours / raw, items per second) >= 0.8, median over the rounds; min / median / max, the machine load and
// a verdict (NOT JUDGED on a machine too loaded to say) are printed and kept in test-results/bench.json,
// with the CPU time per item of both sides (the fsync wait is not CPU; load inflates it least). Runs on a
// fresh clone (it makes test-results/ itself; checked from a `git clone` with only node_modules added).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { enqueueOutbox } from '../../electron/core/platform/outbox/outboxRepo.ts';
import { openDatabase, type WritableDb } from '../../electron/core/platform/storage/db.ts';
import { migrate } from '../../electron/core/platform/storage/migrations/index.ts';
import { machineLoad, range, report, tooLoaded } from './support.ts';

// On the repository's disk, not a tmpfs: fsync must cost what it costs on a workstation. A fresh clone
// has no test-results/ yet.
const results = path.join(import.meta.dirname, '..', '..', 'test-results');
fs.mkdirSync(results, { recursive: true });
const dir = fs.mkdtempSync(path.join(results, 'bench-enqueue-'));
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

const ROUNDS = Math.max(3, Number(process.env.ENQUEUE_ROUNDS ?? 7));
const ITEMS = Number(process.env.ENQUEUE_ITEMS ?? 2_000);
for (const batch of [1, 50]) {
  const loadBefore = machineLoad();
  const oursRate: number[] = [];
  const rawRate: number[] = [];
  // CPU time of this process per item (user + system; the fsync wait is not CPU): what load inflates least.
  const oursCpu: number[] = [];
  const rawCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours']) {
      const t = performance.now();
      const c0 = process.cpuUsage();
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
      const cpu = process.cpuUsage(c0);
      (side === 'ours' ? oursRate : rawRate).push(rate);
      (side === 'ours' ? oursCpu : rawCpu).push((cpu.user + cpu.system) / ITEMS);
    }
  }
  // Round by round, ours against the raw run next to it.
  const ratios = oursRate.map((o, i) => o / rawRate[i]!);
  const ratioRange = range(ratios);
  const o = range(oursRate);
  const r = range(rawRate);
  const load = machineLoad();
  const busy = tooLoaded(loadBefore) ?? tooLoaded(load);
  const oc = range(oursCpu);
  const rc = range(rawCpu);
  const f2 = (x: ReturnType<typeof range>) => `${x.min.toFixed(1)} / ${x.median.toFixed(1)} / ${x.max.toFixed(1)}`;
  process.stdout.write(`  CPU per item (this process; min / median / max): outbox ${f2(oc)} µs, raw ${f2(rc)} µs; raw / outbox ${f2(range(rawCpu.map((c, i) => c / oursCpu[i]!)))}\n`);
  process.stdout.write(`batch ${batch}: outbox ${o.median.toFixed(0)} items/s, raw better-sqlite3 ${r.median.toFixed(0)} items/s, ratio min/median/max ${ratioRange.min.toFixed(2)} / ${ratioRange.median.toFixed(2)} / ${ratioRange.max.toFixed(2)} over ${ROUNDS} rounds (target >= 0.8); load ${loadBefore.loadavg[0].toFixed(2)} → ${load.loadavg[0].toFixed(2)} on ${load.cores} cores\n`);
  report({ name: `enqueue batch ${batch}`, metric: 'items/s', value: Math.round(o.median), unit: 'items/s', baselineName: 'raw better-sqlite3 insert, same payload text', baseline: Math.round(r.median), ratioRange, valueRange: o, baselineRange: r, budget: '>= 0.8', pass: ratioRange.median >= 0.8, ...(busy ? { notJudged: busy } : {}), load, detail: { items: ITEMS, batch, loadBefore, cpuUsPerItem: { outbox: oc, raw: rc } } });
}
ours.close();
raw.close();
fs.rmSync(dir, { recursive: true, force: true });
