import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { fail } from '../../../../shared/contract/envelope.ts';
import { ClientFrame, MAX_CLIENT_FRAME_BYTES, type ServerFrame } from '../../../../shared/contract/wire.ts';
import type { Core, PairedDevice } from '../../coreApi.ts';
import type { Logger } from '../ports/ports.ts';
import { serveStatic } from './staticFiles.ts';
import { DEVICE_AUTH_SCHEME, HUB_PAIR_PATH, handlePairRequest, Liveness, PairThrottle, SCREEN_HEARTBEAT_MS, SCREEN_SILENCE_MS } from './hubWire.ts';

export interface ServeHostOptions {
  core: Core;
  logger: Logger;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Per-launch secret; generated when omitted. */
  token?: string;
  /**
   * Wall-board mode (bound to a network address on purpose): screens connecting from anywhere but
   * this machine get viewer-only sessions that can watch and never sign in.
   */
  wallboard?: boolean;
  /**
   * Plant hub (docs/hub.md): HTTPS/WSS with this certificate; paired devices connect from anywhere with
   * their credential (`Authorization: Device <credential>`), and `POST /hub/pair` redeems a pairing code.
   * Without a device credential only this machine's own screens (loopback, with the token) get in.
   * Requires `core.devices`.
   */
  hub?: { certPem: string; keyPem: string };
}

export interface ServeHost {
  url: string;
  port: number;
  token: string;
  clientCount(): number;
  close(): Promise<void>;
}

/** A client slower than this many buffered bytes gets live snapshots dropped (the next one supersedes them). */
const SLOW_CLIENT_BYTES = 2 * 1024 * 1024;
/** Streams that are whole snapshots: safe to drop for a slow client. */
const DROPPABLE = new Set(['live.lines', 'live.signals']);

