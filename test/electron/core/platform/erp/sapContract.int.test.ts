import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { holdHeaderText, type HoldPlacePayload, orderingKeyOfHold } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { sapHolds, toMaterialDocument } from '../../../../../electron/core/features/holds/erp/sapHolds.ts';
import { createSapOdataErp, toSapConfirmation } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { classifySapError } from '../../../../../electron/core/platform/erp/sapErrors.ts';
import { ConfirmationPostPayload } from '../../../../../electron/core/platform/erp/erpPayloads.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { publishedEdmx, withOperationScrapTotal, withUnfilterable } from '../../../../../electron/demo/erp/sapMetadata.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { confirmationPayload, demoOrderId, until } from '../outbox/outboxFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const sapDay = (y: number, m: number, d: number) => `/Date(${Date.UTC(y, m - 1, d)})/`;
const opts = (baseUrl: string, extra: Record<string, unknown> = {}) => ({ baseUrl, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'CONSOLE:demo' }), batchSize: 20, timeoutMs: 3_000, settleMs: 0, minKeyGapMs: 0, ...extra });
const sendItem = (id: string, kind: OutboxSendItem['kind'], payload: unknown): OutboxSendItem => ({ id, kind, orderingKey: `k:${id}`, payload, attempts: 0, firstSentAt: Date.now() }) as OutboxSendItem;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Basic ${Buffer.from('CONSOLE:demo').toString('base64')}`, accept: 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('1: SAP gets plant-local dates and times (Europe/Berlin), not UTC', () => {
  const conf = (start: string, end: string) => toSapConfirmation(ConfirmationPostPayload.parse({ ...confirmationPayload(randomUUID(), '1001000'), execution: { start, end } }), 'CONSOLE', 'Europe/Berlin');
  it('a night shift across the spring change: 22:00 CET to 06:00 CEST (7 hours)', () => {
    const c = conf('2026-03-28T21:00:00.000Z', '2026-03-29T04:00:00.000Z');
    expect([c.ConfirmedExecutionStartDate, c.ConfirmedExecutionStartTime, c.ConfirmedExecutionEndDate, c.ConfirmedExecutionEndTime]).toEqual([sapDay(2026, 3, 28), 'PT22H00M00S', sapDay(2026, 3, 29), 'PT06H00M00S']);
  });
  it('a night shift across the autumn change: 22:00 CEST to 06:00 CET (9 hours)', () => {
    const c = conf('2026-10-24T20:00:00.000Z', '2026-10-25T05:00:00.000Z');
    expect([c.ConfirmedExecutionStartDate, c.ConfirmedExecutionStartTime, c.ConfirmedExecutionEndDate, c.ConfirmedExecutionEndTime]).toEqual([sapDay(2026, 10, 24), 'PT22H00M00S', sapDay(2026, 10, 25), 'PT06H00M00S']);
  });
  it('a shift starting just after local midnight keeps its own day (UTC is still the day before)', () => {
    const c = conf('2026-06-09T22:30:00.000Z', '2026-06-10T06:30:00.000Z');
    expect([c.ConfirmedExecutionStartDate, c.ConfirmedExecutionStartTime, c.ConfirmedExecutionEndTime]).toEqual([sapDay(2026, 6, 10), 'PT00H30M00S', 'PT08H30M00S']);
  });
  it("a hold's posting and document date are the plant's day", () => {
    const doc = toMaterialDocument({ headerText: holdHeaderText(randomUUID()), postingAt: '2026-06-09T22:30:00.000Z', movement: '344', items: [{ erpOrderId: '1', material: 'FG201', batch: null, qty: '5', uom: 'PC' }], plant: '1710', storageLocationOf: () => '0001', zone: 'Europe/Berlin' });
    expect([doc.PostingDate, doc.DocumentDate]).toEqual([sapDay(2026, 6, 10), sapDay(2026, 6, 10)]);
  });
  it('the sandbox keeps what was sent, checked against Edm.Time and Edm.DateTime of the published definition', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    const erp = createSapOdataErp(opts(sap.url, { timeZone: 'Europe/Berlin' }));
    const id = randomUUID();
    const order = demoOrderId(1, 1);
    const [out] = await erp.adapter.send([sendItem(id, 'confirmation.post', { ...confirmationPayload(id, order), execution: { start: '2026-03-28T21:00:00.000Z', end: '2026-03-29T04:00:00.000Z' } })]);
    expect(out!.kind).toBe('done');
    const rec = (sap.admin.records('confirmations') as Record<string, unknown>[])[0]!;
    expect([rec.ConfirmedExecutionStartTime, rec.ConfirmedExecutionEndTime]).toEqual(['PT22H00M00S', 'PT06H00M00S']);
    await sap.close();
  });
});

describe('1b: a reversal posts on the plant\'s day', () => {
  it('CancelProdnOrdConf gets PostingDate as the plant-local day of the reversal', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    const keys = new Map<string, Record<string, string>>();
    const erp = createSapOdataErp(opts(sap.url, { timeZone: 'Europe/Berlin', remoteKeysOf: (r: string) => keys.get(r) ?? null }));
    const id = randomUUID();
    const order = demoOrderId(4, 1);
    const [posted] = await erp.adapter.send([sendItem(id, 'confirmation.post', confirmationPayload(id, order))]);
    if (posted!.kind === 'done') keys.set(id, posted!.remoteKeys);
    const cancelId = randomUUID();
    const [rev] = await erp.adapter.send([sendItem(cancelId, 'confirmation.cancel', { id: cancelId, reverses: id, order: { erpOrderId: order, operationId: '0010' }, reason: 'wrong order', capturedAt: '2026-06-09T22:30:00.000Z', capturedBy: 'jdoe' })]);
    expect(rev!.kind).toBe('done');
    const recs = sap.admin.records('confirmations') as Record<string, unknown>[];
    expect(recs.find((r) => r.IsReversal === true)?.PostingDate).toBe(sapDay(2026, 6, 10));
    await sap.close();
  });
});

describe('2: holds to SAP name a storage location (344/343 post within one)', () => {
  const hold = (lineId = 'L2'): HoldPlacePayload => ({
    id: randomUUID(),
    plantId: '1710',
    kind: 'stock_block',
    scope: { kind: 'window', lineId, workCenterId: 'LINE02', erpOrderId: null, lot: null, from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T08:30:00.000Z' },
    items: [{ erpOrderId: demoOrderId(1, 2), material: 'FG202', batch: null, qty: '10', uom: 'PC' }],
    storageLocation: null,
    reason: 'torque',
    defectCategory: 'assembly',
    note: '',
    placedAt: '2026-03-02T08:31:00.000Z',
    placedBy: 'demo-quinn',
  });
  it('the sandbox refuses a 344 item without StorageLocation, as SAP does', async () => {
    const sap = await startSapSandbox();
    const holds = sapHolds(opts(sap.url));
    const p = hold();
    const out = await holds.send(sendItem(p.id, 'hold.place', p));
    expect(out.kind).toBe('config'); // nothing configured: parked with the reason, never sent to be refused
    expect(out.kind !== 'done' && out.error.message).toMatch(/no storage location is set for line L2.*erp\.storageLocations/);
    expect(sap.admin.records('holds')).toEqual([]);
    await sap.close();
  });
  it("posts the line's storage location, the material's where one is set, and releases from where it blocked", async () => {
    const sap = await startSapSandbox();
    const keys = new Map<string, Record<string, string>>();
    const o = opts(sap.url, { storageLocations: { lines: { L2: '0002' }, materials: {} }, remoteKeysOf: (r: string) => keys.get(r) ?? null });
    const p = hold();
    const placed = await sapHolds(o).send(sendItem(p.id, 'hold.place', p));
    expect(placed.kind).toBe('done');
    if (placed.kind === 'done') keys.set(p.id, placed.remoteKeys);
    // The configuration changed meanwhile; the release still goes back where the stock was blocked.
    const o2 = { ...o, storageLocations: { lines: { L2: '0009' }, materials: {} } };
    const releaseId = randomUUID();
    const released = await sapHolds(o2).send(sendItem(releaseId, 'hold.release', { id: releaseId, holdId: p.id, placeReference: p.id, plantId: '1710', items: p.items, storageLocation: null, reason: 'ok', releasedAt: '2026-03-02T10:00:00.000Z', releasedBy: 'q', confirmedBy: 'a' }));
    expect(released.kind).toBe('done');
    const byMaterial = await sapHolds({ ...o, storageLocations: { lines: { L2: '0002' }, materials: { FG202: '0007' } } }).send(sendItem(randomUUID(), 'hold.place', { ...hold(), id: randomUUID() }));
    expect(byMaterial.kind).toBe('done');
    const docs = sap.admin.records('holds') as { items: { StorageLocation: string; GoodsMovementType: string }[] }[];
    expect(docs.map((d) => [d.items[0]!.GoodsMovementType, d.items[0]!.StorageLocation])).toEqual([
      ['344', '0002'],
      ['343', '0002'],
      ['344', '0007'],
    ]);
    await sap.close();
  });
  it('the plant configuration refuses a storage location for an unknown line and a malformed one', () => {
    const base = JSON.parse(fs.readFileSync(new URL('../../../../../resources/demo-plant.json', import.meta.url), 'utf8')) as { erp: Record<string, unknown> };
    expect(PlantConfig.safeParse(base).success).toBe(true);
    const bad = PlantConfig.safeParse({ ...base, erp: { ...base.erp, storageLocations: { lines: { L9: '0001', L1: 'abcde' } } } });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages.join('\n')).toMatch(/lines\.L1: a storage location of 1 to 4 capital letters/);
  });
});

describe('3: the work-order read selects only what the service has ($metadata at connect)', () => {
  it('against the published API_PRODUCTION_ORDER_2_SRV (no OpTotalConfirmedScrapQty): reads the orders and says what is missing', async () => {
    const sap = await startSapSandbox();
    // SAP Gateway refuses the whole read for an unknown $select property; so does the sandbox.
    const refused = await get(`${sap.url}/API_PRODUCTION_ORDER_2_SRV/A_ProductionOrderOperation_2?$select=ManufacturingOrder,OpTotalConfirmedScrapQty&$top=1`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/OpTotalConfirmedScrapQty/);
    const erp = createSapOdataErp(opts(sap.url));
    const page = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01'] });
    expect(page.ok).toBe(true);
    expect(page.ok && page.value.orders.length).toBeGreaterThan(0);
    expect(page.ok && page.value.missing).toEqual([expect.stringMatching(/^OpTotalConfirmedScrapQty: scrap already confirmed in the ERP is not shown/)]);
    const status = erp.serviceStatus!();
    expect(status?.lines.join('\n')).toMatch(/has no OpTotalConfirmedScrapQty \(an older release\)/);
    await sap.close();
  });
  it('against a release that has it: reads confirmed scrap and reports nothing missing', async () => {
    const sap = await startSapSandbox({ metadata: { order: withOperationScrapTotal(publishedEdmx('order')) } });
    const erp = createSapOdataErp(opts(sap.url));
    const page = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01'] });
    expect(page.ok && page.value.missing).toBeUndefined();
    expect(erp.serviceStatus!()?.lines[0]).toMatch(/has every field/);
    await sap.close();
  });
});

/**
 * SAP Gateway error bodies in the JSON format SAP documents for OData V2 (error.code "<class>/<number>",
 * message {lang, value}, innererror with application, transactionid, timestamp, Error_Resolution and
 * errordetails). Built in that format, not captured from a system (none was available).
 */
const sapBody = (code: string, text: string) =>
  JSON.stringify({
    error: {
      code,
      message: { lang: 'en', value: text },
      innererror: {
        application: { component_id: 'PP-SFC-EXE-CON', service_namespace: '/SAP/', service_id: 'API_PROD_ORDER_CONFIRMATION_2_SRV', service_version: '0001' },
        transactionid: '6B1F0C9E2D4A00E0E00634F2D0C0A1B2',
        timestamp: '20260302081512.1234560',
        Error_Resolution: { SAP_Transaction: 'Run transaction /IWFND/ERROR_LOG on SAP Gateway hub system', SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)' },
        errordetails: [{ code, message: text, propertyref: '', severity: 'error', target: '' }],
      },
    },
  });

describe('4: SAP business errors come as HTTP 400; lock messages are transient', () => {
  it.each([
    ['MC/601', 'Object requested is currently locked by user BATCHJOB', 'transient'],
    ['M3/897', 'Plant data of material FG201 is locked by user JSMITH', 'transient'],
    ['RU/999', 'Order 1001000 is being processed by user PLANNER1', 'transient'],
    ['RU/170', 'Order 1001000 is closed; no confirmations possible', 'business'],
    ['M7/021', 'Deficit of BA Unrestricted-use 10 PC : FG202 1710 0001', 'business'],
  ])('%s "%s" → %s', (code, text, cls) => {
    expect(classifySapError(400, false, sapBody(code, text))).toBe(cls);
  });
  it('a confirmation refused with a 400 lock message is retried, not turned into manual work', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    sap.admin.addFault({ match: { op: 'confirmation.create' }, action: { kind: 'reject', status: 400, code: 'MC/601', message: 'Object requested is currently locked by user BATCHJOB' }, times: 1 });
    const erp = createSapOdataErp(opts(sap.url));
    const id = randomUUID();
    const [first] = await erp.adapter.send([sendItem(id, 'confirmation.post', confirmationPayload(id, demoOrderId(2, 1)))]);
    expect(first!.kind).toBe('transient');
    const [second] = await erp.adapter.send([sendItem(id, 'confirmation.post', confirmationPayload(id, demoOrderId(2, 1)))]);
    expect(second).toMatchObject({ kind: 'done' });
    await sap.close();
  });
});

describe('5: a reversed hold is seen as reversed (A_MaterialDocumentHeader has no IsCancelled)', () => {
  it('finds the reversal through A_MaterialDocumentItem', async () => {
    const sap = await startSapSandbox();
    const o = opts(sap.url, { storageLocations: { lines: { L2: '0002' }, materials: {} } });
    const holds = sapHolds(o);
    const id = randomUUID();
    const p: HoldPlacePayload = { id, plantId: '1710', kind: 'stock_block', scope: { kind: 'line', lineId: 'L2', workCenterId: 'LINE02', erpOrderId: null, lot: null, from: null, to: null }, items: [{ erpOrderId: demoOrderId(1, 2), material: 'FG202', batch: null, qty: '10', uom: 'PC' }], storageLocation: null, reason: 'r', defectCategory: 'd', note: '', placedAt: '2026-03-02T08:31:00.000Z', placedBy: 'q' };
    const placed = await holds.send(sendItem(id, 'hold.place', p));
    expect(placed.kind).toBe('done');
    const before = await holds.readBack([sendItem(id, 'hold.place', p)]);
    expect(before.ok && before.value.get(id)).toEqual([expect.objectContaining({ reversed: false })]);
    // Someone reverses the document in SAP (MBST): the sandbox's Cancel function import.
    const keys = placed.kind === 'done' ? placed.remoteKeys : {};
    const token = await new Promise<{ token: string; cookie: string }>((resolve) => {
      http.request(`${sap.url}/API_MATERIAL_DOCUMENT_SRV/`, { method: 'HEAD', headers: { authorization: `Basic ${Buffer.from('CONSOLE:demo').toString('base64')}`, 'x-csrf-token': 'fetch' } }, (res) => {
        res.resume();
        resolve({ token: String(res.headers['x-csrf-token']), cookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') });
      }).end();
    });
    const cancelled = await new Promise<number>((resolve) => {
      http.request(`${sap.url}/API_MATERIAL_DOCUMENT_SRV/Cancel?MaterialDocumentYear='${keys.MaterialDocumentYear}'&MaterialDocument='${keys.MaterialDocument}'`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('CONSOLE:demo').toString('base64')}`, 'x-csrf-token': token.token, cookie: token.cookie } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(cancelled).toBe(201);
    const after = await holds.readBack([sendItem(id, 'hold.place', p)]);
    expect(after.ok && after.value.get(id)).toEqual([expect.objectContaining({ reversed: true, remoteKeys: expect.objectContaining({ MaterialDocument: keys.MaterialDocument }) })]);
    // The header set itself is held to the definition: no IsCancelled there.
    expect((await get(`${sap.url}/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader?$select=MaterialDocument,IsCancelled`)).status).toBe(400);
    await sap.close();
  });
});

