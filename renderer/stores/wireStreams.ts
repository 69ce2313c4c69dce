import type { Envelope } from '../../shared/contract/envelope.ts';
import { type StreamKey, type StreamPayload, streams } from '../../shared/contract/streams.ts';
import type { Bridge } from '../bridge/index.ts';
import { applyBridgeStatus, applyConnectionStates } from './connectionStore.ts';
import { applyLiveLines } from './linesStore.ts';
import { applyNotice, applySession, applySystemInfo } from './systemStore.ts';

/**
 * The only place stores meet the bridge. Streams go straight into their store; snapshots are loaded
 * when the bridge is open at start and every time it opens again after a drop, because the core does
 * not replay what it sent while the page was away.
 */
export function wireStreams(bridge: Bridge, now: () => number = Date.now): () => void {
  const { client, transport } = bridge;
  let disposed = false;

  async function load<T>(what: string, call: () => Promise<Envelope<T>>, apply: (value: T) => void): Promise<void> {
    const res = await call();
    if (disposed) return;
    if (res.ok) apply(res.value);
    else applyNotice({ at: now(), level: 'warning', message: `Could not load ${what}: ${res.error.message}` }, 'console');
  }

  function loadSnapshots(): Promise<unknown> {
    return Promise.all([
      load('system information', () => client.invoke('system.info', {}), applySystemInfo),
      load('the signed-in user', () => client.invoke('session.current', {}), applySession),
      load('controller connections', () => client.invoke('connection.list', {}), applyConnectionStates),
      load('line states', () => client.invoke('lines.snapshot', {}), applyLiveLines),
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
        applyNotice({ at: now(), level: 'error', message: `The core sent a ${stream} message this screen cannot read; it is ignored` }, 'console');
      }
    });
  }

  const offs = [
    checked('live.lines', applyLiveLines),
    checked('connection.state', applyConnectionStates),
    checked('system.notice', (n) => applyNotice(n, 'core')),
    transport.onStatus((status) => {
      applyBridgeStatus(status);
      if (status.link === 'open') void loadSnapshots();
    }),
  ];

  const initial = transport.status();
  applyBridgeStatus(initial);
  if (initial.link === 'open') void loadSnapshots();

  return () => {
    disposed = true;
    for (const off of offs) off();
  };
}
