import { isCommandKey } from '../../../shared/contract/commands.ts';
import { createClient } from '../../../shared/contract/client.ts';
import { fail, ok } from '../../../shared/contract/envelope.ts';
import { ANONYMOUS_VIEWER } from '../../../shared/domain/actor.ts';
import type { BridgeStatus, BridgeTransport } from '../../../renderer/bridge/bridgeStatus.ts';
import { connectionStore, initialConnectionState } from '../../../renderer/stores/connectionStore.ts';
import { initialLinesState, linesStore } from '../../../renderer/stores/linesStore.ts';
import { initialSystemState, systemStore } from '../../../renderer/stores/systemStore.ts';
import { wireStreams } from '../../../renderer/stores/wireStreams.ts';
import { aController, aLine, connectionStates, liveLines } from '../fixtures.ts';

const INFO = {
  productName: 'Plant Operations Console',
  version: '0.1.0',
  plantId: 'demo',
  plantName: 'Demo Plant',
  mode: 'demo',
  timeZone: 'Europe/Berlin',
  startedAt: 1,
  host: 'test',
} as const;

/** An in-memory transport: scripted answers, pushable streams, settable link status. */
function fakeTransport(initial: BridgeStatus['link']) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(s: BridgeStatus) => void>();
  let status: BridgeStatus = { link: initial, since: 1, attempt: 0, lastError: null };
  const calls: string[] = [];
  let snapshotAt = 100;
  const answers: Record<string, () => unknown> = {
    'system.info': () => ok(INFO),
    'auth.session': () => ok({ actor: ANONYMOUS_VIEWER, signedIn: false, viewerOnly: false, locked: null, idleLockMinutes: 5, lockAt: null, needsBootstrap: false }),
    'connection.list': () => ok(connectionStates(100, [aController()])),
    'lines.snapshot': () => ok(liveLines(snapshotAt, [aLine({ good: { value: snapshotAt, quality: 'good', at: snapshotAt } })])),
  };
  const transport: BridgeTransport = {
    async invoke(key) {
      calls.push(key);
      // Snapshots of other domains (holds, alerts, outbox…) have their own store tests: left unanswered here.
      const answer = answers[key];
      return answer ? answer() : new Promise(() => {});
    },
    on(stream, cb) {
      const set = listeners.get(stream) ?? new Set();
      listeners.set(stream, set);
      set.add(cb);
      return () => set.delete(cb);
    },
    status: () => status,
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    close() {},
  };
  return {
    transport,
    calls,
    answers,
    setSnapshotAt: (at: number) => {
      snapshotAt = at;
    },
    push: (stream: string, payload: unknown) => listeners.get(stream)?.forEach((cb) => cb(payload)),
    setLink(link: BridgeStatus['link']) {
      status = { link, since: 2, attempt: 0, lastError: null };
      statusListeners.forEach((cb) => cb(status));
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) + statusListeners.size,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('wireStreams', () => {
  beforeEach(() => {
    linesStore.setState(initialLinesState, true);
    connectionStore.setState(initialConnectionState, true);
    systemStore.setState(initialSystemState, true);
  });

  it('loads every snapshot at start when the bridge is open, each once', async () => {
    const f = fakeTransport('open');
    const off = wireStreams({ client: createClient(f.transport), transport: f.transport });
    await flush();
    expect(f.calls).toEqual(expect.arrayContaining(['system.info', 'auth.session', 'connection.list', 'lines.snapshot']));
    expect(new Set(f.calls).size).toBe(f.calls.length);
    for (const key of f.calls) expect(isCommandKey(key), key).toBe(true);
    expect(systemStore.getState().info?.plantName).toBe('Demo Plant');
    expect(systemStore.getState().actor).toEqual(ANONYMOUS_VIEWER);
    expect(connectionStore.getState().controllerIds).toEqual(['plc-1']);
    expect(linesStore.getState().lineIds).toEqual(['L1']);
    expect(connectionStore.getState().bridge.link).toBe('open');
    off();
    expect(f.listenerCount()).toBe(0);
  });

  it('waits for the bridge to open, and loads again after a reconnect', async () => {
    const f = fakeTransport('connecting');
    const off = wireStreams({ client: createClient(f.transport), transport: f.transport });
    await flush();
    expect(f.calls).toEqual([]);
    f.setLink('open');
    await flush();
    const perLoad = f.calls.length;
    expect(perLoad).toBeGreaterThanOrEqual(4);
    f.setLink('reconnecting');
    expect(connectionStore.getState().bridge.link).toBe('reconnecting');
    f.setSnapshotAt(500);
    f.setLink('open');
    await flush();
    expect(f.calls).toHaveLength(2 * perLoad);
    expect(linesStore.getState().byId.L1?.good.value).toBe(500);
    // The lines whose signals this page shows are asked for again on every connection.
    expect(f.calls.filter((k) => k === 'signals.watch')).toHaveLength(2);
    off();
  });

  it('puts stream messages into their stores', async () => {
    const f = fakeTransport('connecting');
    const off = wireStreams({ client: createClient(f.transport), transport: f.transport });
    f.push('live.lines', liveLines(7, [aLine({ lineId: 'L9' })]));
    f.push('connection.state', connectionStates(7, [aController({ controllerId: 'c9', link: 'disconnected' })]));
    f.push('system.notice', { at: 7, level: 'warning', message: 'core restarted' });
    expect(linesStore.getState().lineIds).toEqual(['L9']);
    expect(connectionStore.getState().controllers.c9?.link).toBe('disconnected');
    expect(systemStore.getState().notices[0]).toMatchObject({ message: 'core restarted', source: 'core' });
    off();
  });

  it('ignores a stream message it cannot read and says so once', async () => {
    const f = fakeTransport('connecting');
    const off = wireStreams({ client: createClient(f.transport), transport: f.transport });
    f.push('live.lines', { at: 1, lines: [{ lineId: 'L1' }] });
    f.push('live.lines', { nonsense: true });
    expect(linesStore.getState().lineIds).toEqual([]);
    expect(systemStore.getState().notices).toHaveLength(1);
    expect(systemStore.getState().notices[0]).toMatchObject({ level: 'error', source: 'console' });
    off();
  });

  it('turns a failed snapshot load into a notice', async () => {
    const f = fakeTransport('open');
    f.answers['lines.snapshot'] = () => fail('UNAVAILABLE', 'core busy');
    const off = wireStreams({ client: createClient(f.transport), transport: f.transport });
    await flush();
    expect(systemStore.getState().notices.map((n) => n.message)).toEqual(['Could not load line states: core busy']);
    off();
  });
});
