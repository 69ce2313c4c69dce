import { randomUUID } from 'node:crypto';
import { holdHeaderText, releaseHeaderText, type HoldPlacePayload, type HoldReleasePayload, orderingKeyOfHold } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { holdSender } from '../../../../../electron/core/features/holds/index.ts';
import { createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { createSapOdataErp } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, eventsOf, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { confirmationPayload, demoOrderId, until } from '../outbox/outboxFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

async function rig(kind: 'sap' | 'rest') {
  const db = openTestDb(tmp.dir, `${randomUUID()}.db`);
  migrate(db);
  const sandbox = kind === 'sap' ? await startSapSandbox({ minOrderGapMs: 0 }) : await startRestErpSandbox();
  const opts = {
    baseUrl: sandbox.url,
    plant: '1710',
    credentialsSecret: 'erp',
    secrets: memorySecrets({ erp: kind === 'sap' ? 'CONSOLE:demo' : 'demo-key' }),
    batchSize: 20,
    timeoutMs: 2_000,
    settleMs: 0,
    minKeyGapMs: 0,
    remoteKeysOf: (ref: string) => getItem(db, ref)?.remoteKeys ?? null,
  };
  const erp = kind === 'sap' ? createSapOdataErp(opts) : createRestErp(opts);
  const hub = new OutboxHub({ db, clock: systemClock, online: switchableOnline(true), logger: memoryLogger(), breaker: { failureThreshold: 1000, openMs: 1000 }, backoff: { baseMs: 10, capMs: 50 }, pollMs: 60_000, random: () => 0.5 });
  hub.register(erp.adapter);
  hub.registerKinds('erp', holdSender(kind === 'sap' ? 'sap-odata' : 'rest', opts));
  hub.start();
  return {
    db,
    sandbox,
    hub,
    async close() {
      hub.dispose();
      await sandbox.close();
      db.close();
    },
  };
}

const order = demoOrderId(1, 2); // a seeded Line 2 order, material FG202
function placePayload(id: string, qty = '480', material = 'FG202'): HoldPlacePayload {
  return {
    id,
    plantId: '1710',
    kind: 'stock_block',
    scope: { kind: 'window', lineId: 'L2', workCenterId: 'LINE02', erpOrderId: null, lot: null, from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T08:30:00.000Z' },
    items: [{ erpOrderId: order, material, batch: null, qty, uom: 'PC' }],
    storageLocation: '171A',
    reason: 'caps loose',
    defectCategory: 'sealing',
    note: '',
    placedAt: '2026-03-02T08:31:00.000Z',
    placedBy: 'demo-quinn',
  };
}
const releasePayload = (id: string, holdId: string, p: HoldPlacePayload): HoldReleasePayload => ({ id, holdId, placeReference: holdId, plantId: '1710', items: p.items, storageLocation: p.storageLocation, reason: 'rechecked: torque fine', releasedAt: '2026-03-02T09:00:00.000Z', releasedBy: 'demo-quinn', confirmedBy: 'demo-ada' });

function enqueueHold(db: ReturnType<typeof openTestDb>, qty = '480', material = 'FG202') {
  const holdId = randomUUID();
  const releaseId = randomUUID();
  const p = placePayload(holdId, qty, material);
  db.transaction(() => {
    enqueueOutbox(db, { id: holdId, target: 'erp', kind: 'hold.place', orderingKey: orderingKeyOfHold(holdId), payload: p, at: Date.now() });
    enqueueOutbox(db, { id: releaseId, target: 'erp', kind: 'hold.release', orderingKey: orderingKeyOfHold(holdId), payload: releasePayload(releaseId, holdId, p), at: Date.now() });
  })();
  return { holdId, releaseId };
}

describe('holds to SAP (blocked stock through API_MATERIAL_DOCUMENT_SRV)', () => {
  it('posts 344 then 343 with the reference in the header text, each once, next to a confirmation in the same adapter', async () => {
    const r = await rig('sap');
    const { holdId, releaseId } = enqueueHold(r.db);
    const confId = randomUUID();
    enqueueOutbox(r.db, { id: confId, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${order}`, payload: { ...confirmationPayload(confId, order), lineId: 'L2', workCenterId: 'LINE02' }, at: Date.now() });
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'done' && getItem(r.db, confId)!.state === 'done');
    const docs = r.sandbox.admin.records('holds') as { MaterialDocumentHeaderText: string; items: { GoodsMovementType: string; QuantityInEntryUnit: string; Material: string; StorageLocation: string }[] }[];
    expect(docs.map((d) => [d.MaterialDocumentHeaderText, d.items[0]!.GoodsMovementType, d.items[0]!.QuantityInEntryUnit, d.items[0]!.Material, d.items[0]!.StorageLocation])).toEqual([
      [holdHeaderText(holdId), '344', '480', 'FG202', '171A'],
      [releaseHeaderText(holdId), '343', '480', 'FG202', '171A'], // a release is found by its hold's reference (issue 19)
    ]);
    expect(holdHeaderText(holdId)).toHaveLength(25);
    const counts = r.sandbox.admin.counts();
    expect(counts.creates[holdHeaderText(holdId).toLowerCase()]).toBe(1);
    expect(counts.creates[releaseHeaderText(holdId).toLowerCase()]).toBe(1);
    void releaseId;
    expect(counts.creates[confId]).toBe(1);
    expect(counts.duplicates).toEqual([]);
    expect(getItem(r.db, holdId)!.remoteKeys).toMatchObject({ MaterialDocument: expect.stringMatching(/^49\d+$/) });
    await r.close();
  });

  it('reads a hold back by header text after the connection dropped behind the commit, and never posts it twice', async () => {
    const r = await rig('sap');
    r.sandbox.admin.addFault({ match: { op: 'hold.create' }, action: { kind: 'resetAfterCommit' } });
    const { holdId, releaseId } = enqueueHold(r.db);
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'done');
    expect(getItem(r.db, holdId)!.resolvedBy).toBe('readback');
    expect(eventsOf(r.db, holdId).map((e) => e.toState)).toEqual(['queued', 'sending', 'needs_check', 'done']);
    expect(r.sandbox.admin.counts().creates[holdHeaderText(holdId).toLowerCase()]).toBe(1);
    expect(r.sandbox.admin.counts().duplicates).toEqual([]);
    await r.close();
  });

  it('rejects a hold on a material SAP does not know with SAP’s reason, and the release behind it is refused too', async () => {
    const r = await rig('sap');
    const { holdId, releaseId } = enqueueHold(r.db, '10', 'NOPE');
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'rejected');
    expect(getItem(r.db, holdId)!.state).toBe('rejected');
    expect(getItem(r.db, holdId)!.lastError?.message).toMatch(/Material NOPE does not exist/);
    // Nothing was blocked, so there is nothing to return to unrestricted stock: the release is not even sent.
    expect(getItem(r.db, releaseId)!.lastError?.message).toMatch(/never posted/);
    expect(r.sandbox.admin.records('holds')).toEqual([]);
    await r.close();
  });
});

describe('holds to the generic REST ERP (/erp/v1/holds)', () => {
  it('places and releases by the ERP hold id, with Idempotency-Keys, each once', async () => {
    const r = await rig('rest');
    const { holdId, releaseId } = enqueueHold(r.db);
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'done');
    const holds = r.sandbox.admin.records('holds') as { id: string; holdId: string; status: string; releaseId: string; items: { quantity: string }[] }[];
    expect(holds).toEqual([expect.objectContaining({ id: holdId, status: 'released', releaseId, items: [expect.objectContaining({ quantity: '480' })] })]);
    expect(getItem(r.db, releaseId)!.remoteKeys).toEqual({ holdId: holds[0]!.holdId, releaseId });
    const counts = r.sandbox.admin.counts();
    expect([counts.creates[holdId], counts.creates[releaseId]]).toEqual([1, 1]);
    expect(counts.requests['POST /erp/v1/holds']).toBe(1);
    await r.close();
  });

  it('settles an unanswered placement and release by reading back ?reference=, without a second create', async () => {
    const r = await rig('rest');
    r.sandbox.admin.addFault({ match: { op: 'hold.create' }, action: { kind: 'resetAfterCommit' } });
    r.sandbox.admin.addFault({ match: { op: 'hold.release' }, action: { kind: 'resetAfterCommit' } });
    const { holdId, releaseId } = enqueueHold(r.db);
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'done');
    expect([getItem(r.db, holdId)!.resolvedBy, getItem(r.db, releaseId)!.resolvedBy]).toEqual(['readback', 'readback']);
    const counts = r.sandbox.admin.counts();
    expect([counts.creates[holdId], counts.creates[releaseId], counts.duplicates.length]).toEqual([1, 1, 0]);
    await r.close();
  });

  it('refuses to send a release whose hold never reached the ERP', async () => {
    const r = await rig('rest');
    r.sandbox.admin.addFault({ match: { op: 'hold.create' }, action: { kind: 'reject', status: 422, code: 'VALIDATION_FAILED', message: 'plant unknown' } });
    const { holdId, releaseId } = enqueueHold(r.db);
    r.hub.kick('erp');
    await until(() => getItem(r.db, releaseId)!.state === 'rejected');
    expect(getItem(r.db, holdId)!.state).toBe('rejected');
    expect(getItem(r.db, releaseId)!.lastError?.message).toMatch(/never posted/);
    expect(r.sandbox.admin.counts().requests['POST /erp/v1/holds/{id}/release']).toBeUndefined();
    await r.close();
  });
});
