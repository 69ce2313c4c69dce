import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { createSapOdataErp } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { type ErpLanguage, languageOfItems, sapLanguage } from '../../../../../electron/core/platform/erp/erpLanguage.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { createErpOutbox } from '../../../../../electron/core/features/outbox/index.ts';
import type { HoldPlacePayload } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { sapHolds } from '../../../../../electron/core/features/holds/erp/sapHolds.ts';
import { insertUser } from '../../../../../electron/core/features/people/userRepo.ts';
import { writeLanguage } from '../../../../../electron/core/features/people/languageRepo.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { ErpTarget } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { confirmationPayload, demoOrderId, until } from '../outbox/outboxFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** What the sandbox saw: its request log (/__sandbox/log), with the logon language of each request. */
function sandboxLog(adminUrl: string): Promise<{ method: string; path: string; language: string | null }[]> {
  return new Promise((resolve, reject) => {
    http
      .get(`${adminUrl}/log?since=0`, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve((JSON.parse(body) as { entries: { method: string; path: string; language: string | null }[] }).entries));
      })
      .on('error', reject);
  });
}

const item = (capturedBy: string): OutboxSendItem => {
  const id = randomUUID();
  return { id, kind: 'confirmation.post', orderingKey: `k:${id}`, payload: { ...confirmationPayload(id, demoOrderId(1, 1)), capturedBy }, attempts: 0, firstSentAt: Date.now() } as OutboxSendItem;
};

/** A German plant; "ann" chose English, "jdoe" kept the plant's language. */
const language: ErpLanguage = { plant: 'de', ofPerson: (by) => (by === 'ann' ? 'en' : by === 'jdoe' ? null : null) };
const common = { plant: '1710', credentialsSecret: 'erp', batchSize: 20, timeoutMs: 5_000, settleMs: 0, minKeyGapMs: 0, language };

describe('erpLanguage: whose language a request is made in', () => {
  it("the first item's author's, else the plant's; nothing when no language is configured", () => {
    expect(languageOfItems(language, [item('ann')])).toBe('en');
    expect(languageOfItems(language, [item('jdoe')])).toBe('de');
    expect(languageOfItems(language, [item('CONSOLE')])).toBe('de');
    expect(languageOfItems(undefined, [item('ann')])).toBeNull();
    expect(sapLanguage('de')).toBe('DE');
    expect(sapLanguage('en-GB')).toBe('EN');
  });
});

describe('sap-language reaches the SAP sandbox', () => {
  it("a confirmation goes out in its author's language; the console's own reads in the plant's", async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    try {
      const erp = createSapOdataErp({ ...common, baseUrl: sap.url, secrets: memorySecrets({ erp: 'CONSOLE:demo' }) });
      const [en] = await erp.adapter.send([item('ann')]);
      expect(en!.kind).toBe('done');
      const [de] = await erp.adapter.send([item('jdoe')]);
      expect(de!.kind).toBe('done');
      const orders = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01'] });
      expect(orders.ok).toBe(true);
      const log = await sandboxLog(sap.adminUrl);
      const batches = log.filter((e) => e.method === 'POST' && e.path.endsWith('/$batch'));
      expect(batches.map((b) => b.language)).toEqual(['EN', 'DE']);
      const reads = log.filter((e) => e.method === 'GET' && e.path.includes('A_ProductionOrderOperation_2'));
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads.map((r) => r.language))).toEqual(new Set(['DE']));
      // Every request carried a logon language (the token fetch and $metadata reads too).
      expect(log.filter((e) => e.language === null)).toEqual([]);
    } finally {
      await sap.close();
    }
  });
});

