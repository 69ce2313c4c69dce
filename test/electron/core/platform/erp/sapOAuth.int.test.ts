import { renderMessage } from '../../../../../shared/i18n/render.ts';
import type { Message } from '../../../../../shared/i18n/index.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { HoldPlacePayload } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { sapHolds } from '../../../../../electron/core/features/holds/erp/sapHolds.ts';
import { createSapOdataErp } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { erpTokenSource } from '../../../../../electron/core/platform/erp/sapAuth.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { startXsuaaSandbox } from '../../../../../electron/demo/erp/xsuaaSandbox.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { confirmationPayload, demoOrderId } from '../outbox/outboxFixture.ts';

/** A service key's client as XSUAA issues them: `!` in the id, `$` and `=` in the secret. */
const CLIENT_ID = 'sb-plant-console!t4711';
const CLIENT_SECRET = 'a1B2$c3D4=e5F6+g7';

const post = (orderId: string): OutboxSendItem => {
  const id = randomUUID();
  return { id, kind: 'confirmation.post', orderingKey: `order:${orderId}`, payload: confirmationPayload(id, orderId), attempts: 1, firstSentAt: Date.now() };
};

describe('SAP BTP OAuth 2.0 client credentials (issue 16)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function rig(secret = CLIENT_SECRET) {
    const uaa = await startXsuaaSandbox({ clients: { [CLIENT_ID]: CLIENT_SECRET } });
    closers.push(uaa.close);
    // The ERP takes only bearer tokens the token service issued; the Basic account below is refused.
    const sap = await startSapSandbox({ minOrderGapMs: 0, bearer: (t) => uaa.valid(t) });
    closers.push(sap.close);
    const secrets = memorySecrets({ erp: 'CONSOLE:demo', 'sap-oauth': secret });
    const token = erpTokenSource({ tokenUrl: uaa.tokenUrl, clientId: CLIENT_ID, clientSecretSecret: 'sap-oauth' }, { secrets, timeoutMs: 3_000 });
    const o = { baseUrl: sap.url, plant: '1710', credentialsSecret: 'erp', secrets, batchSize: 20, timeoutMs: 3_000, settleMs: 0, minKeyGapMs: 0, timeZone: 'Europe/Berlin' };
    return { uaa, sap, token, o, withToken: createSapOdataErp({ ...o, token }), basicOnly: createSapOdataErp(o) };
  }

  it('the sandbox refuses the Basic account when it takes tokens; with the token the check, the order read and the $batch go through on one token', async () => {
    const { uaa, sap, withToken, basicOnly } = await rig();
    const order = demoOrderId(0, 1);
    const refused = await basicOnly.adapter.send([post(order)]);
    expect(refused[0]).toMatchObject({ kind: 'config', error: { httpStatus: 401 } });

    const checks = await withToken.check!();
    expect(checks.find((c) => c.step === 'signIn')).toMatchObject({ ok: true, text: 'Signed in to the ERP with the OAuth client' });
    expect(checks.find((c) => c.step === 'readBack')?.ok).toBe(true);
    // The lines in the reader's language (English text unchanged).
    const msgOf = (step: string) => (checks.find((c) => c.step === step) as { msg?: Message } | undefined)?.msg;
    expect(renderMessage(msgOf('signIn')!, 'de')).toBe('Beim ERP angemeldet mit dem OAuth-Client');
    expect(renderMessage(msgOf('readBack')!, 'de')).toMatch(/^Das ERP findet Rückmeldungen über die Referenz der Konsole/);
    const orders = await withToken.fetchWorkOrders({ plant: '1710', workCenters: [] });
    expect(orders.ok && orders.value.orders.length).toBeGreaterThan(0);
    const [sent] = await withToken.adapter.send([post(order)]);
    expect(sent?.kind).toBe('done');
    expect(sap.admin.records('confirmations')).toHaveLength(1);
    expect(uaa.tokenRequests()).toBe(1); // fetched once, cached for the CSRF fetch, the reads and the $batch
    expect(sap.admin.counts().csrfFetches).toBeGreaterThan(0);
  });

  it('a token SAP no longer accepts (401) is fetched afresh once and the same $batch goes through in the same send', async () => {
    const { uaa, sap, withToken } = await rig();
    const order = demoOrderId(1, 1);
    expect((await withToken.adapter.send([post(order)]))[0]?.kind).toBe('done');
    uaa.revokeAll(); // the client's tokens are revoked while ours is still within its life
    const [again] = await withToken.adapter.send([post(demoOrderId(2, 1))]);
    expect(again?.kind).toBe('done');
    expect(uaa.tokenRequests()).toBe(2);
    expect(sap.admin.records('confirmations')).toHaveLength(2);
  });

  it('holds (material documents) sign in with the same token', async () => {
    const { uaa, sap, token, o } = await rig();
    const holds = sapHolds({ ...o, token, storageLocations: { lines: { L2: '0002' }, materials: {} } });
    const id = randomUUID();
    const p: HoldPlacePayload = { id, plantId: '1710', kind: 'stock_block', scope: { kind: 'line', lineId: 'L2', workCenterId: 'LINE02', erpOrderId: null, lot: null, from: null, to: null }, items: [{ erpOrderId: demoOrderId(1, 2), material: 'FG202', batch: null, qty: '10', uom: 'PC' }], storageLocation: null, reason: 'r', defectCategory: 'd', note: '', placedAt: '2026-03-02T08:31:00.000Z', placedBy: 'q' };
    const placed = await holds.send({ id, kind: 'hold.place', orderingKey: `hold:${id}`, payload: p, attempts: 1, firstSentAt: Date.now() });
    expect(placed.kind).toBe('done');
    expect(sap.admin.records('holds')).toHaveLength(1);
    // A revoked token: the holds sender fetches a fresh one and the request goes through in the same send.
    uaa.revokeAll();
    const id2 = randomUUID();
    const again = await holds.send({ id: id2, kind: 'hold.place', orderingKey: `hold:${id2}`, payload: { ...p, id: id2 }, attempts: 1, firstSentAt: Date.now() });
    expect(again.kind).toBe('done');
    expect(uaa.tokenRequests()).toBe(2);
  });

  it('a wrong client secret parks the item with a sentence that names the client and holds no secret; nothing reaches SAP', async () => {
    const { sap, withToken } = await rig('not-the-secret');
    const [out] = await withToken.adapter.send([post(demoOrderId(3, 1))]);
    expect(out?.kind).toBe('config');
    const msg = out && 'error' in out ? out.error.message : '';
    expect(msg).toContain(`refused the client "${CLIENT_ID}"`);
    expect(msg).not.toContain('not-the-secret');
    expect(msg).not.toContain(CLIENT_SECRET);
    expect(sap.admin.records('confirmations')).toHaveLength(0);
  });
});
