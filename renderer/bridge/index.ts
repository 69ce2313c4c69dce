import { type PlantClient, createClient } from '../../shared/contract/client.ts';
import type { BridgeTransport } from './bridgeStatus.ts';
import { createIpcTransport } from './ipcTransport.ts';
import { createWsTransport } from './wsTransport.ts';

export type { BridgeLink, BridgeStatus, BridgeTransport } from './bridgeStatus.ts';

/** The renderer's one way to the core: a typed client plus the status of the link under it. */
export interface Bridge {
  readonly client: PlantClient;
  readonly transport: BridgeTransport;
}

const TOKEN_KEY = 'plant-console.token';

/**
 * Serve mode's per-launch token: from `?token=` on first load, then from sessionStorage so a reload of
 * the tab still works. The token is taken out of the address bar so it does not end up in screenshots,
 * bookmarks or over a shoulder.
 */
export function takeServeToken(loc: Location, storage: Storage | null, history: History | null): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    params.delete('token');
    const rest = params.toString();
    history?.replaceState(history.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** ws:// or wss:// on the page's own host, path /ws. */
export function serveSocketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Desktop (preload present) → IPC; anything else is serve mode → WebSocket. */
export function createBridge(win: Window = window): Bridge {
  // The desktop app attached to a plant hub (docs/hub.md) loads its page from the loopback relay with a
  // serve token: that page talks WebSocket like a browser, although the preload is there.
  const transport = win.plantApi && !servedWithToken(win) ? createIpcTransport(win.plantApi) : createServeTransport(win);
  return { client: createClient(transport), transport };
}

function createServeTransport(win: Window): BridgeTransport {
  let storage: Storage | null = null;
  try {
    storage = win.sessionStorage;
  } catch {
    storage = null;
  }
  const token = takeServeToken(win.location, storage, win.history);
  // Without a token the server refuses the upgrade anyway; connecting would only retry forever.
  return createWsTransport({ url: serveSocketUrl(win.location, token ?? ''), explainDrop: () => attachProblem(win, token), ...(token ? {} : { WebSocket: noTokenSocket }) });
}

/**
 * On an attached console (docs/hub.md) the local relay says why the plant hub cannot be reached; on any
 * other server the question has no answer (null).
 */
async function attachProblem(win: Window, token: string | null): Promise<string | null> {
  if (!token || typeof win.fetch !== 'function') return null;
  try {
    const res = await win.fetch(`/attach/status?token=${encodeURIComponent(token)}`, { cache: 'no-store' });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('application/json')) return null;
    const s = (await res.json()) as { attached?: boolean; reachable?: boolean; problem?: string | null };
    return s.attached === true && s.reachable === false && typeof s.problem === 'string' ? s.problem : null;
  } catch {
    return null;
  }
}

/** Stands in for WebSocket when there is no token: fails every attempt with a reason a person can act on. */
class NoTokenSocket {
  readonly readyState = 3;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(_url: string) {
    queueMicrotask(() => this.onclose?.({ code: 4401, reason: 'No access token: open the address that `npm run serve` printed' }));
  }
  send(): void {}
  close(): void {}
}
const noTokenSocket = NoTokenSocket;

/** A page served by a relay or serve mode (http(s) with a serve token), not the desktop app's own app:// page. */
export function servedWithToken(win: Pick<Window, 'location' | 'sessionStorage'>): boolean {
  if (win.location.protocol !== 'http:' && win.location.protocol !== 'https:') return false;
  if (new URLSearchParams(win.location.search).has('token')) return true;
  try {
    return win.sessionStorage.getItem(TOKEN_KEY) !== null;
  } catch {
    return false;
  }
}
