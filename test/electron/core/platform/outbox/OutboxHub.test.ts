import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import type { OutboxAdapter, OutboxKind, OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { okResult } from '../../../../../shared/result.ts';
import { FakeClock, memoryLogger, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** A recording adapter for one feature's kinds (the adapter is the outbox's port to a remote system). */
function recording(target: string, kinds: OutboxKind[], label: string): OutboxAdapter & { sent: OutboxSendItem[][] } {
  const sent: OutboxSendItem[][] = [];
  return {
    target,
    label,
    kinds,
    batchSize: 10,
    minKeyGapMs: 0,
    settleMs: 0,
    sent,
    async send(items) {
      sent.push([...items]);
      return items.map((it) => ({ kind: 'done' as const, remoteKeys: { by: label, id: it.id } }));
    },
    async readBack(items) {
      return okResult(new Map(items.map((it) => [it.id, []])));
    },
  };
}

describe('outbox engine', () => {
  it('routes each kind of one target to the adapter that declared it, through one worker', async () => {
    const db = openTestDb(tmp.dir, 'hub.db');
    migrate(db);
    const clock = new FakeClock();
    const hub = new OutboxHub({ db, clock, online: switchableOnline(), logger: memoryLogger(), pollMs: 60_000 });
    const conf = recording('erp', ['confirmation.post'], 'ERP');
    const holds = recording('erp', ['hold.place', 'hold.release'], 'holds');
    hub.register(conf);
    hub.register(holds);
    expect(() => hub.register(recording('erp', ['hold.place'], 'again'))).toThrow(/already handled/);
    const a = enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: { n: 1 }, at: clock.now() });
    const b = enqueueOutbox(db, { target: 'erp', kind: 'hold.place', orderingKey: 'hold:1', payload: { n: 2 }, at: clock.now() });
    const c = enqueueOutbox(db, { target: 'erp', kind: 'case.create', orderingKey: 'asset:1', payload: { n: 3 }, at: clock.now() });
    hub.start();
    clock.advance(0);
    await hub.whenIdle();
    expect(conf.sent.flat().map((i) => i.id)).toEqual([a]);
    expect(holds.sent.flat().map((i) => i.id)).toEqual([b]);
    expect(getItem(db, b)!.remoteKeys).toEqual({ by: 'holds', id: b });
    // A kind nobody handles waits, visible in the stats, and is never sent.
    expect(getItem(db, c)!.state).toBe('queued');
    expect(hub.stats().targets).toEqual([expect.objectContaining({ target: 'erp', label: 'ERP', depth: 1, byKind: { 'case.create': 1 } })]);
    hub.dispose();
    db.close();
  });

  it('registers a target once with its policy; features add kinds to it; each request carries one sender\'s items', async () => {
    const db = openTestDb(tmp.dir, 'engine.db');
    migrate(db);
    const clock = new FakeClock();
    const hub = new OutboxHub({ db, clock, online: switchableOnline(), logger: memoryLogger(), pollMs: 60_000 });
    const conf = recording('erp', ['confirmation.post'], 'ERP');
    const holds = recording('erp', ['hold.place'], 'holds');
    expect(() => hub.registerKinds('erp', holds)).toThrow(/does not exist/);
    hub.registerTarget({ target: 'erp', label: 'ERP', parallelRequests: 4, minKeyGapMs: 0, settleMs: 0 });
    expect(() => hub.registerTarget({ target: 'erp', label: 'again', minKeyGapMs: 0, settleMs: 0 })).toThrow(/twice/);
    hub.registerKinds('erp', conf);
    hub.registerKinds('erp', { ...holds, batchSize: 1 });
    expect(() => hub.registerKinds('erp', recording('erp', ['confirmation.post'], 'again'))).toThrow(/already handled/);
    expect(hub.worker('erp')!.parallelRequests).toBe(4);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(enqueueOutbox(db, { target: 'erp', kind: i % 2 === 0 ? 'confirmation.post' : 'hold.place', orderingKey: `k:${i}`, payload: { n: i }, at: clock.now() }));
    }
    hub.start();
    clock.advance(0);
    await hub.whenIdle();
    // Confirmations go together in one batch; holds one per request (their batch size).
    expect(conf.sent.map((b) => b.map((i) => i.kind))).toEqual([['confirmation.post', 'confirmation.post', 'confirmation.post']]);
    expect(holds.sent.map((b) => b.length)).toEqual([1, 1, 1]);
    expect(ids.map((id) => getItem(db, id)!.state)).toEqual(ids.map(() => 'done'));
    hub.dispose();
    db.close();
  });

  it("forgets a key's last send once its gap has passed (the map grew with every order, hold and asset ever sent)", async () => {
    const db = openTestDb(tmp.dir, 'gap.db');
    migrate(db);
    const clock = new FakeClock();
    const hub = new OutboxHub({ db, clock, online: switchableOnline(), logger: memoryLogger(), pollMs: 60_000 });
    hub.registerTarget({ target: 'erp', label: 'ERP', parallelRequests: 1, minKeyGapMs: 1_000, settleMs: 0 });
    hub.registerKinds('erp', recording('erp', ['confirmation.post'], 'ERP'));
    for (let i = 0; i < 50; i++) enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: `order:${i}`, payload: { n: i }, at: clock.now() });
    hub.start();
    clock.advance(0);
    await hub.whenIdle();
    expect(hub.worker('erp')!.keysInGap()).toBe(50);
    clock.advance(5_000);
    enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: 'order:late', payload: { n: 99 }, at: clock.now() });
    hub.worker('erp')!.kick();
    clock.advance(0);
    await hub.whenIdle();
    expect(hub.worker('erp')!.keysInGap()).toBe(1);
    hub.dispose();
    db.close();
  });

  it('a drain of many keys looks at each key about once to forget its gap, not at every key on every batch', async () => {
    const db = openTestDb(tmp.dir, 'gap-cost.db');
    migrate(db);
    const clock = new FakeClock();
    const hub = new OutboxHub({ db, clock, online: switchableOnline(), logger: memoryLogger(), pollMs: 60_000 });
    hub.registerTarget({ target: 'erp', label: 'ERP', parallelRequests: 4, minKeyGapMs: 60_000, settleMs: 0 });
    const adapter = recording('erp', ['confirmation.post'], 'ERP');
    hub.registerKinds('erp', adapter);
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) enqueueOutbox(db, { target: 'erp', kind: 'confirmation.post', orderingKey: `order:${i}`, payload: { n: i }, at: clock.now() });
    })();
    hub.start();
    clock.advance(0);
    await hub.whenIdle();
    expect(adapter.sent.flat()).toHaveLength(2_000);
    // 200 batches of 10, every key still in its gap: one look per batch (walking the map looked at ~200,000).
    const w = hub.worker('erp')!;
    expect(w.keysInGap()).toBe(2_000);
    expect(w.keyGapLookups()).toBeLessThanOrEqual(adapter.sent.length);
    hub.dispose();
    db.close();
  });
});

