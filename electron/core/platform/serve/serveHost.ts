import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { fail } from '../../../../shared/contract/envelope.ts';
import { ClientFrame, MAX_CLIENT_FRAME_BYTES, type ServerFrame } from '../../../../shared/contract/wire.ts';
import type { Core } from '../../coreApi.ts';
import type { Logger } from '../ports/ports.ts';
import { serveStatic } from './staticFiles.ts';

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

  const server = http.createServer((req, res) => serveStatic(staticDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  let port = 0;

  const tokenOk = (candidate: string | null): boolean => {
    if (!candidate) return false;
    const buf = Buffer.from(candidate);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };
  const originOk = (origin: string | undefined, hostHeader: string | undefined): boolean => {
    if (origin === undefined) return true; // not a browser: it already had to know the token
    if (origin === `http://${host}:${port}` || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`) return true;
    // A wall board reaches us by the machine's network address: its page is same-origin with the Host it asked for.
    return options.wallboard === true && hostHeader !== undefined && origin === `http://${hostHeader}` && hostHeader.endsWith(`:${port}`);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
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
  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const remote = req.socket.remoteAddress ?? '';
    const local = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
    const sessionId = options.core.openSession({ viewerOnly: options.wallboard === true && !local });
    sessions.set(ws, sessionId);
    ws.on('message', (data, isBinary) => {
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
      sessions.delete(ws);
      options.core.closeSession(sessionId);
    });
    ws.on('error', (e) => log.warn('WebSocket error', { error: e }));
  });

  const sub = options.core.events.subscribe((stream, payload) => {
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

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    clientCount: () => sessions.size,
    async close() {
      sub.dispose();
      for (const ws of sessions.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
