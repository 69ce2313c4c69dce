import type { BridgeStatus, BridgeTransport } from './bridgeStatus.ts';
import type { PlantApi } from './plantApi.d.ts';

/**
 * The desktop transport: the preload's `plantApi` over Electron IPC. The IPC channel itself cannot drop
 * while the window lives (a crashed core is the shell's concern and arrives as `system.notice` and
 * `connection.state`), so the bridge status is `open` from the start.
 */
export function createIpcTransport(api: PlantApi, now: () => number = Date.now): BridgeTransport {
  let status: BridgeStatus = { link: 'open', since: now(), attempt: 0, lastError: null };
  const statusListeners = new Set<(s: BridgeStatus) => void>();
  const offs = new Set<() => void>();
  return {
    invoke: (key, req) => api.invoke(key, req),
    on(stream, cb) {
      const off = api.on(stream, cb);
      offs.add(off);
      return () => {
        offs.delete(off);
        off();
      };
    },
    status: () => status,
    onStatus(cb) {
      statusListeners.add(cb);
      return () => {
        statusListeners.delete(cb);
      };
    },
    close() {
      for (const off of offs) off();
      offs.clear();
      status = { link: 'closed', since: now(), attempt: 0, lastError: null };
      for (const cb of [...statusListeners]) cb(status);
    },
  };
}
