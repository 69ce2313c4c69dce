import type { HostToMain, MainToHost } from '../../../shared/contract/hostWire.ts';
import { errResult, okResult } from '../../../shared/result.ts';
import { type ChildLike, type CoreHostOptions, createCoreHost } from '../../../electron/main/coreHost.ts';
import type { SecretStore } from '../../../electron/core/platform/ports/ports.ts';

class FakeChild implements ChildLike {
  sent: MainToHost[] = [];
  killed = false;
  private msg: Array<(m: unknown) => void> = [];
  private exit: Array<(code: number) => void> = [];
  postMessage(m: MainToHost): void {
    this.sent.push(structuredClone(m));
  }
  kill(): void {
    this.killed = true;
  }
  onMessage(cb: (m: unknown) => void): void {
    this.msg.push(cb);
  }
  onExit(cb: (code: number) => void): void {
    this.exit.push(cb);
  }
  emit(m: HostToMain | unknown): void {
    for (const cb of this.msg) cb(structuredClone(m));
  }
  die(code: number): void {
    for (const cb of this.exit) cb(code);
  }
  invokes(): Extract<MainToHost, { type: 'invoke' }>[] {
    return this.sent.filter((m): m is Extract<MainToHost, { type: 'invoke' }> => m.type === 'invoke');
  }
}

const memorySecrets = (): SecretStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    read: async (n) => (data.has(n) ? okResult(data.get(n)!) : errResult('NOT_FOUND')),
    write: async (n, v) => {
      data.set(n, v);
      return okResult(undefined);
    },
    describe: () => 'memory',
  };
};