describe('8: the read-back by ExternalSystemConfirmation is probed at connect', () => {
  it('a service that filters on it: the ERP status says so; read-back works', async () => {
    const sap = await startSapSandbox();
    const erp = createSapOdataErp(opts(sap.url));
    const s = await erp.checkService!();
    expect(s.readBackByReference).toBe('works');
    expect(erp.adapter.readBackUnavailable!()).toBeNull();
    expect(sap.admin.counts().requests['GET CONF/ProdnOrdConf2']).toBe(1); // the zero-GUID probe
    // The same findings as lines of the connection check (Settings > Connections, start-up log).
    expect((await erp.check!()).map((l) => [l.step, l.ok])).toEqual([
      ['signIn', true],
      ['definition', null], // the published production-order service has no OpTotalConfirmedScrapQty
      ['readBack', true],
    ]);
    await sap.close();
  });
  it('a service that refuses it: the ERP status says so plainly, and an ambiguous confirmation waits for a person instead of being sent again', async () => {
    const conf = withUnfilterable(publishedEdmx('conf'), 'ProdnOrdConf2Type', ['ExternalSystemConfirmation']);
    const sap = await startSapSandbox({ minOrderGapMs: 0, metadata: { conf } });
    const db = openTestDb(tmp.dir, `${randomUUID()}.db`);
    migrate(db);
    const erp = createSapOdataErp(opts(sap.url, { remoteKeysOf: (ref: string) => getItem(db, ref)?.remoteKeys ?? null }));
    const s = await erp.checkService!();
    expect(s.readBackByReference).toBe('refused');
    expect(s.lines.join('\n')).toMatch(/does not let the console search confirmations by its reference .* waits for a person to check it in the ERP; it is not sent again on its own/);
    const hub = new OutboxHub({ db, clock: systemClock, online: switchableOnline(true), logger: memoryLogger(), breaker: { failureThreshold: 1000, openMs: 1000 }, backoff: { baseMs: 10, capMs: 50 }, pollMs: 60_000, random: () => 0.5 });
    hub.register(erp.adapter);
    hub.start();
    sap.admin.addFault({ match: { op: 'confirmation.create' }, action: { kind: 'resetAfterCommit' }, times: 1 });
    const id = randomUUID();
    const order = demoOrderId(3, 1);
    enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${order}`, payload: confirmationPayload(id, order), at: Date.now() });
    hub.kick('erp');
    await until(() => getItem(db, id)!.state === 'parked', 15_000);
    expect(getItem(db, id)!.lastError?.message).toMatch(/cannot tell whether this one was posted\. Check in the remote system whether it was applied, then resend or discard it here/);
    await new Promise((r) => setTimeout(r, 300));
    expect(sap.admin.counts().creates[id]).toBe(1); // posted once, never again by itself
    hub.dispose();
    await sap.close();
    db.close();
  });
});

void orderingKeyOfHold;
void holdHeaderText;
