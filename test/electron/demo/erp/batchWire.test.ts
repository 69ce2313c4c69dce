import { buildBatch, parseBatchResponse } from '../../../../shared/erp/odataBatch.ts';
import { BatchFormatError, readBatchRequest, writeBatchResponse } from '../../../../electron/demo/erp/batchWire.ts';

/**
 * The sandbox reads $batch with its own parser, written from RFC 2046 §5.1.1 and OData V2 "Batch
 * Processing" rather than from the adapter's shared/erp/odataBatch.ts: the adapter's writer and reader
 * are checked against it in both directions, and framing mistakes the spec forbids are refused.
 */
const B = 'batch_36522ad7-fc75-4b56-8c71-56071383e77b';
const CRLF = '\r\n';
const ct = `multipart/mixed; boundary=${B}`;

describe('the sandbox $batch reader (independent of the adapter)', () => {
  it("reads what the adapter's writer produces: two changesets, a create with a body and a function import without", () => {
    const body = buildBatch(B, [
      [{ method: 'POST', path: 'ProdnOrdConf2', body: '{"OrderID":"1001000","ConfirmationText":"a --batch_ inside the content"}' }],
      [{ method: 'POST', path: "CancelProdnOrdConf?ConfirmationGroup='100'&ConfirmationCount='1'" }],
    ]);
    const parts = readBatchRequest(ct, body);
    expect(parts).toEqual([
      { kind: 'changeset', requests: [{ method: 'POST', target: 'ProdnOrdConf2', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"OrderID":"1001000","ConfirmationText":"a --batch_ inside the content"}' }] },
      { kind: 'changeset', requests: [{ method: 'POST', target: "CancelProdnOrdConf?ConfirmationGroup='100'&ConfirmationCount='1'", headers: { accept: 'application/json' }, body: '' }] },
    ]);
  });

  it('reads a body written by hand from the OData V2 example (quoted boundary, preamble, epilogue, retrieve part)', () => {
    const cs = 'changeset_77162fcd-b8da-41ac-a9f8-9357efbbd621';
    const body = [
      'This is a preamble and is ignored.',
      `--${B}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "GET A_ProductionOrder_2('1001000') HTTP/1.1",
      'Accept: application/json',
      '',
      '',
      `--${B}`,
      `Content-Type: multipart/mixed; boundary="${cs}"`,
      '',
      `--${cs}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'POST ProdnOrdConf2 HTTP/1.1',
      'Content-Type: application/json',
      'Content-Length: 21',
      '',
      '{"OrderID":"1001000"}',
      `--${cs}--`,
      `--${B}--`,
      'epilogue, ignored',
    ].join(CRLF);
    const parts = readBatchRequest(`multipart/mixed; boundary="${B}"`, body);
    expect(parts.map((p) => (p.kind === 'retrieve' ? ['GET', p.request.target, p.request.body] : ['CS', p.requests[0]!.target, p.requests[0]!.body]))).toEqual([
      ['GET', "A_ProductionOrder_2('1001000')", ''],
      ['CS', 'ProdnOrdConf2', '{"OrderID":"1001000"}'],
    ]);
  });

  it.each([
    ['LF-only line ends', () => buildBatch(B, [[{ method: 'POST', path: 'ProdnOrdConf2', body: '{}' }]]).replace(/\r\n/g, '\n'), /not followed by CRLF|no delimiter|empty line/],
    ['no close delimiter', () => buildBatch(B, [[{ method: 'POST', path: 'ProdnOrdConf2', body: '{}' }]]).replace(`--${B}--\r\n`, ''), /close delimiter/],
    ['a GET inside a changeset', () => buildBatch(B, [[{ method: 'GET', path: 'ProdnOrdConf2' }]]), /holds a GET/],
    ['a POST outside a changeset', () => `--${B}${CRLF}Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}${CRLF}POST ProdnOrdConf2 HTTP/1.1${CRLF}${CRLF}{}${CRLF}--${B}--${CRLF}`, /outside a changeset/],
    ['no Content-Transfer-Encoding', () => buildBatch(B, [[{ method: 'POST', path: 'ProdnOrdConf2', body: '{}' }]]).replace(/Content-Transfer-Encoding: binary\r\n/g, ''), /Content-Transfer-Encoding: binary/],
    ['an HTTP/1.0 request line', () => buildBatch(B, [[{ method: 'POST', path: 'ProdnOrdConf2', body: '{}' }]]).replace('HTTP/1.1', 'HTTP/1.0'), /not an HTTP\/1\.1 request line/],
  ])('refuses %s', (_name, make, why) => {
    expect(() => readBatchRequest(ct, make())).toThrow(BatchFormatError);
    expect(() => readBatchRequest(ct, make())).toThrow(why);
  });

  it('refuses a Content-Type without a boundary or with one RFC 2046 does not allow', () => {
    expect(() => readBatchRequest('multipart/mixed', '')).toThrow(/without a boundary/);
    expect(() => readBatchRequest('multipart/mixed; boundary=a{b}', '')).toThrow(/does not allow/);
    expect(() => readBatchRequest('application/json', '')).toThrow(/must be multipart\/mixed/);
  });

  it("writes answers the adapter's reader understands: a committed changeset and a failed one in its place", () => {
    const body = writeBatchResponse('batchresponse_1', [
      { kind: 'changeset', responses: [{ status: 201, statusText: 'Created', body: '{"d":{"ConfirmationGroup":"100","ConfirmationCount":"1"}}' }] },
      { kind: 'single', response: { status: 400, statusText: 'Bad Request', body: '{"error":{"code":"RU/170","message":{"lang":"en","value":"closed"}}}' } },
    ]);
    const parts = parseBatchResponse(body, 'multipart/mixed; boundary=batchresponse_1');
    expect(parts?.map((p) => [p.failed, p.responses[0]!.status, JSON.parse(p.responses[0]!.body)])).toEqual([
      [false, 201, { d: { ConfirmationGroup: '100', ConfirmationCount: '1' } }],
      [true, 400, { error: { code: 'RU/170', message: { lang: 'en', value: 'closed' } } }],
    ]);
  });
});
