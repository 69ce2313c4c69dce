import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_CLIENT_FRAME_BYTES } from '../../../../shared/contract/wire.ts';
import type { Logger } from '../ports/ports.ts';
import { CLOSE_DEVICE_REVOKED, CLOSE_HUB_UNREACHABLE, DEVICE_AUTH_SCHEME, HUB_HEARTBEAT_MS, HUB_SILENCE_MS, Liveness } from './hubWire.ts';
import { type HubAttachment, pinnedTls } from './hubPairing.ts';
import { serveStatic } from './staticFiles.ts';

export interface AttachRelayOptions {
  attachment: HubAttachment;
  /** `<device id>.<secret>` from the secret store. */
  credential: string;
  logger: Logger;
  staticDir: string;
  port?: number;
  token?: string;
  /** How long to wait for the hub when a screen connects; default 4 s (the screen says why after that). */
  connectTimeoutMs?: number;
}

export interface AttachRelay {
  url: string;
  port: number;
  token: string;
  /** Screens connected through to the hub now. */
  clientCount(): number;
  /** What the screens are told about the hub now (`GET /attach/status`). */
  status(): AttachStatus;
  close(): Promise<void>;
}

export interface AttachStatus {
  attached: true;
  hub: string;
  reachable: boolean;
  /** Words for a person: why the hub cannot be reached, or null while it can. */
  problem: string | null;
  since: number;
}

/** The path an attached console's page asks when its link fails, to say why (renderer/bridge). */
export const ATTACH_STATUS_PATH = '/attach/status';

/**
 * An attached console (docs/hub.md): no core, no controller sessions, no database. It serves the renderer
 * on loopback and relays each screen's WebSocket, frame for frame, to the hub over WSS with this device's
 * credential, accepting only the hub certificate pinned at pairing.
 *
 * - A screen's socket is accepted only once its hub socket is open, so "connected" on the screen means
 *   connected to the hub; when the hub cannot be reached the upgrade is refused (503) and the page reads
 *   why from `/attach/status` ("The plant hub … cannot be reached …").
 * - Heartbeat: the hub is pinged every HUB_HEARTBEAT_MS; after HUB_SILENCE_MS without any frame from it
 *   (pong, answer or event: hubWire.ts Liveness) the hub socket is closed, and the screen's socket with the
 *   reason (close code 4502), so every screen says so within 5 s. A hub slow under load is not given up.
 * - Nothing is queued: a frame for a hub socket that is not open is never kept for later. Commands in
 *   flight when the hub goes are failed by the screen's transport ("not sent" is never claimed for them;
 *   see docs/hub.md on commands in flight). After the hub is back, screens reconnect, take back their
 *   person's session (auth.resume, until idle lock) and reload their snapshots.
 */