describe('sap-language on SAP holds (API_MATERIAL_DOCUMENT_SRV)', () => {
  const hold = (placedBy: string): HoldPlacePayload => ({
    id: randomUUID(),
    plantId: '1710',
    kind: 'stock_block',
    scope: { kind: 'window', lineId: 'L2', workCenterId: 'LINE02', erpOrderId: null, lot: null, from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T08:30:00.000Z' },
    items: [{ erpOrderId: demoOrderId(1, 2), material: 'FG202', batch: null, qty: '10', uom: 'PC' }],
    storageLocation: null,
    reason: 'torque',
    defectCategory: 'assembly',
    note: '',
    placedAt: '2026-03-02T08:31:00.000Z',
    placedBy,
  });
  it("a hold goes out in the language of the person who placed it (every request of the send), the console's own reads in the plant's", async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    try {
      const holds = sapHolds({ ...common, baseUrl: sap.url, secrets: memorySecrets({ erp: 'CONSOLE:demo' }), storageLocations: { lines: { L2: '0002' }, materials: {} } });
      const send = (p: HoldPlacePayload) => holds.send({ id: p.id, kind: 'hold.place', orderingKey: `k:${p.id}`, payload: p, attempts: 0, firstSentAt: Date.now() } as OutboxSendItem);
      expect((await send(hold('ann'))).kind).toBe('done');
      const afterAnn = (await sandboxLog(sap.adminUrl)).filter((e) => e.path.includes('API_MATERIAL_DOCUMENT_SRV'));
      expect(afterAnn.length).toBeGreaterThan(0);
      // Before: no request of the SAP holds carried a logon language, so SAP answered in its user's.
      expect(new Set(afterAnn.map((e) => e.language))).toEqual(new Set(['EN']));
      expect((await send(hold('jdoe'))).kind).toBe('done');
      const posts = (await sandboxLog(sap.adminUrl)).filter((e) => e.method === 'POST' && e.path.includes('A_MaterialDocumentHeader'));
      expect(posts.map((e) => e.language)).toEqual(['EN', 'DE']);
    } finally {
      await sap.close();
    }
  });
});

describe('Accept-Language reaches the REST ERP sandbox', () => {
  it("a confirmation goes out in its author's language; order reads in the plant's", async () => {
    const rest = await startRestErpSandbox({});
    try {
      const erp = createRestErp({ ...common, baseUrl: rest.url, secrets: memorySecrets({ erp: 'demo-key' }) });
      const [en] = await erp.adapter.send([item('ann')]);
      expect(en!.kind).toBe('done');
      const orders = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01'] });
      expect(orders.ok).toBe(true);
      const log = await sandboxLog(rest.adminUrl);
      expect(log.filter((e) => e.method === 'POST').map((e) => e.language)).toEqual(['en']);
      const reads = log.filter((e) => e.method === 'GET');
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads.map((r) => r.language))).toEqual(new Set(['de']));
    } finally {
      await rest.close();
    }
  });
});

describe('the outbox as the console ships it: the language of the person who closed the shift', () => {
  it('their own choice (user_account.language) reaches SAP as sap-language; a person without one gets the plant language', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    const db = openTestDb(tmp.dir, 'shipped.db');
    migrate(db);
    const at = Date.now();
    insertUser(db, { userId: 'demo-anna', userName: 'anna', displayName: 'Anna Berg', badgeId: null, roles: ['supervisor'], pinHash: 'scrypt$not-a-real-hash', active: true, createdAt: at });
    insertUser(db, { userId: 'demo-paul', userName: 'paul', displayName: 'Paul Novak', badgeId: null, roles: ['planner'], pinHash: 'scrypt$not-a-real-hash', active: true, createdAt: at });
    writeLanguage(db, 'demo-paul', 'en', at);
    const { hub } = createErpOutbox({
      db,
      clock: systemClock,
      online: switchableOnline(true),
      logger: memoryLogger(),
      secrets: memorySecrets({ erp: 'CONSOLE:demo' }),
      erp: { ...ErpTarget.parse({ kind: 'sap-odata', baseUrl: sap.url, plant: '1710', credentialsSecret: 'erp' }), minOrderGapSec: 0, settleSec: 0, processingLimitSec: 0 },
      language: 'de',
      pacing: { breaker: { failureThreshold: 1000, openMs: 1000 }, backoff: { baseMs: 10, capMs: 50 }, pollMs: 60_000, random: () => 0.5 },
    });
    try {
      const post = (id: string, by: string, order: string) => enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${order}`, payload: { ...confirmationPayload(id, order), capturedBy: by }, at: Date.now() });
      const paulsId = randomUUID();
      post(paulsId, 'demo-paul', demoOrderId(2, 1));
      hub.start();
      await until(() => getItem(db, paulsId)?.state === 'done', 15_000);
      const annasId = randomUUID();
      post(annasId, 'demo-anna', demoOrderId(3, 1));
      hub.kick('erp');
      await until(() => getItem(db, annasId)?.state === 'done', 15_000);
      const batches = (await sandboxLog(sap.adminUrl)).filter((e) => e.method === 'POST' && e.path.endsWith('/$batch'));
      expect(batches.map((b) => b.language)).toEqual(['EN', 'DE']);
    } finally {
      hub.dispose();
      db.close();
      await sap.close();
    }
  });
});
