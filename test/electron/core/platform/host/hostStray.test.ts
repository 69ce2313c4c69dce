import { ok } from '../../../../../shared/contract/envelope.ts';
import type { HostToMain } from '../../../../../shared/contract/hostWire.ts';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { runCoreHost } from '../../../../../electron/core/platform/host/hostRuntime.ts';
import { FakeClock, memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';

// The utility-process entry sends uncaught errors to host.stray: after start the running core takes them
// (logged, shown degraded) and the process goes on; before start they are still a crash.
describe('core host: errors that escape after start', () => {
  const make = () => {
    const posted: HostToMain[] = [];
    let onMessage: (e: { data: unknown }) => void = () => undefined;
    const reported: Array<{ what: string; error: unknown }> = [];
    const core: Core = {
      dispatch: async () => ok({}),
      openSession: () => 's1',
      closeSession: () => undefined,
      events: { subscribe: () => ({ dispose: () => undefined }) },
      reportFailure: (what, error) => void reported.push({ what, error }),
      dispose: async () => undefined,
    };
    const exits: number[] = [];
    const rt = runCoreHost(
      { on: (_e, l) => (onMessage = l), postMessage: (m) => void posted.push(m) },
      {
        startCore: async () => core,
        createPorts: () => ({ clock: new FakeClock(), logger: memoryLogger(), secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() }),
        exit: (c) => void exits.push(c),
      },
    );
    const init = () => onMessage({ data: { type: 'init', init: { configPath: '/c.json', dataDir: '/d', version: '1', logLevel: 'info', secretsDescription: 'test' } } });
    return { rt, posted, reported, exits, init };
  };

  it('before the core runs: not taken (the entry crashes as before)', () => {
    const h = make();
    expect(h.rt.stray('background work', new Error('early'))).toBe(false);
    expect(h.reported).toEqual([]);
  });

  it('after start: the core takes it, no fatal is posted and the process does not exit', async () => {
    const h = make();
    h.init();
    await h.rt.started;
    const e = new Error('late');
    expect(h.rt.stray('background work', e)).toBe(true);
    expect(h.reported).toEqual([{ what: 'background work', error: e }]);
    expect(h.posted.filter((m) => m.type === 'fatal')).toEqual([]);
    expect(h.exits).toEqual([]);
  });
});