/**
 * Serve mode: the same core behind a loopback HTTP server (the built renderer) and a WebSocket at /ws.
 * Each WebSocket is one screen session. The token is checked at the upgrade, with the Origin, so a web
 * page from elsewhere cannot drive the console even on the same machine.
 */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const staticDir = path.resolve(options.staticDir);
  const log = options.logger.child({ component: 'serve' });

  // Absent when the hub's core refused to start: then no device gets in, and TLS still holds.
  const devices = options.hub ? options.core.devices : undefined;
  const throttle = new PairThrottle(() => Date.now());
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (devices && new URL(req.url ?? '/', 'http://x').pathname === HUB_PAIR_PATH) return void handlePairRequest(devices, throttle, req, res, log);
    serveStatic(staticDir, req, res);
  };
  const server = options.hub ? https.createServer({ cert: options.hub.certPem, key: options.hub.keyPem }, onRequest) : http.createServer(onRequest);
  const scheme = options.hub ? 'https' : 'http';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  let port = 0;

  const tokenOk = (candidate: string | null): boolean => {
    if (!candidate) return false;
    const buf = Buffer.from(candidate);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };
  const originOk = (origin: string | undefined, hostHeader: string | undefined): boolean => {
    if (origin === undefined) return true; // not a browser: it already had to know the token
    if (origin === `${scheme}://${host}:${port}` || origin === `${scheme}://127.0.0.1:${port}` || origin === `${scheme}://localhost:${port}`) return true;
    // A wall board reaches us by the machine's network address: its page is same-origin with the Host it asked for.
    return options.wallboard === true && hostHeader !== undefined && origin === `http://${hostHeader}` && hostHeader.endsWith(`:${port}`);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (options.hub) {
      // The hub: a paired device proves itself with its credential, before any command; anything else
      // must be this machine's own screen with the token.
      const auth = req.headers.authorization;
      if (auth !== undefined) {
        const device = devices && auth.startsWith(`${DEVICE_AUTH_SCHEME} `) ? devices.verify(auth.slice(DEVICE_AUTH_SCHEME.length + 1)) : null;
        if (!device) {
          log.warn('Hub: device refused (unknown, revoked or wrong credential)', { remote: req.socket.remoteAddress });
          return refuse(403, 'Forbidden');
        }
        deviceOf.set(req, device);
        return wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      }
      if (!isLoopbackAddress(req.socket.remoteAddress)) {
        log.warn('Hub: screen refused: not a paired device', { remote: req.socket.remoteAddress });
        return refuse(401, 'Unauthorized');
      }
    }
    if (!tokenOk(url.searchParams.get('token'))) {
      log.warn('WebSocket refused: wrong or missing token', { remote: req.socket.remoteAddress });
      return refuse(401, 'Unauthorized');
    }
    if (!originOk(req.headers.origin, req.headers.host)) {
      log.warn('WebSocket refused: foreign origin', { origin: req.headers.origin });
      return refuse(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, frame: ServerFrame): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };

  const sessions = new Map<WebSocket, string>();
  const deviceOf = new WeakMap<http.IncomingMessage, PairedDevice>();
  const socketDevice = new Map<WebSocket, PairedDevice>();
  const alive = new Map<WebSocket, Liveness>();
  const publishConnected = (): void => {
    if (!devices) return;
    const counts = new Map<string, number>();
    for (const d of socketDevice.values()) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    devices.setConnected(counts);
  };
  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const local = isLoopbackAddress(req.socket.remoteAddress);
    const device = deviceOf.get(req);
    // A wall board is viewer-only wherever it is; a console's screens sign in at the hub.
    const viewerOnly = device ? device.kind === 'wallboard' : options.wallboard === true && !local;
    const sessionId = options.core.openSession({ viewerOnly });
    sessions.set(ws, sessionId);
    // Any frame from the screen is life (hubWire.ts Liveness): its pongs, its commands, a relay's own pings.
    const life = new Liveness(SCREEN_HEARTBEAT_MS, SCREEN_SILENCE_MS);
    alive.set(ws, life);
    ws.on('pong', () => life.heard());
    ws.on('ping', () => life.heard());
    if (device) {
      socketDevice.set(ws, device);
      publishConnected();
    }
    ws.on('message', (data, isBinary) => {
      life.heard();
      let frame: ClientFrame;
      try {
        if (isBinary) throw new Error('binary frame');
        const parsed = ClientFrame.safeParse(JSON.parse(String(data)));
        if (!parsed.success) throw new Error('not a client frame');
        frame = parsed.data;
      } catch {
        // A malformed frame has no usable id: say so and keep the socket.
        send(ws, { type: 'result', id: -1, envelope: fail('BAD_REQUEST', 'Malformed frame: expected {"type":"invoke","id":n,"key":"…","req":{…}}') });
        return;
      }
      void options.core.dispatch(frame.key, frame.req, sessionId).then((envelope) => send(ws, { type: 'result', id: frame.id, envelope }));
    });
    ws.on('close', () => {
      alive.delete(ws);
      sessions.delete(ws);
      options.core.closeSession(sessionId);
      if (socketDevice.delete(ws)) publishConnected();
    });
    ws.on('error', (e) => log.warn('WebSocket error', { error: e }));
  });

  const sub = options.core.events.subscribe((stream, payload) => {
    // A device revoked while connected is disconnected at once: its screens' sessions close with it.
    if (stream === 'hub.devices' && devices) {
      for (const [ws, d] of socketDevice) {
        if (!devices.isActive(d.id)) ws.close(4403, 'This device was revoked by the hub administrator');
      }
    }
    const text = JSON.stringify({ type: 'event', stream, payload } satisfies ServerFrame);
    for (const ws of sessions.keys()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (DROPPABLE.has(stream) && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(text);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  // A screen that stopped answering pings (a console whose network went, a frozen machine) is closed, so
  // its session detaches (and can be resumed) instead of lingering as a connected screen.
  const heartbeat = setInterval(() => {
    for (const [ws, life] of alive) {
      life.tick(() => {
        log.warn('Screen closed: nothing heard from it', { silentMs: SCREEN_SILENCE_MS });
        ws.terminate();
      });
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }
  }, SCREEN_HEARTBEAT_MS);
  heartbeat.unref();

  return {
    url: `${scheme}://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    clientCount: () => sessions.size,
    async close() {
      clearInterval(heartbeat);
      sub.dispose();
      for (const ws of sessions.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function isLoopbackAddress(remote: string | undefined): boolean {
  return remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
}
