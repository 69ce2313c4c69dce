import { buildBatch, buildBatchResponse, parseBatchResponse, splitMultipart, parseEmbeddedHttp } from '../../../../../shared/erp/odataBatch.ts';
import { sapErrorMessage, classifyStatus } from '../../../../../electron/core/platform/erp/sapErrors.ts';

describe('OData $batch bodies', () => {
  it('writes one changeset per confirmation with CRLF line ends, readable back request by request', () => {
    const body = buildBatch('b1', [[{ method: 'POST', path: 'ProdnOrdConf2', body: '{"OrderID":"1"}' }], [{ method: 'POST', path: 'ProdnOrdConf2', body: '{"OrderID":"2"}' }]]);
    expect(body).toContain('--b1\r\nContent-Type: multipart/mixed; boundary=changeset_b1_0\r\n');
    expect(body.endsWith('--b1--\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toContain('\n');
    const parts = splitMultipart(body, 'b1');
    expect(parts).toHaveLength(2);
    const inner = splitMultipart(parts[1]!.body, 'changeset_b1_1').map((p) => parseEmbeddedHttp(p.body));
    expect(inner).toEqual([{ method: 'POST', path: 'ProdnOrdConf2', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"OrderID":"2"}' }]);
  });

  it('reads the contract’s response shape: a changeset with 201, then a single error part', () => {
    const text = [
      '--r1',
      'Content-Type: multipart/mixed; boundary=rc1',
      '',
      '--rc1',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 201 Created',
      'Content-Type: application/json',
      '',
      '{"d":{"ConfirmationGroup":"207","ConfirmationCount":"1"}}',
      '--rc1--',
      '--r1',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json',
      '',
      '{"error":{"code":"RU/170","message":{"lang":"en","value":"Order 1000124 is closed"}}}',
      '--r1--',
      '',
    ].join('\r\n');
    const parts = parseBatchResponse(text, 'multipart/mixed; boundary=r1')!;
    expect(parts.map((p) => [p.failed, p.responses[0]!.status])).toEqual([
      [false, 201],
      [true, 400],
    ]);
    expect(sapErrorMessage(parts[1]!.responses[0]!.body, 400)).toEqual({ message: 'Order 1000124 is closed', code: 'RU/170' });
  });

  it('round-trips what the sandbox writes', () => {
    const text = buildBatchResponse('x', [{ kind: 'changeset', responses: [{ status: 201, statusText: 'Created', body: '{"d":{}}' }] }, { kind: 'error', status: 423, statusText: 'Locked', body: '{}' }]);
    expect(parseBatchResponse(text, 'multipart/mixed; boundary=x')!.map((p) => p.responses[0]!.status)).toEqual([201, 423]);
  });
});

describe('SAP error bodies and status classes', () => {
  it('joins an array message and new error details into one sentence', () => {
    const body = JSON.stringify({ error: { code: 'X/1', message: [{ value: 'Unit KG does not match' }], innererror: { errordetails: [{ message: 'Unit KG does not match' }, { message: 'Check the order unit' }] } } });
    expect(sapErrorMessage(body, 400).message).toBe('Unit KG does not match; Check the order unit');
    expect(sapErrorMessage('<html><body>Gateway Timeout</body></html>', 504).message).toBe('Gateway Timeout');
  });

  it('follows contracts §1.1', () => {
    expect([400, 404, 422].map((s) => classifyStatus(s, false))).toEqual(['business', 'business', 'business']);
    expect([423, 429].map((s) => classifyStatus(s, false))).toEqual(['transient', 'transient']);
    expect([classifyStatus(503, true), classifyStatus(503, false), classifyStatus(500, false), classifyStatus(504, false)]).toEqual(['transient', 'unknown', 'unknown', 'unknown']);
    expect([401, 403].map((s) => classifyStatus(s, false))).toEqual(['config', 'config']);
  });
});