function setup(overrides: Partial<CoreHostOptions> = {}) {
  const children: FakeChild[] = [];
  const streams: Array<{ stream: string; payload: unknown }> = [];
  const notifications: unknown[] = [];
  const secrets = memorySecrets();
  let t = 1_000_000;
  const host = createCoreHost({
    spawn: () => {
      const c = new FakeChild();
      children.push(c);
      return c;
    },
    init: () => ({ configPath: '/cfg.json', dataDir: '/data', version: '1.2.3', logLevel: 'info', secretsDescription: 'memory' }),
    secrets,
    notify: (n) => notifications.push(n),
    onStream: (stream, payload) => streams.push({ stream, payload }),
    log: () => undefined,
    now: () => t,
    backoff: { initialMs: 1000, maxMs: 8000, stableMs: 60_000 },
    invokeTimeoutMs: 30_000,
    shutdownTimeoutMs: 2000,
    ...overrides,
  });
  return {
    host,
    children,
    streams,
    notifications,
    secrets,
    latest: () => children.at(-1)!,
    advanceClock: (ms: number) => {
      t += ms;
    },
    notices: () => streams.filter((s) => s.stream === 'system.notice').map((s) => s.payload as { level: string; message: string }),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('core host supervisor', () => {
  it('sends init first, queues invokes until ready, then forwards them and answers from results', async () => {
    const h = setup();
    h.host.start();
    const c = h.latest();
    expect(c.sent[0]).toEqual({ type: 'init', init: expect.objectContaining({ configPath: '/cfg.json', version: '1.2.3' }) });

    const p = h.host.invoke('window:1', 'system.info', {});
    expect(c.invokes()).toEqual([]); // still starting
    c.emit({ type: 'ready' });
    const [inv] = c.invokes();
    expect(inv).toMatchObject({ client: 'window:1', key: 'system.info', req: {} });
    c.emit({ type: 'result', id: inv!.id, envelope: { ok: true, value: { version: '1.2.3' } } });
    await expect(p).resolves.toEqual({ ok: true, value: { version: '1.2.3' } });
    expect(h.host.state()).toBe('ready');
  });

  it('passes core events through, including streams main does not know (the bridge filters)', () => {
    const h = setup();
    h.host.start();
    h.latest().emit({ type: 'ready' });
    h.latest().emit({ type: 'event', stream: 'live.lines', payload: { at: 1, lines: [] } });
    expect(h.streams).toEqual([{ stream: 'live.lines', payload: { at: 1, lines: [] } }]);
  });

  it('ignores malformed messages from the child', () => {
    const h = setup();
    h.host.start();
    h.latest().emit({ type: 'result' });
    h.latest().emit('nonsense');
    h.latest().emit({ type: 'event' });
    expect(h.streams).toEqual([]);
  });

  it('answers pending invokes UNAVAILABLE when the core dies, says so, and restarts it with backoff', async () => {
    const h = setup();
    h.host.start();
    const first = h.latest();
    first.emit({ type: 'ready' });
    const p = h.host.invoke('window:1', 'lines.list', {});
    first.die(139);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(h.notices()).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('exit code 139') })]);
    expect(h.host.state()).toBe('backoff');

    // While it is down, invokes fail fast instead of hanging.
    await expect(h.host.invoke('window:1', 'lines.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    vi.advanceTimersByTime(999);
    expect(h.children).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(h.children).toHaveLength(2);
    const second = h.latest();
    expect(second.sent[0]?.type).toBe('init');
    second.emit({ type: 'ready' });
    expect(h.notices().at(-1)).toMatchObject({ level: 'info', message: expect.stringContaining('restarted') });
    expect(h.host.restarts()).toBe(1);
  });

  it('doubles the delay on repeated crashes up to the cap, and resets it after a stable run', () => {
    const h = setup();
    h.host.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const n = h.children.length;
      h.latest().die(1); // dies while starting: never became ready
      let waited = 0;
      while (h.children.length === n) {
        vi.advanceTimersByTime(500);
        waited += 500;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);

    h.latest().emit({ type: 'ready' });
    h.advanceClock(61_000); // ran longer than stableMs
    const n = h.children.length;
    h.latest().die(1);
    vi.advanceTimersByTime(1000);
    expect(h.children.length).toBe(n + 1);
  });

  it('says a fatal error in words on the screen, the core\'s own reason in the log (issue 18: no English library text in a notice)', () => {
    const logged: unknown[] = [];
    const h = setup({ log: (_l, _m, fields) => void logged.push(fields) });
    h.host.start();
    h.latest().emit({ type: 'fatal', message: 'The core could not start: config invalid' });
    h.latest().die(1);
    expect(h.notices()[0]?.message).toContain('it reported a fatal error');
    expect(h.notices()[0]?.message).not.toContain('config invalid');
    expect(logged).toContainEqual(expect.objectContaining({ why: 'The core could not start: config invalid' }));
  });

  it('treats a failing fork like a crash', () => {
    let calls = 0;
    const h = setup({
      spawn: () => {
        calls += 1;
        throw new Error('ENOENT coreHost.js');
      },
    });
    h.host.start();
    expect(h.host.state()).toBe('backoff');
    expect(h.notices()[0]?.message).toContain('the core process could not be started');
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(2);
  });

  it('times out an invoke the core never answers', async () => {
    const h = setup();
    h.host.start();
    h.latest().emit({ type: 'ready' });
    const p = h.host.invoke('window:1', 'lines.snapshot', {});
    vi.advanceTimersByTime(30_000);
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('did not answer') } });
  });

  it('answers the core’s secret requests from the main-side store', async () => {
    const h = setup();
    h.host.start();
    const c = h.latest();
    c.emit({ type: 'ready' });
    c.emit({ type: 'secretRequest', id: 7, op: 'write', name: 'erp.password', value: 's3cret' });
    await vi.waitFor(() => expect(c.sent.filter((m) => m.type === 'secretResult')).toHaveLength(1));
    expect(h.secrets.data.get('erp.password')).toBe('s3cret');
    c.emit({ type: 'secretRequest', id: 8, op: 'read', name: 'erp.password' });
    c.emit({ type: 'secretRequest', id: 9, op: 'read', name: 'missing' });
    await vi.waitFor(() => expect(c.sent.filter((m) => m.type === 'secretResult')).toHaveLength(3));
    expect(c.sent.filter((m) => m.type === 'secretResult')).toEqual([
      { type: 'secretResult', id: 7, result: { ok: true, value: null } },
      { type: 'secretResult', id: 8, result: { ok: true, value: 's3cret' } },
      { type: 'secretResult', id: 9, result: { ok: false, error: 'NOT_FOUND' } },
    ]);
  });

  it('turns notify messages into desktop notifications', () => {
    const h = setup();
    h.host.start();
    h.latest().emit({ type: 'notify', title: 'Line 1', body: 'Stopped 10 min', level: 'warning' });
    expect(h.notifications).toEqual([{ title: 'Line 1', body: 'Stopped 10 min', level: 'warning' }]);
  });

  it('stops cleanly: shutdown, wait for exit, no restart, later invokes UNAVAILABLE', async () => {
    const h = setup();
    h.host.start();
    const c = h.latest();
    c.emit({ type: 'ready' });
    const stopped = h.host.stop();
    expect(c.sent.at(-1)).toEqual({ type: 'shutdown' });
    c.die(0);
    await stopped;
    expect(h.host.state()).toBe('stopped');
    vi.advanceTimersByTime(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.notices()).toEqual([]);
    await expect(h.host.invoke('window:1', 'system.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('kills a core that does not stop in time', async () => {
    const h = setup();
    h.host.start();
    const c = h.latest();
    c.emit({ type: 'ready' });
    const stopped = h.host.stop();
    await vi.advanceTimersByTimeAsync(2000);
    await stopped;
    expect(c.killed).toBe(true);
    expect(h.host.state()).toBe('stopped');
  });

  it('stopping during backoff cancels the restart', async () => {
    const h = setup();
    h.host.start();
    h.latest().die(1);
    await h.host.stop();
    vi.advanceTimersByTime(60_000);
    expect(h.children).toHaveLength(1);
  });

  it('tells the core when a window goes away', () => {
    const h = setup();
    h.host.start();
    h.latest().emit({ type: 'ready' });
    h.host.closeClient('window:1');
    expect(h.latest().sent.at(-1)).toEqual({ type: 'closeClient', client: 'window:1' });
  });
});
