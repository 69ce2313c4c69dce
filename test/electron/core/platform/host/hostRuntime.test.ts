import { fail, ok } from '../../../../../shared/contract/envelope.ts';
import type { Core, CoreOptions, StreamListener } from '../../../../../electron/core/coreApi.ts';
import type { Ports } from '../../../../../electron/core/platform/ports/ports.ts';
import { type HostDeps, runCoreHost } from '../../../../../electron/core/platform/host/hostRuntime.ts';
import { FakeClock, memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { FakePort } from './fakeParentPort.ts';


function fakeCore() {
  const listeners = new Set<StreamListener>();
  let n = 0;
  const opened: string[] = [];
  const closed: string[] = [];
  const dispatched: Array<{ key: string; payload: unknown; session: string }> = [];
  let disposed = false;
  const core: Core = {
    async dispatch(key, payload, session) {
      dispatched.push({ key, payload, session });
      if (key === 'boom') throw new Error('kaput');
      return ok({ key, session });
    },
    openSession() {
      const id = `s${++n}`;
      opened.push(id);
      return id;
    },
    closeSession(id) {
      closed.push(id);
    },
    events: {
      subscribe(l) {
        listeners.add(l);
        return { dispose: () => listeners.delete(l) };
      },
    },
    async dispose() {
      disposed = true;
    },
  };
  return { core, opened, closed, dispatched, publish: (s: string, p: unknown) => listeners.forEach((l) => l(s, p)), disposed: () => disposed };
}

const ports = (): Ports => ({ clock: new FakeClock(), logger: memoryLogger(), secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() });
const init = { configPath: '/c.json', dataDir: '/d', version: '9.9.9', logLevel: 'info', secretsDescription: 'Electron safeStorage (test)' };

function setup(startCore?: HostDeps['startCore']) {
  const port = new FakePort();
  const fc = fakeCore();
  const exits: number[] = [];
  let gotOptions: CoreOptions | null = null;
  let gotPorts: Ports | null = null;
  const rt = runCoreHost(port, {
    startCore:
      startCore ??
      (async (o, p) => {
        gotOptions = o;
        gotPorts = p;
        return fc.core;
      }),
    createPorts: () => ports(),
    exit: (code) => exits.push(code),
    secretTimeoutMs: 1000,
  });
  return { port, fc, exits, rt, options: () => gotOptions, ports: () => gotPorts! };
}

describe('core host runtime (utility-process side)', () => {
  it('starts the core from init as a desktop host and reports ready', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    await h.rt.started;
    expect(h.options()).toEqual({ configPath: '/c.json', dataDir: '/d', host: 'desktop', version: '9.9.9' });
    expect(h.port.posted).toEqual([{ type: 'ready' }]);
    expect(h.ports().secrets.describe()).toBe('Electron safeStorage (test)');
  });

  it('answers invokes that arrived before ready, one session per client', async () => {
    const h = setup();
    h.port.send({ type: 'invoke', id: 1, client: 'window:1', key: 'system.info', req: {} });
    h.port.send({ type: 'init', init });
    h.port.send({ type: 'invoke', id: 2, client: 'window:1', key: 'lines.list', req: {} });
    h.port.send({ type: 'invoke', id: 3, client: 'window:2', key: 'lines.list', req: {} });
    await vi.waitFor(() => expect(h.port.of('result')).toHaveLength(3));
    const results = new Map(h.port.of('result').map((r) => [r.id, r.envelope]));
    expect(results.get(1)).toEqual(ok({ key: 'system.info', session: 's1' }));
    expect(results.get(2)).toEqual(ok({ key: 'lines.list', session: 's1' }));
    expect(results.get(3)).toEqual(ok({ key: 'lines.list', session: 's2' }));
    h.port.send({ type: 'closeClient', client: 'window:1' });
    expect(h.fc.closed).toEqual(['s1']);
  });

  it('turns a throwing command into an INTERNAL envelope, not a crash', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    h.port.send({ type: 'invoke', id: 5, client: 'w', key: 'boom', req: {} });
    await vi.waitFor(() => expect(h.port.of('result')).toHaveLength(1));
    expect(h.port.of('result')[0]!.envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.exits).toEqual([]);
  });

  it('forwards every core event to main', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    await h.rt.started;
    h.fc.publish('live.lines', { at: 1, lines: [] });
    expect(h.port.of('event')).toEqual([{ type: 'event', stream: 'live.lines', payload: { at: 1, lines: [] } }]);
  });

  it('reports fatal and exits 1 when the core cannot start', async () => {
    const h = setup(async () => {
      throw new Error('Plant configuration invalid');
    });
    h.port.send({ type: 'init', init });
    await expect(h.rt.started).rejects.toThrow('Plant configuration invalid');
    expect(h.port.of('fatal')[0]!.message).toContain('Plant configuration invalid');
    expect(h.exits).toEqual([1]);
  });

  it('asks main for secrets over the port', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    await h.rt.started;
    const secrets = h.ports().secrets;

    const w = secrets.write('erp.password', 'p4ss');
    const wr = h.port.of('secretRequest')[0]!;
    expect(wr).toEqual({ type: 'secretRequest', id: wr.id, op: 'write', name: 'erp.password', value: 'p4ss' });
    h.port.send({ type: 'secretResult', id: wr.id, result: { ok: true, value: null } });
    await expect(w).resolves.toEqual({ ok: true, value: undefined });

    const r = secrets.read('erp.password');
    const rr = h.port.of('secretRequest')[1]!;
    h.port.send({ type: 'secretResult', id: rr.id, result: { ok: true, value: 'p4ss' } });
    await expect(r).resolves.toEqual({ ok: true, value: 'p4ss' });

    const missing = secrets.read('nope');
    h.port.send({ type: 'secretResult', id: h.port.of('secretRequest')[2]!.id, result: { ok: false, error: 'NOT_FOUND' } });
    await expect(missing).resolves.toEqual({ ok: false, error: 'NOT_FOUND' });
  });

  it('gives the core UNAVAILABLE when main does not answer a secret request', async () => {
    vi.useFakeTimers();
    try {
      const h = setup();
      h.port.send({ type: 'init', init });
      await h.rt.started;
      const r = h.ports().secrets.read('erp.password');
      await vi.advanceTimersByTimeAsync(1000);
      await expect(r).resolves.toEqual({ ok: false, error: 'UNAVAILABLE' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends notifications to main', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    await h.rt.started;
    h.ports().notifier.notify({ title: 'Hold placed', body: 'Line 2', level: 'critical' });
    expect(h.port.of('notify')).toEqual([{ type: 'notify', title: 'Hold placed', body: 'Line 2', level: 'critical' }]);
  });

  it('disposes the core and exits 0 on shutdown; later invokes are UNAVAILABLE', async () => {
    const h = setup();
    h.port.send({ type: 'init', init });
    await h.rt.started;
    h.port.send({ type: 'shutdown' });
    await vi.waitFor(() => expect(h.exits).toEqual([0]));
    expect(h.fc.disposed()).toBe(true);
    h.port.send({ type: 'invoke', id: 9, client: 'w', key: 'system.info', req: {} });
    expect(h.port.of('result')).toMatchObject([{ type: 'result', id: 9, envelope: fail('UNAVAILABLE', 'The console core is shutting down') }]);
  });

  it('waits for a core that is still starting before disposing it on shutdown', async () => {
    const fc = fakeCore();
    let release!: () => void;
    const h = setup(() => new Promise((resolve) => (release = () => resolve(fc.core))));
    h.port.send({ type: 'init', init });
    h.port.send({ type: 'shutdown' });
    await Promise.resolve();
    expect(h.exits).toEqual([]);
    release();
    await vi.waitFor(() => expect(h.exits).toEqual([0]));
    expect(fc.disposed()).toBe(true);
  });

  it('ignores malformed messages and a second init', async () => {
    const h = setup();
    h.port.send('hello');
    h.port.send({ type: 'invoke', id: -1, client: 'w', key: 'x' });
    h.port.send({ type: 'init', init });
    h.port.send({ type: 'init', init });
    await h.rt.started;
    expect(h.port.of('ready')).toHaveLength(1);
    expect(h.port.of('result')).toEqual([]);
  });
});
