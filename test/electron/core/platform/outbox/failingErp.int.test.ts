import { createErpOutbox } from '../../../../../electron/core/features/outbox/index.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { maxInFlight } from '../../../../reliability/outbox/report.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { FakeClock, memoryLogger, memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { confirmationPayload, demoOrderId, enqueueConfirmations, outboxRig, states, until } from './outboxFixture.ts';
import fs from 'node:fs';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** Advances a fake clock in steps, letting the real HTTP exchanges of each step finish. */
async function run(clock: FakeClock, hub: OutboxHub, totalMs: number, stepMs = 250): Promise<void> {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    await hub.whenIdle();
    await new Promise((r) => setTimeout(r, 2));
    await hub.whenIdle();
  }
}

describe('B: a lasting ambiguous failure backs off and opens the breaker', () => {
  it('HTTP 500 on every $batch: growing waits, the breaker opens, not one send per settle period for ever', async () => {
    const clock = new FakeClock();
    const rig = await outboxRig({ dir: tmp.dir, clock, settleMs: 1_000, backoff: { baseMs: 1_000, capMs: 60_000 }, breaker: { failureThreshold: 3, openMs: 30_000 } });
    rig.sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'status', status: 500 }, times: 0 });
    const [id] = enqueueConfirmations(rig.db, 1, clock.now());
    rig.hub.start();
    await run(clock, rig.hub, 120_000, 500);
    const worker = rig.hub.worker('erp')!;
    // Before: a send every ~1 s (settle, empty read-back "success", due at once): about 120 in 2 minutes.
    expect(rig.sandbox.admin.counts().batches).toBeLessThanOrEqual(8);
    expect(rig.sandbox.admin.counts().batches).toBeGreaterThanOrEqual(3);
    expect(worker.breaker.opens).toBeGreaterThanOrEqual(1);
    expect(getItem(rig.db, id!)!.state).not.toBe('done');
    expect(rig.sandbox.admin.counts().creates[id!]).toBeUndefined();
    await rig.close();
  }, 120_000);

  it('a gateway 502 is ambiguous too: backed off, read back, one record in the end', async () => {
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock, settleMs: 20 });
    rig.sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'status', status: 502 }, times: 2 });
    const ids = enqueueConfirmations(rig.db, 3, Date.now());
    rig.hub.start();
    await until(() => states(rig.db).done === 3, 30_000);
    expect(ids.map((id) => rig.sandbox.admin.counts().creates[id])).toEqual([1, 1, 1]);
    await rig.close();
  }, 60_000);
});

describe('C: a CSRF token refused twice', () => {
  it('backs off and fetches a new token instead of parking at once', async () => {
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock });
    rig.sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'csrfExpire' }, times: 2 });
    const ids = enqueueConfirmations(rig.db, 3, Date.now());
    rig.hub.start();
    await until(() => ids.every((id) => ['done', 'parked'].includes(getItem(rig.db, id)!.state)), 30_000);
    expect(ids.map((id) => getItem(rig.db, id)!.state)).toEqual(['done', 'done', 'done']);
    expect(rig.sandbox.admin.counts().csrfFetches).toBeGreaterThanOrEqual(3);
    expect(ids.map((id) => rig.sandbox.admin.counts().creates[id])).toEqual([1, 1, 1]);
    await rig.close();
  }, 60_000);

  it('parks, in words, only when the refusal persists round after round', async () => {
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock });
    rig.sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'csrfExpire' }, times: 0 });
    const [id] = enqueueConfirmations(rig.db, 1, Date.now());
    rig.hub.start();
    await until(() => getItem(rig.db, id!)!.state === 'parked', 30_000);
    const it = getItem(rig.db, id!)!;
    expect(it.attempts).toBe(5);
    expect(it.lastError?.message).toContain('security token (CSRF) 5 times in a row');
    await rig.close();
  }, 60_000);
});

