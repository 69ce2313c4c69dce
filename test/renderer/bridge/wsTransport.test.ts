import type { AddressInfo } from 'node:net';
import { type WebSocket as WsSocket, WebSocketServer } from 'ws';
import type { BridgeStatus, BridgeTransport } from '../../../renderer/bridge/bridgeStatus.ts';
import { backoffDelay, createWsTransport, type WebSocketCtor } from '../../../renderer/bridge/wsTransport.ts';

/** A real WebSocket server on 127.0.0.1 that answers invokes the way serve mode does. */
async function startServer(port = 0) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets = new Set<WsSocket>();
  let hold = false;
  const held: Array<() => void> = [];
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id: number; key: string; req: unknown };
      const answer = () => ws.send(JSON.stringify({ type: 'result', id: frame.id, envelope: { ok: true, value: { key: frame.key, req: frame.req } } }));
      if (hold) held.push(answer);
      else setTimeout(answer, frame.key === 'slow' ? 50 : 0); // answers out of order on purpose
    });
  });
  return {
    wss,
    port: (wss.address() as AddressInfo).port,
    sockets,
    hold(v: boolean) {
      hold = v;
    },
    broadcast(stream: string, payload: unknown) {
      for (const s of sockets) s.send(JSON.stringify({ type: 'event', stream, payload }));
    },
    dropAll() {
      for (const s of sockets) s.terminate();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.terminate();
      wss.close(() => resolve());
    }),
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

function waitForStatus(t: BridgeTransport, link: BridgeStatus['link'], timeoutMs = 5_000): Promise<BridgeStatus> {
  if (t.status().link === link) return Promise.resolve(t.status());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status never became ${link} (is ${t.status().link})`));
    }, timeoutMs);
    const off = t.onStatus((s) => {
      if (s.link === link) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

const NodeWebSocket = globalThis.WebSocket as unknown as WebSocketCtor;
const fastBackoff = { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 };

describe('wsTransport', () => {
  let server: Server;
  let transport: BridgeTransport | null = null;

  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    transport?.close();
    transport = null;
    await server.close();
  });

  const open = (opts: { invokeTimeoutMs?: number } = {}) => {
    transport = createWsTransport({ url: `ws://127.0.0.1:${server.port}/ws?token=t`, WebSocket: NodeWebSocket, backoff: fastBackoff, ...opts });
    return transport;
  };

  it('matches each answer to its request by id, whatever order the answers come in', async () => {
    const t = open();
    await waitForStatus(t, 'open');
    const [slow, fast] = await Promise.all([t.invoke('slow', { n: 1 }), t.invoke('fast', { n: 2 })]);
    expect(slow).toEqual({ ok: true, value: { key: 'slow', req: { n: 1 } } });
    expect(fast).toEqual({ ok: true, value: { key: 'fast', req: { n: 2 } } });
  });

  it('fails an invoke at once with UNAVAILABLE while not connected', async () => {
    const t = open();
    expect(t.status().link).toBe('connecting');
    const res = await t.invoke('system.info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('answers invokes in flight with UNAVAILABLE when the socket drops', async () => {
    const t = open();
    await waitForStatus(t, 'open');
    server.hold(true);
    const pending = t.invoke('lines.snapshot', {});
    await new Promise((r) => setTimeout(r, 30));
    server.dropAll();
    const res = await pending;
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('fails an invoke the core never answers after the timeout', async () => {
    const t = open({ invokeTimeoutMs: 100 });
    await waitForStatus(t, 'open');
    server.hold(true);
    expect(await t.invoke('lines.snapshot', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('reconnects after a drop and keeps delivering to the same stream listeners', async () => {
    const t = open();
    const received: unknown[] = [];
    t.on('live.lines', (p) => received.push(p));
    await waitForStatus(t, 'open');

    server.broadcast('live.lines', { n: 1 });
    await vi.waitFor(() => expect(received).toEqual([{ n: 1 }]));

    const statuses: string[] = [];
    t.onStatus((s) => statuses.push(s.link));
    server.dropAll();
    await waitForStatus(t, 'reconnecting');
    await waitForStatus(t, 'open');
    expect(statuses[0]).toBe('reconnecting');
    expect(statuses.at(-1)).toBe('open');

    server.broadcast('live.lines', { n: 2 });
    await vi.waitFor(() => expect(received).toEqual([{ n: 1 }, { n: 2 }]));
    expect(await t.invoke('after', {})).toMatchObject({ ok: true });
  });

  it('keeps retrying while the server is gone and connects when it comes back on the same port', async () => {
    const t = open();
    await waitForStatus(t, 'open');
    const port = server.port;
    await server.close();
    const s = await waitForStatus(t, 'reconnecting');
    expect(s.lastError).toBeTruthy();
    await vi.waitFor(() => expect(t.status().attempt).toBeGreaterThanOrEqual(2), { timeout: 3_000 });
    server = await startServer(port);
    await waitForStatus(t, 'open');
    expect(t.status().attempt).toBe(0);
  });

  it('stops a listener that unsubscribed and isolates a listener that throws', async () => {
    const t = open();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = t.on('connection.state', (p) => a.push(p));
    t.on('connection.state', () => {
      throw new Error('broken listener');
    });
    t.on('connection.state', (p) => b.push(p));
    await waitForStatus(t, 'open');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    server.broadcast('connection.state', 1);
    await vi.waitFor(() => expect(b).toEqual([1]));
    offA();
    server.broadcast('connection.state', 2);
    await vi.waitFor(() => expect(b).toEqual([1, 2]));
    spy.mockRestore();
    expect(a).toEqual([1]);
  });

  it('closes for good: no reconnect, status closed', async () => {
    const t = open();
    await waitForStatus(t, 'open');
    t.close();
    expect(t.status().link).toBe('closed');
    await new Promise((r) => setTimeout(r, 150));
    expect(server.sockets.size).toBe(0);
    expect(await t.invoke('x', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('backoffDelay', () => {
  const b = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.2 };
  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, b, 1))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
  it('takes off at most the jitter share', () => {
    expect(backoffDelay(1, b, 0)).toBe(200);
  });
});