export async function startAttachRelay(options: AttachRelayOptions): Promise<AttachRelay> {
  const log = options.logger.child({ component: 'attach' });
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const staticDir = path.resolve(options.staticDir);
  const hub = new URL(options.attachment.hubUrl);
  const hubWs = `wss://${hub.host}/ws`;
  const tlsPin = pinnedTls(options.attachment.certPem, options.attachment.fingerprint);
  const connectTimeoutMs = options.connectTimeoutMs ?? 4_000;
  let state: AttachStatus = { attached: true, hub: hub.origin, reachable: true, problem: null, since: Date.now() };
  const setReachable = (reachable: boolean, problem: string | null): void => {
    if (reachable === state.reachable && problem === state.problem) return;
    if (reachable !== state.reachable) log[reachable ? 'info' : 'warn'](reachable ? 'The hub is reachable again' : 'The hub cannot be reached', { hub: hub.origin, problem });
    state = { attached: true, hub: hub.origin, reachable, problem, since: reachable === state.reachable ? state.since : Date.now() };
  };
  const unreachable = (why: string): string => `The plant hub at ${hub.origin} cannot be reached (${why}). Nothing you do on this screen is sent until it is back.`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === ATTACH_STATUS_PATH) {
      if (!tokenOk(url.searchParams.get('token'))) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(state));
      return;
    }
    serveStatic(staticDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  let port = 0;
  const tokenOk = (candidate: string | null): boolean => {
    if (!candidate) return false;
    const buf = Buffer.from(candidate);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };
  const originOk = (origin: string | undefined): boolean => origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  const pairs = new Map<WebSocket, WebSocket>();

  /** Opens the hub side of one screen; resolves with the open socket or the reason it could not open. */
  function openUpstream(): Promise<{ ws: WebSocket } | { problem: string; revoked: boolean }> {
    return new Promise((resolve) => {
      const up = new WebSocket(hubWs, { headers: { authorization: `${DEVICE_AUTH_SCHEME} ${options.credential}` }, ...tlsPin, handshakeTimeout: connectTimeoutMs, maxPayload: 64 * 1024 * 1024 });
      let settled = false;
      const settle = (v: { ws: WebSocket } | { problem: string; revoked: boolean }): void => {
        if (settled) return;
        settled = true;
        resolve(v);
      };
      up.once('open', () => settle({ ws: up }));
      up.once('unexpected-response', (_req, res) => {
        const revoked = res.statusCode === 403 || res.statusCode === 401;
        settle({ problem: revoked ? 'the hub refuses this device: it was revoked or never paired; an administrator must pair it again' : `the hub answered HTTP ${res.statusCode}`, revoked });
        up.terminate();
      });
      up.once('error', (e) => settle({ problem: plainNetError(e), revoked: false }));
    });
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, text: string) => socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!tokenOk(url.searchParams.get('token'))) return refuse(401, 'Unauthorized');
    if (!originOk(req.headers.origin)) return refuse(403, 'Forbidden');
    void openUpstream().then((r) => {
      if (socket.destroyed) {
        if ('ws' in r) r.ws.close(1000, 'screen gone');
        return;
      }
      if (!('ws' in r)) {
        setReachable(false, r.revoked ? `This console was refused by the plant hub at ${hub.origin}: ${r.problem}.` : unreachable(r.problem));
        return refuse(503, 'Service Unavailable');
      }
      setReachable(true, null);
      wss.handleUpgrade(req, socket, head, (local) => relay(local, r.ws));
    });
  });

  function relay(local: WebSocket, up: WebSocket): void {
    pairs.set(local, up);
    const life = new Liveness(HUB_HEARTBEAT_MS, HUB_SILENCE_MS);
    const beat = setInterval(() => {
      life.tick(() => {
        if (up.readyState !== WebSocket.OPEN) return;
        // Nothing at all from the hub for HUB_SILENCE_MS: it is gone even if no packet said so (cable, frozen host).
        setReachable(false, unreachable('no answer to the heartbeat'));
        up.terminate();
      });
      try {
        up.ping();
      } catch {
        // closing already; the close handler says so
      }
    }, HUB_HEARTBEAT_MS);
    up.on('pong', () => life.heard());
    up.on('ping', () => life.heard());
    up.on('message', (data, isBinary) => {
      life.heard();
      if (local.readyState === WebSocket.OPEN) local.send(data, { binary: isBinary });
    });
    local.on('message', (data, isBinary) => {
      // Never queued: a frame that cannot go now is not kept for later (the screen's socket closes next).
      if (up.readyState === WebSocket.OPEN) up.send(data, { binary: isBinary });
    });
    up.on('close', (code, reason) => {
      clearInterval(beat);
      pairs.delete(local);
      const words = reason.toString();
      if (code === CLOSE_DEVICE_REVOKED) {
        setReachable(false, `This console was disconnected by the plant hub at ${hub.origin}: ${words || 'the device was revoked'}.`);
        local.close(CLOSE_DEVICE_REVOKED, truncateReason(state.problem ?? words));
        return;
      }
      if (state.reachable) setReachable(false, unreachable(code === 1006 ? 'the connection dropped' : `closed with code ${code}${words ? `: ${words}` : ''}`));
      if (local.readyState === WebSocket.OPEN) local.close(CLOSE_HUB_UNREACHABLE, truncateReason(state.problem ?? 'The plant hub cannot be reached'));
    });
    up.on('error', (e) => log.warn('Hub socket error', { error: e }));
    local.on('close', () => {
      clearInterval(beat);
      pairs.delete(local);
      up.close(1000, 'screen closed');
    });
    local.on('error', (e) => log.warn('Screen socket error', { error: e }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    clientCount: () => pairs.size,
    status: () => state,
    async close() {
      for (const [local, up] of pairs) {
        up.terminate();
        local.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** A WebSocket close reason is at most 123 bytes. */
function truncateReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = `${out.slice(0, out.length - 2)}…`;
  return out;
}

function plainNetError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused: the hub is not running or a firewall refuses it';
  if (code === 'ETIMEDOUT' || /timed out|timeout/i.test(e.message)) return 'no answer in time';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its name cannot be resolved';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the network has no route to it';
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (e.message.includes('pinned') || code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'CERT_SIGNATURE_FAILURE') {
    return 'it presented a certificate other than the one pinned at pairing; nothing was sent to it. If the hub was reinstalled, an administrator must pair this console again';
  }
  return e.message;
}
