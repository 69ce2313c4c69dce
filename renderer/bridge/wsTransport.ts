import { failWith } from '../../shared/contract/refusal.ts';
import { msg } from '../../shared/i18n/index.ts';
import type { ClientFrame } from '../../shared/contract/wire.ts';
import type { BridgeLink, BridgeStatus, BridgeTransport } from './bridgeStatus.ts';

/** The part of the WHATWG WebSocket this transport uses: the browser's and Node 24's global both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: share of each delay that is random, so many wall boards do not reconnect in step. */
  readonly jitter: number;
}

export interface WsTransportOptions {
  readonly url: string;
  readonly WebSocket?: WebSocketCtor;
  readonly backoff?: Partial<Backoff>;
  /** An invoke that gets no answer within this time fails with UNAVAILABLE. */
  readonly invokeTimeoutMs?: number;
  readonly now?: () => number;
  /**
   * Asked after each failed or dropped connection: words for why, when the server can say more than the
   * socket does (an attached console whose hub cannot be reached). Shown as the status's `lastError`
   * and added to the refusal of commands made meanwhile.
   */
  readonly explainDrop?: () => Promise<string | null>;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.2 };
const OPEN = 1;

interface Pending {
  readonly key: string;
  readonly resolve: (envelope: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Delay before reconnect attempt `attempt` (1-based). Pure, so it is tested without sockets. */
export function backoffDelay(attempt: number, b: Backoff, random: number): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - b.jitter + b.jitter * random));
}

/**
 * Serve mode's transport: one WebSocket to the core (frames in shared/contract/wire.ts).
 *
 * - Invokes carry a request id; the answer with the same id settles them.
 * - An invoke made while the socket is not open fails at once with UNAVAILABLE: a person's command is
 *   never held back and sent later behind their back. Invokes in flight when the socket drops fail too.
 * - After a drop the transport reconnects with capped exponential backoff. Stream listeners live on
 *   this side, so they keep receiving after a reconnect without re-registering; callers reload their
 *   snapshots when `onStatus` reports `open` again (the core sends no replay).
 */
export function createWsTransport(options: WsTransportOptions): BridgeTransport {
  const Ctor: WebSocketCtor | undefined = options.WebSocket ?? (globalThis.WebSocket as WebSocketCtor | undefined);
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const invokeTimeoutMs = options.invokeTimeoutMs ?? 30_000;
  const now = options.now ?? Date.now;

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(s: BridgeStatus) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUs = false;
  let everOpened = false;
  let status: BridgeStatus = { link: 'connecting', since: now(), attempt: 0, lastError: null };
  let explained: string | null = null;

  function setStatus(link: BridgeLink, attempt: number, lastError: string | null): void {
    const since = link === status.link ? status.since : now();
    status = { link, since, attempt, lastError };
    for (const cb of [...statusListeners]) {
      try {
        cb(status);
      } catch (e) {
        console.error('bridge status listener failed', e);
      }
    }
  }

  function failAllPending(message: string): void {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.resolve(failWith('UNAVAILABLE', `${message} (${p.key})`, msg('host.connectionLost')));
    }
  }

  function deliver(stream: string, payload: unknown): void {
    const set = listeners.get(stream);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        cb(payload);
      } catch (e) {
        // One broken listener must not starve the others of live data.
        console.error(`listener for ${stream} failed`, e);
      }
    }
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as Record<string, unknown>;
    if (f.type === 'result' && typeof f.id === 'number') {
      const p = pending.get(f.id);
      if (!p) return; // answered already (timed out or failed by a drop)
      pending.delete(f.id);
      clearTimeout(p.timer);
      p.resolve(f.envelope);
    } else if (f.type === 'event' && typeof f.stream === 'string') {
      deliver(f.stream, f.payload);
    }
  }

  function scheduleReconnect(reason: string): void {
    if (closedByUs) return;
    const attempt = status.attempt + 1;
    setStatus(everOpened ? 'reconnecting' : 'connecting', attempt, reason);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, backoffDelay(attempt, backoff, Math.random()));
  }

  function connect(): void {
    if (closedByUs) return;
    if (!Ctor) {
      setStatus('closed', status.attempt, 'This browser has no WebSocket');
      return;
    }
    let ws: WebSocketLike;
    try {
      ws = new Ctor(options.url);
    } catch (e) {
      scheduleReconnect(e instanceof Error ? e.message : String(e));
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      everOpened = true;
      explained = null;
      setStatus('open', 0, null);
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onFrame(ev.data);
    };
    ws.onerror = () => {
      // The close event follows and carries the code; nothing to do here.
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      failAllPending('The connection to the console core was lost');
      const reason = ev.reason || (ev.code === 1006 ? 'connection refused or dropped' : `closed with code ${ev.code}`);
      if (closedByUs) setStatus('closed', 0, null);
      else {
        scheduleReconnect(ev.code >= 4000 && ev.reason ? ev.reason : (explained ?? reason));
        void options.explainDrop?.().then(
          (why) => {
            explained = why;
            if (why && socket === null && !closedByUs && status.link !== 'open') setStatus(status.link, status.attempt, why);
          },
          () => undefined,
        );
      }
    };
  }

  connect();

  return {
    invoke(key, req) {
      const ws = socket;
      if (!ws || ws.readyState !== OPEN || status.link !== 'open') {
        return Promise.resolve(
          explained
            ? failWith('UNAVAILABLE', `Not sent: ${explained} (${key})`, msg('host.screenNotSent', { why: explained }))
            : failWith('UNAVAILABLE', `Not connected to the console core (${key})`, msg('host.screenNotConnected')),
        );
      }
      const id = nextId++;
      const frame: ClientFrame = { type: 'invoke', id, key, req };
      return new Promise<unknown>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failWith('UNAVAILABLE', `The console core did not answer within ${invokeTimeoutMs} ms (${key})`, msg('host.unreachable')));
        }, invokeTimeoutMs);
        pending.set(id, { key, resolve, timer });
        try {
          ws.send(JSON.stringify(frame));
        } catch (e) {
          pending.delete(id);
          clearTimeout(timer);
          resolve(failWith('UNAVAILABLE', `Could not send ${key}: ${e instanceof Error ? e.message : String(e)}`, msg('host.screenCouldNotSend')));
        }
      });
    },
    on(stream, cb) {
      let set = listeners.get(stream);
      if (!set) {
        set = new Set();
        listeners.set(stream, set);
      }
      set.add(cb);
      return () => {
        listeners.get(stream)?.delete(cb);
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
      if (closedByUs) return;
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      failAllPending('The bridge was closed');
      ws?.close(1000, 'closed by the page');
      setStatus('closed', 0, null);
    },
  };
}
