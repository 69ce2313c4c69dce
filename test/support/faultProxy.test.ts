import net from 'node:net';
import { startFaultProxy, type FaultProxy } from './faultProxy.ts';

/** An echo server on 127.0.0.1 port 0: whatever arrives goes back. */
let echo: net.Server;
let echoPort: number;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  echo = net.createServer((s) => {
    s.on('data', (d) => s.write(d));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoPort = (echo.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await new Promise<void>((r) => echo.close(() => r()));
});

async function proxy(): Promise<FaultProxy> {
  const p = await startFaultProxy({ upstreamPort: echoPort });
  proxies.push(p);
  return p;
}

interface Client {
  sock: net.Socket;
  received(): string;
  closed: Promise<{ error: string | null }>;
}

async function connect(port: number): Promise<Client> {
  const sock = net.connect({ host: '127.0.0.1', port });
  let data = '';
  let error: string | null = null;
  sock.on('data', (d) => (data += d.toString()));
  sock.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const closed = new Promise<{ error: string | null }>((r) => sock.on('close', () => r({ error })));
  await new Promise<void>((r, j) => {
    sock.once('connect', () => r());
    sock.once('error', j);
  });
  return { sock, received: () => data, closed };
}

async function until(cond: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

describe('TCP fault proxy', () => {
  it('passes bytes both ways unchanged', async () => {
    const p = await proxy();
    const c = await connect(p.port);
    c.sock.write('hello');
    expect(await until(() => c.received() === 'hello')).toBe(true);
    expect(p.stats()).toMatchObject({ accepted: 1, bytesUp: 5, bytesDown: 5 });
    c.sock.destroy();
  });

  it('delays each chunk by the latency and keeps the order', async () => {
    const p = await proxy();
    const c = await connect(p.port);
    p.set({ kind: 'latency', ms: 150, jitterMs: 30 });
    const t0 = Date.now();
    c.sock.write('a');
    c.sock.write('b');
    expect(await until(() => c.received() === 'ab')).toBe(true);
    // Up and down are each delayed: at least 2 × 150 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    c.sock.destroy();
  });

  it('resets the connection with RST after N bytes', async () => {
    const p = await proxy();
    const c = await connect(p.port);
    p.set({ kind: 'reset_peer', afterBytes: 10 });
    c.sock.write('12345');
    expect(await until(() => c.received() === '12345')).toBe(true);
    c.sock.write('67890');
    const { error } = await c.closed;
    expect(error).toBe('ECONNRESET');
    expect(p.stats().resets).toBe(1);
  });

  it('black-holes traffic while keeping the sockets open, then closes after ms', async () => {
    const p = await proxy();
    const c = await connect(p.port);
    p.set({ kind: 'timeout' });
    c.sock.write('lost');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.received()).toBe('');
    expect(c.sock.destroyed).toBe(false);
    expect(p.openConnections()).toBe(1);
    p.set({ kind: 'timeout', ms: 100 });
    await c.closed;
    expect(p.openConnections()).toBe(0);
  });

  it('when down, closes open connections and refuses new ones until pass', async () => {
    const p = await proxy();
    const c = await connect(p.port);
    p.set({ kind: 'down' });
    expect((await c.closed).error).toBe('ECONNRESET');
    const refused = await connect(p.port).then(
      (x) => x.closed,
      () => ({ error: 'refused' }),
    );
    expect(refused.error).not.toBeNull();
    expect(p.stats().refused).toBeGreaterThanOrEqual(1);
    p.set({ kind: 'pass' });
    const d = await connect(p.port);
    d.sock.write('back');
    expect(await until(() => d.received() === 'back')).toBe(true);
    d.sock.destroy();
  });
});
