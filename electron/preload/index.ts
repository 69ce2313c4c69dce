import { type IpcRendererEvent, contextBridge, ipcRenderer } from 'electron';
import { COMMAND_KEYS, STREAM_KEYS, WIRE_PREFIX } from '../../shared/contract/channels.ts';

/**
 * The preload: exposes `window.plantApi = { invoke(key, req), on(stream, cb) }` and nothing else.
 *
 * Bundled by electron-vite into one CommonJS file (out/preload/index.cjs), because a sandboxed preload
 * can require only 'electron'. Only allow-listed keys pass; the page gets payloads, never the IPC event
 * or ipcRenderer. The renderer's type for this object is renderer/bridge/plantApi.d.ts (`PlantApi`).
 */
const commandKeys: ReadonlySet<string> = new Set(COMMAND_KEYS);
const streamKeys: ReadonlySet<string> = new Set(STREAM_KEYS);

const plantApi = {
  invoke(key: string, req: unknown): Promise<unknown> {
    if (typeof key !== 'string' || !commandKeys.has(key)) {
      return Promise.resolve({ ok: false, error: { code: 'BAD_REQUEST', message: `Unknown command ${String(key)}` } });
    }
    return ipcRenderer.invoke(WIRE_PREFIX + key, req);
  },
  on(stream: string, cb: (payload: unknown) => void): () => void {
    if (typeof stream !== 'string' || !streamKeys.has(stream)) throw new Error(`Unknown stream ${String(stream)}`); // a bug, not a state
    if (typeof cb !== 'function') throw new Error('on(stream, cb): cb must be a function');
    const channel = WIRE_PREFIX + stream;
    const listener = (_event: IpcRendererEvent, payload: unknown): void => cb(payload);
    ipcRenderer.on(channel, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('plantApi', plantApi);
