import type { Envelope } from '../../shared/contract/envelope.ts';
import { type StreamKey, type StreamPayload, streams } from '../../shared/contract/streams.ts';
import type { Bridge } from '../bridge/index.ts';
import { applyBridgeStatus, applyConnectionStates } from './connectionStore.ts';
import { applyLiveLines } from './linesStore.ts';
import { applyLiveSignals, applySignalDefinitions, setSignalWatchClient, watchedSignalLines } from './signalsStore.ts';
import { applyOutboxStats } from './outboxStore.ts';
import { applyDowntimeChanged } from './downtimeStore.ts';
import { applyHoldsChanged, applyHoldsList } from './holdsStore.ts';
import { applyAlertsChanged, loadAlerts } from './alertsStore.ts';
import { applyCasesChanged, loadCases } from './casesStore.ts';
import { applyControllerDetails } from './connectivityStore.ts';
import { startLiveTrends } from '../charts/liveTrends.ts';
import { applyNotice, applySystemInfo } from './systemStore.ts';
import { applyStorageStatus } from './storageStore.ts';
import { applyAuthSession, resumeSession, setResumeStorage, wireSession } from './sessionStore.ts';
import { wirePersonChange } from './wirePerson.ts';
import { setActiveClient } from '../bridge/activeClient.ts';
import { applyHealth } from './healthStore.ts';
import { msg } from '../../shared/i18n/index.ts';

/**
 * The only place stores meet the bridge. Streams go straight into their store; snapshots are loaded
 * when the bridge is open at start and every time it opens again after a drop, because the core does
 * not replay what it sent while the page was away.
 */
export function wireStreams(bridge: Bridge, now: () => number = Date.now): () => void {
  const { client, transport } = bridge;
  let disposed = false;
  setActiveClient(client);
  setSignalWatchClient(client);
  const offSession = wireSession(typeof window === 'undefined' ? null : window, () => transport.status().link === 'open');
  setResumeStorage(typeof window === 'undefined' ? null : tabStorage(window));

  async function load<T>(what: string, call: () => Promise<Envelope<T>>, apply: (value: T) => void): Promise<void> {
    const res = await call();
    if (disposed) return;
    if (res.ok) apply(res.value);
    else applyNotice({ at: now(), level: 'warning', message: `Could not load ${what}: ${res.error.message}`, msg: msg('ui.couldNotLoad') }, 'console');
  }

  async function loadSnapshots(resume: boolean): Promise<unknown> {
    // A reload or a new connection first takes back this tab's session (until its idle lock), so what
    // follows is loaded for the person who is here. (A change of person on an open connection does not:
    // the connection's session is already the person's.)
    if (resume) await resumeSession();
    if (disposed) return;
    return Promise.all([
      load('system information', () => client.invoke('system.info', {}), applySystemInfo),
      load('the state of the console core', () => client.invoke('system.health', {}), applyHealth),
      load('the signed-in user', () => client.invoke('auth.session', {}), applyAuthSession),
      load('controller connections', () => client.invoke('connection.list', {}), applyConnectionStates),
      load('line states', () => client.invoke('lines.snapshot', {}), applyLiveLines),
      load('line signals', () => client.invoke('signals.list', {}), applySignalDefinitions),
      // The core sends the signals of the lines this page shows: the watch goes again on every connection.
      load('signal values', () => client.invoke('signals.watch', { lineIds: watchedSignalLines() }), applyLiveSignals),
      load('controller details', () => client.invoke('connectivity.controllers', {}), applyControllerDetails),
      load('outbox counts', () => client.invoke('outbox.stats', {}), applyOutboxStats),
      load('quality holds', () => client.invoke('holds.list', {}), applyHoldsList),
      loadAlerts(),
      loadCases(),
    ]);
  }

  // The core validated each payload before sending; checking again here keeps a version mismatch
  // between page and core from reaching the screen as half-drawn tiles.
  const rejected = new Set<string>();
  function checked<S extends StreamKey>(stream: S, apply: (payload: StreamPayload<S>) => void): () => void {
    return client.on(stream, (payload) => {
      const parsed = streams[stream].payload.safeParse(payload);
      if (parsed.success) {
        apply(parsed.data as StreamPayload<S>);
      } else if (!rejected.has(stream)) {
        rejected.add(stream);
        applyNotice({ at: now(), level: 'error', message: `The core sent a ${stream} message this screen cannot read; it is ignored`, msg: msg('ui.unreadableData') }, 'console');
      }
    });
  }

  const offs = [
    checked('live.lines', applyLiveLines),
    checked('live.signals', applyLiveSignals),
    checked('connection.state', applyConnectionStates),
    checked('outbox.stats', applyOutboxStats),
    checked('system.notice', (n) => applyNotice(n, 'core')),
    checked('system.health', applyHealth),
    checked('system.storage', applyStorageStatus),
    checked('downtime.changed', applyDowntimeChanged),
    checked('holds.changed', applyHoldsChanged),
    checked('alerts.changed', applyAlertsChanged),
    checked('cases.changed', applyCasesChanged),
    checked('connectivity.controllers', applyControllerDetails),
    startLiveTrends(),
    transport.onStatus((status) => {
      applyBridgeStatus(status);
      if (status.link === 'open') void loadSnapshots(true);
    }),
  ];

  // Another person on this screen: what was loaded for the one before is loaded again.
  offs.push(wirePersonChange(() => void loadSnapshots(false)));

  const initial = transport.status();
  applyBridgeStatus(initial);
  if (initial.link === 'open') void loadSnapshots(true);

  return () => {
    disposed = true;
    setSignalWatchClient(null);
    setResumeStorage(null);
    offSession();
    for (const off of offs) off();
  };
}

function tabStorage(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}
