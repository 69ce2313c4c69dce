import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest } from '../../../../../electron/core/platform/erp/httpClient.ts';

// Issue 14 #1: everything a module starts is cancellable. A read the console gives up on (it is stopping)
// closes its connection instead of running on until its own timeout.
describe('httpRequest with an abort signal', () => {
  it('closes a request the server never answers, and answers "cancelled" at once', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => (closed = r));
    const server = http.createServer((req) => req.socket.once('close', () => closed()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const ac = new AbortController();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
      const pending = httpRequest({ method: 'GET', url, timeoutMs: 600_000, signal: ac.signal });
      await new Promise((r) => setTimeout(r, 200));
      ac.abort();
      const r = await pending;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'ABORTED', message: 'cancelled: the console is stopping' });
      await serverSawClose; // would hang (test timeout) if the socket stayed open until the 10-minute timeout
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('does not send at all when already cancelled', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => (requests++, res.end('{}')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const ac = new AbortController();
      ac.abort();
      const r = await httpRequest({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, timeoutMs: 5_000, signal: ac.signal });
      expect(r.ok === false && r.error.code).toBe('ABORTED');
      await new Promise((res) => setTimeout(res, 100));
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
