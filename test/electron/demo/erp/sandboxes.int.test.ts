import { httpRequest } from '../../../../electron/core/platform/erp/httpClient.ts';
import { startRestErpSandbox } from '../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../electron/demo/erp/sapSandbox.ts';

const basic = `Basic ${Buffer.from('CONSOLE:demo').toString('base64')}`;
const CONF = '/API_PROD_ORDER_CONFIRMATION_2_SRV';
const body = (orderId: string, ref: string) => JSON.stringify({ OrderID: orderId, OrderOperation: '0010', ConfirmationUnit: 'PC', ConfirmationYieldQuantity: '5', ExternalSystemConfirmation: ref });

async function req(method: string, url: string, headers: Record<string, string> = {}, b?: string) {
  const r = await httpRequest({ method, url, headers, body: b, timeoutMs: 3000 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('SAP sandbox', () => {
  it('needs Basic credentials, a cookie-bound CSRF token for writes, and the configured sap-client', async () => {
    const sap = await startSapSandbox({ sapClient: '100' });
    expect((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100`)).status).toBe(401);
    expect((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=200`, { authorization: basic })).status).toBe(400);
    const noToken = await req('POST', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100`, { authorization: basic, 'content-type': 'application/json' }, body('1001123', crypto.randomUUID()));
    expect([noToken.status, noToken.headers['x-csrf-token']]).toEqual([403, 'Required']);
    const fetched = await req('HEAD', `${sap.url}${CONF}/?sap-client=100`, { authorization: basic, 'x-csrf-token': 'fetch' });
    const token = String(fetched.headers['x-csrf-token']);
    const cookie = (fetched.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    // The token alone, without its session cookie, is refused.
    expect((await req('POST', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100`, { authorization: basic, 'x-csrf-token': token }, body('1001123', crypto.randomUUID()))).status).toBe(403);
    const ref = crypto.randomUUID();
    const created = await req('POST', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100`, { authorization: basic, 'x-csrf-token': token, cookie, 'content-type': 'application/json' }, body('1001123', ref));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body).d).toMatchObject({ ConfirmationGroup: expect.any(String), ConfirmationCount: '1', ExternalSystemConfirmation: ref });
    const found = await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100&$filter=${encodeURIComponent(`ExternalSystemConfirmation eq guid'${ref}' or ExternalSystemConfirmation eq guid'${crypto.randomUUID()}'`)}&$select=ConfirmationGroup,ExternalSystemConfirmation&$inlinecount=allpages`, { authorization: basic });
    expect(JSON.parse(found.body).d).toEqual({ results: [{ ConfirmationGroup: expect.any(String), ExternalSystemConfirmation: ref }], __count: '1' });
    expect((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100&$orderby=OrderID`, { authorization: basic })).status).toBe(400);
    expect((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?sap-client=100&$filter=${encodeURIComponent('OrderID substringof 1')}`, { authorization: basic })).status).toBe(400);
    expect(sap.admin.counts()).toMatchObject({ csrfFetches: 1, creates: { [ref]: 1 }, duplicates: [] });
    await sap.close();
  });

  it('answers a look-up by references from its index exactly as the full filter does (order posted, duplicates, case)', async () => {
    const sap = await startSapSandbox();
    const f = await req('HEAD', `${sap.url}${CONF}/`, { authorization: basic, 'x-csrf-token': 'fetch' });
    const h = { authorization: basic, 'x-csrf-token': String(f.headers['x-csrf-token']), cookie: (f.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') };
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const ref of [a, b, a, c]) expect((await req('POST', `${sap.url}${CONF}/ProdnOrdConf2`, h, body('1001123', ref))).status).toBe(201);
    const read = async (filter: string) => {
      const r = await req('GET', `${sap.url}${CONF}/ProdnOrdConf2?$filter=${encodeURIComponent(filter)}&$select=ConfirmationCount,ExternalSystemConfirmation&$inlinecount=allpages`, { authorization: basic });
      return JSON.parse(r.body).d as { results: { ConfirmationCount: string; ExternalSystemConfirmation: string }[]; __count: string };
    };
    // The console's form (served from the index) against a form the index does not serve (parenthesised: a scan).
    const indexed = await read(`ExternalSystemConfirmation eq guid'${c.toUpperCase()}' or ExternalSystemConfirmation eq guid'${a}'`);
    const scanned = await read(`(ExternalSystemConfirmation eq guid'${c.toUpperCase()}') or (ExternalSystemConfirmation eq guid'${a}')`);
    expect(indexed).toEqual(scanned);
    expect(indexed.results.map((r) => r.ExternalSystemConfirmation)).toEqual([a, a, c]);
    expect((await read(`ExternalSystemConfirmation eq guid'${crypto.randomUUID()}'`)).results).toEqual([]);
    // A confirmation posted after the index was built is found too.
    const d = crypto.randomUUID();
    await req('POST', `${sap.url}${CONF}/ProdnOrdConf2`, h, body('1001123', d));
    expect((await read(`ExternalSystemConfirmation eq guid'${d}'`)).results.map((r) => r.ExternalSystemConfirmation)).toEqual([d]);
    await sap.close();
  });

  it('accepts and counts duplicates by default, refuses them with 409 when asked', async () => {
    for (const reject of [false, true]) {
      const sap = await startSapSandbox({ rejectDuplicateReference: reject });
      const f = await req('HEAD', `${sap.url}${CONF}/`, { authorization: basic, 'x-csrf-token': 'fetch' });
      const h = { authorization: basic, 'x-csrf-token': String(f.headers['x-csrf-token']), cookie: (f.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') };
      const ref = crypto.randomUUID();
      await req('POST', `${sap.url}${CONF}/ProdnOrdConf2`, h, body('1001123', ref));
      const second = await req('POST', `${sap.url}${CONF}/ProdnOrdConf2`, h, body('1001123', ref));
      expect(second.status).toBe(reject ? 409 : 201);
      expect(sap.admin.counts().duplicates).toEqual(reject ? [] : [ref]);
      await sap.close();
    }
  });

  it('takes fault rules over its admin HTTP API, reports hits, and counts requests per route', async () => {
    const sap = await startSapSandbox();
    const add = await req('POST', `${sap.adminUrl}/faults`, { 'content-type': 'application/json' }, JSON.stringify({ match: { op: 'confirmation.read' }, action: { kind: 'status', status: 503, retryAfterS: 7 }, times: 2 }));
    expect(add.status).toBe(201);
    const bad = await req('POST', `${sap.adminUrl}/faults`, {}, JSON.stringify({ match: { op: 'nope' }, action: { kind: 'delay', ms: 1 } }));
    expect(bad.status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2`, { authorization: basic })).status);
    expect(statuses).toEqual([503, 503, 200]);
    const rules = JSON.parse((await req('GET', `${sap.adminUrl}/faults`)).body).rules;
    expect(rules[0]).toMatchObject({ hits: 2, matched: 3 });
    const counts = JSON.parse((await req('GET', `${sap.adminUrl}/counts`)).body);
    expect(counts.requests['GET CONF/ProdnOrdConf2']).toBe(3);
    const log = JSON.parse((await req('GET', `${sap.adminUrl}/log?since=0`)).body).entries;
    expect(log.map((e: { status: number }) => e.status)).toEqual([503, 503, 200]);
    expect((await req('GET', `${sap.url}/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/$metadata`, { authorization: basic })).body).toContain('A_ProductionOrderOperation_2');
    await sap.close();
  });

  it('drops API connections during an outage while the admin API still answers', async () => {
    const sap = await startSapSandbox();
    await req('POST', `${sap.adminUrl}/outage`, {}, '{"on":true}');
    const r = await httpRequest({ method: 'GET', url: `${sap.url}${CONF}/ProdnOrdConf2`, headers: { authorization: basic }, timeoutMs: 2000 });
    expect(r.ok).toBe(false);
    expect((await req('GET', `${sap.adminUrl}/counts`)).status).toBe(200);
    await req('POST', `${sap.adminUrl}/outage`, {}, '{"on":false}');
    expect((await req('GET', `${sap.url}${CONF}/ProdnOrdConf2`, { authorization: basic })).status).toBe(200);
    await sap.close();
  });
});

describe('REST ERP sandbox', () => {
  it('replays the same Idempotency-Key and body, refuses a reused key with another body, speaks problem+json', async () => {
    const erp = await startRestErpSandbox();
    const id = crypto.randomUUID();
    const b = { id, order: { id: '1001123', operation: '0010' }, quantities: { yield: '5', scrap: '0', unit: 'PC' } };
    const h = { 'x-api-key': 'demo-key', 'content-type': 'application/json', 'idempotency-key': id };
    const first = await req('POST', `${erp.url}/erp/v1/confirmations`, h, JSON.stringify(b));
    const again = await req('POST', `${erp.url}/erp/v1/confirmations`, h, JSON.stringify(b));
    const other = await req('POST', `${erp.url}/erp/v1/confirmations`, h, JSON.stringify({ ...b, quantities: { ...b.quantities, yield: '6' } }));
    expect([first.status, again.status, again.headers['idempotent-replayed'], other.status]).toEqual([201, 200, 'true', 422]);
    expect(JSON.parse(other.body)).toMatchObject({ code: 'KEY_REUSED', status: 422 });
    expect(other.headers['content-type']).toBe('application/problem+json');
    expect(erp.admin.counts().creates[id]).toBe(1);
    expect((await req('GET', `${erp.url}/erp/v1/confirmations?reference=${id}`, { 'x-api-key': 'demo-key' })).body).toContain('CONF-1');
    expect((await req('GET', `${erp.url}/erp/v1/confirmations`, {})).status).toBe(401);
    expect((await req('GET', `${erp.url}/erp/v1/work-orders?plant=1710&sort=x`, { 'x-api-key': 'demo-key' })).status).toBe(400);
    await erp.close();
  });
});
