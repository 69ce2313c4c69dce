import http from 'node:http';
import https from 'node:https';
import { failpoint } from '../outbox/failpoints.ts';
import { peerCertificate, routeFor, UNTRUSTED_CODES } from '../net/netAgents.ts';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Where a failed request stopped. `notSent`: the request never fully left (DNS, refused, reset
 * before the body was written): nothing can have been applied. `sent`: the body went out and the
 * answer did not come back (timeout, reset): the remote system may have applied it.
 */
export type HttpFailure = { phase: 'notSent' | 'sent'; message: string; code?: string };

const diagnoseDefault = new https.Agent({ keepAlive: false, rejectUnauthorized: false });
async function untrusted(url: URL, agent: https.Agent | undefined, code: string): Promise<string> {
  const c = await peerCertificate(url, agent ?? diagnoseDefault);
  const who = c ? ` (issued by ${c.issuer}; SHA-256 fingerprint ${c.fingerprint256})` : '';
  return `certificate not trusted: the server's certificate${who} does not chain to a CA this console trusts (${code}); if it is the company's inspection proxy or CA, add that CA to the target's network.caFile or set network.systemCa`;
}

export type HttpResult = { ok: true; value: HttpResponse } | { ok: false; error: HttpFailure };

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Cancels the exchange (the owner is stopping): the socket is closed and the answer is a failure at once. */
  signal?: AbortSignal;
}

/** Socket errors in words a supervisor can pass on to IT. */
const PLAIN: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was dropped',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  EPIPE: 'the connection was dropped',
  ERR_PROXY_TUNNEL: 'the proxy did not open a tunnel to the server',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
};

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 4 }), https: new https.Agent({ keepAlive: true, maxSockets: 4 }) };

/** One HTTP exchange with no retries of its own: the outbox decides what a failure means. */
export function httpRequest(req: HttpRequest): Promise<HttpResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ ok: false, error: { phase: 'notSent', message: `not a valid address: ${req.url}` } });
      return;
    }
    const mod = url.protocol === 'https:' ? https : http;
    // The target's own route (proxy, company CAs, client certificate) when one is registered (net/netAgents.ts).
    const route = routeFor(url);
    let written = false;
    let settled = false;
    const done = (r: HttpResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    // The body goes as the string (written UTF-8 straight into the socket), its length counted without a copy.
    const body = req.body;
    const r = mod.request(
      url,
      {
        method: req.method,
        headers: { ...(req.headers ?? {}), ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body, 'utf8')) } : {}) },
        agent: url.protocol === 'https:' ? (route?.https ?? agents.https) : (route?.http ?? agents.http),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ ok: true, value: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') } }));
        res.on('error', (e) => done({ ok: false, error: { phase: 'sent', message: `connection lost while reading the answer (${e.message})` } }));
        res.on('aborted', () => done({ ok: false, error: { phase: 'sent', message: 'connection lost while reading the answer' } }));
      },
    );
    r.setTimeout(req.timeoutMs, () => {
      r.destroy(new Error(`no answer within ${Math.round(req.timeoutMs / 1000)} s`));
    });
    if (req.signal) {
      const cancel = () => {
        done({ ok: false, error: { phase: written ? 'sent' : 'notSent', message: 'cancelled: the console is stopping', code: 'ABORTED' } });
        r.destroy();
      };
      if (req.signal.aborted) cancel();
      else {
        req.signal.addEventListener('abort', cancel, { once: true });
        r.once('close', () => req.signal?.removeEventListener('abort', cancel));
      }
    }
    r.on('finish', () => {
      written = true;
      failpoint('after_http_send');
    });
    r.on('error', (e: NodeJS.ErrnoException) => {
      if (!written && e.code && UNTRUSTED_CODES.has(e.code)) {
        // Nothing was sent: the handshake stopped at the certificate. Say whose certificate it was.
        void untrusted(url, route?.diagnose, e.code).then((message) => done({ ok: false, error: { phase: 'notSent', message, code: 'CERT_UNTRUSTED' } }));
        return;
      }
      const why = e.code ? `${PLAIN[e.code] ?? e.message} (${e.code})` : e.message;
      done({ ok: false, error: { phase: written ? 'sent' : 'notSent', message: written ? `no answer (${why})` : `could not reach the server (${why})`, ...(e.code ? { code: e.code } : {}) } });
    });
    r.end(body, 'utf8');
  });
}

export function header(h: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
