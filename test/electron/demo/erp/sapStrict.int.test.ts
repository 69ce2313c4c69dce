import http from 'node:http';
import { startSapSandbox } from '../../../../electron/demo/erp/sapSandbox.ts';

/** The SAP sandbox holds requests to the published service definitions (electron/demo/erp/edmx/). */
const auth = `Basic ${Buffer.from('CONSOLE:demo').toString('base64')}`;
function call(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(url, { method, headers: { authorization: auth, accept: 'application/json', ...headers } }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('SAP sandbox: as strict as the published definitions', () => {
  it('serves the published $metadata and refuses unknown $select and $filter properties', async () => {
    const sap = await startSapSandbox();
    const conf = `${sap.url}/API_PROD_ORDER_CONFIRMATION_2_SRV`;
    const meta = await call('GET', `${conf}/$metadata`);
    expect(meta.body).toContain('<EntityType Name="ProdnOrdConf2Type"');
    expect((await call('GET', `${sap.url}/API_MATERIAL_DOCUMENT_SRV/$metadata`)).body).toContain('Name="GoodsMovementIsCancelled"');
    expect((await call('GET', `${conf}/ProdnOrdConf2?$select=ConfirmationGroup,CancelledConfirmationCount`)).status).toBe(400);
    const f = await call('GET', `${conf}/ProdnOrdConf2?$filter=${encodeURIComponent("NoSuchField eq 'x'")}`);
    expect([f.status, JSON.parse(f.body).error.message.value]).toEqual([400, expect.stringMatching(/NoSuchField/)]);
    expect((await call('GET', `${conf}/ProdnOrdConf2?$select=ConfirmationGroup,ExternalSystemConfirmation&$top=1`)).status).toBe(200);
    await sap.close();
  });

  it('refuses a create with an unknown property, a wrong type or a missing mandatory field', async () => {
    const sap = await startSapSandbox();
    const conf = `${sap.url}/API_PROD_ORDER_CONFIRMATION_2_SRV`;
    const t = await call('HEAD', `${conf}/`, { 'x-csrf-token': 'fetch' });
    const session = { 'x-csrf-token': String(t.headers['x-csrf-token']), cookie: (t.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '), 'content-type': 'application/json' };
    const post = (b: Record<string, unknown>) => call('POST', `${conf}/ProdnOrdConf2`, session, JSON.stringify(b));
    const ok = { OrderID: '1001000', OrderOperation: '0010', ConfirmationUnit: 'PC', ConfirmationYieldQuantity: '1' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, IsCancelled: true }, /Property 'IsCancelled' is invalid/],
      [{ ...ok, ConfirmationYieldQuantity: 5 }, /ConfirmationYieldQuantity must be a decimal in a string/],
      [{ ...ok, ConfirmationYieldQuantity: '1.2345' }, /more digits than 13,3/],
      [{ ...ok, ConfirmedExecutionStartTime: '21:00:00' }, /Edm\.Time/],
      [{ ...ok, PostingDate: '2026-03-02' }, /Edm\.DateTime/],
      [{ ...ok, ConfirmationText: 'x'.repeat(41) }, /longer than 40/],
      [{ OrderOperation: '0010' }, /Mandatory field OrderID/],
    ];
    for (const [body, why] of cases) {
      const r = await post(body);
      expect([r.status, JSON.parse(r.body).error.message.value]).toEqual([400, expect.stringMatching(why)]);
    }
    expect(sap.admin.records('confirmations')).toEqual([]);
    await sap.close();
  });

  it('refuses a malformed $batch with 400 and the reason', async () => {
    const sap = await startSapSandbox();
    const conf = `${sap.url}/API_PROD_ORDER_CONFIRMATION_2_SRV`;
    const t = await call('HEAD', `${conf}/`, { 'x-csrf-token': 'fetch' });
    const r = await call('POST', `${conf}/$batch`, { 'x-csrf-token': String(t.headers['x-csrf-token']), cookie: (t.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '), 'content-type': 'multipart/mixed; boundary=b1' }, '--b1\nContent-Type: application/http\n\nGET x HTTP/1.1\n\n--b1--\n');
    expect([r.status, JSON.parse(r.body).error.message.value]).toEqual([400, expect.stringMatching(/Malformed \$batch request/)]);
    await sap.close();
  });
});
