import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { type ChildLike, type CoreHost, createCoreHost } from '../../../electron/main/coreHost.ts';
import { startDemoPlant, type DemoPlant } from '../../../electron/demo/DemoPlant.ts';
import type { MainToHost } from '../../../shared/contract/hostWire.ts';
import { memorySecrets } from '../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../fixtures/tempDir.ts';

// The desktop's process split without Electron: main's supervisor (electron/main/coreHost.ts) drives the
// real utility-process entry (electron/core/platform/host/utilityProcessEntry.ts) running the real core in a
// separate Node process, against the demo plant on 127.0.0.1. Only the transport differs from Electron
// (fork IPC instead of a utilityProcess MessagePort; see fixtures/parentPortShim.ts).

const shim = path.join(import.meta.dirname, 'fixtures', 'parentPortShim.ts');

function fromChildProcess(c: ChildProcess): ChildLike {
  return {
    postMessage: (m: MainToHost) => {
      if (c.connected) c.send(m);
    },
    kill: () => {
      c.kill('SIGKILL');
    },
    onMessage: (cb) => {
      c.on('message', cb);
    },
    onExit: (cb) => {
      c.on('exit', (code, signal) => cb(code ?? (signal ? 128 : -1)));
    },
  };
}

let tmp: ReturnType<typeof makeTempDir>;
let plant: DemoPlant;
let host: CoreHost;
const children: ChildProcess[] = [];
const streams: Array<{ stream: string; payload: unknown }> = [];

const notices = () => streams.filter((s) => s.stream === 'system.notice').map((s) => s.payload as { level: string; message: string });

beforeAll(async () => {
  tmp = makeTempDir('plant-console-corehost-');
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  host = createCoreHost({
    spawn: () => {
      const c = fork(shim, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      children.push(c);
      return fromChildProcess(c);
    },
    init: () => ({
      configPath: demoPlantConfigPath,
      dataDir: path.join(tmp.dir, 'data'),
      version: '0.0.0-shell',
      logLevel: 'warn',
      secretsDescription: 'test secrets',
      endpointOverrides: { 'demo-plc': plant.endpointUrl },
    }),
    secrets: memorySecrets(),
    notify: () => undefined,
    onStream: (stream, payload) => streams.push({ stream, payload }),
    log: () => undefined,
    backoff: { initialMs: 100, maxMs: 1000, stableMs: 60_000 },
    invokeTimeoutMs: 20_000,
  });
  host.start();
}, 60_000);

afterAll(async () => {
  await host?.stop();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await plant?.stop();
  tmp?.cleanup();
});

describe('core in a separate process behind the main-side supervisor', () => {
  it('answers a command from the window as a desktop host', async () => {
    const r = await host.invoke('window:1', 'system.info', {});
    expect(r).toMatchObject({ ok: true, value: { host: 'desktop', version: '0.0.0-shell', plantId: 'demo' } });
    expect(host.state()).toBe('ready');
  });

  it('validates requests in the core (the shell passes them through untouched)', async () => {
    const r = await host.invoke('window:1', 'system.info', { unexpected: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('delivers core streams to main', async () => {
    await vi.waitFor(() => expect(streams.some((s) => s.stream === 'connection.state' || s.stream === 'live.lines')).toBe(true), { timeout: 15_000 });
  });

  it('restarts a killed core, says so on system.notice, and serves again', async () => {
    const first = children.at(-1)!;
    first.kill('SIGKILL');
    await vi.waitFor(() => expect(notices().some((n) => n.level === 'error' && n.message.includes('stopped unexpectedly'))).toBe(true), { timeout: 5000 });
    await vi.waitFor(() => expect(host.state()).toBe('ready'), { timeout: 20_000 });
    expect(children.length).toBe(2);
    expect(notices().at(-1)).toMatchObject({ level: 'info', message: expect.stringContaining('restarted') });
    const r = await host.invoke('window:1', 'system.info', {});
    expect(r).toMatchObject({ ok: true, value: { host: 'desktop' } });
  }, 30_000);

  it('shuts the core down cleanly (exit code 0, no restart)', async () => {
    const last = children.at(-1)!;
    const exited = new Promise<number | null>((resolve) => last.once('exit', (code) => resolve(code)));
    await host.stop();
    expect(await exited).toBe(0);
    expect(host.state()).toBe('stopped');
    expect(children.length).toBe(2);
  }, 15_000);
});