describe('6: per-order spacing across restarts', () => {
  const orderId = demoOrderId(3);
  const enqueueOne = (rig: Awaited<ReturnType<typeof outboxRig>>, at: number) => {
    const id = crypto.randomUUID();
    rig.db.transaction(() => enqueueOutbox(rig.db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${orderId}`, payload: confirmationPayload(id, orderId), at }))();
    return id;
  };

  it('keeps minOrderGapSec between two posts of one order when the worker restarts in between (fake clock)', async () => {
    const clock = new FakeClock();
    const first = await outboxRig({ dir: tmp.dir, name: 'gap.db', clock, minKeyGapMs: 60_000 });
    const a = enqueueOne(first, clock.now());
    first.hub.start();
    await run(clock, first.hub, 500);
    expect(getItem(first.db, a)!.state).toBe('done');
    const sentA = getItem(first.db, a)!.sentAt!;
    // The console restarts: a new hub and worker over the same database and sandbox.
    first.hub.dispose();
    const second = await outboxRig({ dir: tmp.dir, clock, minKeyGapMs: 60_000, db: first.db, sandbox: first.sandbox });
    const b = enqueueOne(second, clock.now());
    second.hub.start();
    await run(clock, second.hub, 30_000, 1_000);
    expect(getItem(second.db, b)!.state).toBe('queued');
    await run(clock, second.hub, 35_000, 1_000);
    expect(getItem(second.db, b)!.state).toBe('done');
    expect(getItem(second.db, b)!.sentAt! - sentA).toBeGreaterThanOrEqual(60_000);
    expect(first.sandbox.admin.counts().cogiWarnings).toBe(0);
    await second.close();
    await first.close();
  }, 120_000);

  it('under the real clock too', async () => {
    const first = await outboxRig({ dir: tmp.dir, name: 'gap-real.db', clock: systemClock, minKeyGapMs: 1_500 });
    const a = enqueueOne(first, Date.now());
    first.hub.start();
    await until(() => getItem(first.db, a)!.state === 'done');
    first.hub.dispose();
    const second = await outboxRig({ dir: tmp.dir, clock: systemClock, minKeyGapMs: 1_500, db: first.db, sandbox: first.sandbox });
    const b = enqueueOne(second, Date.now());
    second.hub.start();
    await until(() => getItem(second.db, b)!.state === 'done', 20_000);
    expect(getItem(second.db, b)!.sentAt! - getItem(first.db, a)!.sentAt!).toBeGreaterThanOrEqual(1_500);
    await second.close();
    await first.close();
  }, 60_000);
});

describe('the ERP target as startCore builds it', () => {
  it('drains with the configured requests in flight, holds registered beside confirmations (seen by the sandbox)', async () => {
    // Before: the holds part composed into the ERP adapter without parallelRequests, so the shipped
    // console drained one $batch at a time (the README and the benchmark said four).
    const raw = JSON.parse(fs.readFileSync('resources/demo-plant.json', 'utf8')) as { erp: Record<string, unknown> };
    const sandbox = await startSapSandbox({ minOrderGapMs: 0 });
    const config = PlantConfig.parse({ ...raw, erp: { ...raw.erp, baseUrl: sandbox.url } });
    const db = openTestDb(tmp.dir, 'shipped.db');
    migrate(db);
    const { hub } = createErpOutbox({ db, clock: systemClock, online: { isOnline: () => true, onDidChange: () => ({ dispose() {} }) }, logger: memoryLogger(), secrets: memorySecrets({ 'erp-demo': 'CONSOLE:demo' }), erp: config.erp });
    expect(hub.handles('erp', 'hold.place')).toBe(true);
    expect(hub.handles('erp', 'confirmation.post')).toBe(true);
    const worker = hub.worker('erp')!;
    expect(worker.parallelRequests).toBe(4);
    expect(worker.route.policy.processingLimitMs).toBe(30_000);
    // Four $batch requests' worth on distinct orders (the demo plant's batch size is 50), each held 300 ms by the ERP.
    sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'delay', ms: 300 }, times: 0 });
    const orders = Array.from({ length: 200 }, (_, i) => demoOrderId(i % 143, 1 + Math.floor(i / 143)));
    expect(new Set(orders).size).toBe(200);
    const ids = enqueueConfirmations(db, 200, Date.now(), { orders });
    hub.start();
    await until(() => states(db).done === 200, 60_000);
    expect(ids.map((id) => sandbox.admin.counts().creates[id])).toEqual(ids.map(() => 1));
    const log = (await (await fetch(`${sandbox.adminUrl}/log`)).json()) as { entries: { at: number; ms: number; path: string }[] };
    expect(maxInFlight(log.entries)).toBe(4);
    hub.dispose();
    await sandbox.close();
    db.close();
  }, 120_000);
});

void memoryLogger;
