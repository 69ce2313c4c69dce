import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ok } from '../../../../../shared/contract/envelope.ts';
import type { Core, CoreOptions } from '../../../../../electron/core/coreApi.ts';
import { runCoreHost } from '../../../../../electron/core/platform/host/hostRuntime.ts';
import { FakeClock, memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { FakePort } from './fakeParentPort.ts';

// The desktop console an administrator designates as the plant hub (docs/hub.md): the utility process runs
// the core as always and the same hub listener as `npm run serve -- --hub` beside it.


const core = (): Core => ({
  dispatch: async (key) => ok({ key }),
  openSession: () => 's1',
  closeSession: () => undefined,
  events: { subscribe: () => ({ dispose: () => undefined }) },
  dispose: async () => undefined,
});

function setup() {
  const port = new FakePort();
  let options: CoreOptions | null = null;
  const exits: number[] = [];
  const rt = runCoreHost(port, {
    startCore: async (o) => {
      options = o;
      return core();
    },
    createPorts: () => ({ clock: new FakeClock(), logger: memoryLogger(), secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() }),
    exit: (code) => exits.push(code),
  });
  return { port, rt, exits, options: () => options };
}

const connects = (p: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(p, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('core host runtime as the designated hub', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-hub-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts the core with the hub fingerprint, then the hub listener; tells main the address; closes it at shutdown', async () => {
    const h = setup();
    h.port.send({ type: 'init', init: { configPath: '/c.json', dataDir: dir, version: '1', logLevel: 'info', secretsDescription: 't', hub: { bind: '127.0.0.1', port: 0, staticDir: dir } } });
    await vi.waitFor(() => expect(h.port.posted.some((m) => m.type === 'hub')).toBe(true), { timeout: 60_000 });
    const hub = h.port.posted.find((m) => m.type === 'hub')!;
    if (hub.type !== 'hub' || !('fingerprint' in hub.status)) throw new Error(`no hub: ${JSON.stringify(hub)}`);
    expect(h.options()?.hub).toEqual({ fingerprint: hub.status.fingerprint });
    expect(h.port.posted.map((m) => m.type)).toEqual(['ready', 'hub']);
    const listenPort = Number(new URL(hub.status.url).port);
    expect(await connects(listenPort)).toBe(true);
    h.port.send({ type: 'shutdown' });
    await vi.waitFor(() => expect(h.exits).toEqual([0]));
    expect(await connects(listenPort)).toBe(false);
  }, 90_000);

  it('refuses to start the listener when the data folder cannot hold the hub identity; the core still runs, without the hub', async () => {
    const notAFolder = path.join(dir, 'data');
    fs.writeFileSync(notAFolder, 'not a folder');
    const h = setup();
    h.port.send({ type: 'init', init: { configPath: '/c.json', dataDir: notAFolder, version: '1', logLevel: 'info', secretsDescription: 't', hub: { bind: '127.0.0.1', port: 0, staticDir: dir } } });
    await h.rt.started;
    const hub = h.port.posted.find((m) => m.type === 'hub');
    expect(hub).toEqual({ type: 'hub', status: { problem: expect.stringContaining('The hub is not started') } });
    expect(h.options()?.hub).toBeUndefined();
    expect(h.port.posted.map((m) => m.type)).toEqual(['hub', 'ready']);
    expect(h.exits).toEqual([]);
  }, 60_000);
});
