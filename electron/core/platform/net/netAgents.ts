import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { NetworkSettings } from '../../../../shared/domain/plantConfig.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';

/**
 * The connection agents of one ERP or CMMS target: proxy, trusted CAs and client certificate in one place.
 * Proxying uses Node's own agent support (`proxyEnv`, Node ≥ 24.5: HTTP CONNECT tunnels for https, NO_PROXY
 * matching), so there is no proxy code of ours to get wrong. `diagnose` is a twin that does not verify the
 * server: it is used only to read an untrusted server's certificate for the message, never to send data.
 */
export interface NetAgents {
  http: http.Agent;
  https: https.Agent;
  diagnose: https.Agent;
  /** One line for the connection check: "through proxy http://proxy:3128, company CAs from /etc/ca.pem". */
  describe: string;
}

export interface NetAgentDeps {
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
  secrets?: { read(name: string): Promise<Result<string, 'NOT_FOUND' | 'UNAVAILABLE'>> };
  /**
   * Desktop app: the operating system's proxy for this target as Chromium resolved it (electron/main/systemProxy.ts);
   * a URL, null for DIRECT, undefined when not known (serve, tests, a failed look-up). Used only with
   * `proxy: "environment"` when the environment names no proxy: the configuration's URL or "none" wins, then
   * HTTPS_PROXY/HTTP_PROXY, then the system's setting.
   */
  systemProxy?: string | null;
}

const PROXY_KEYS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** Credentials in a proxy URL never reach a screen or a log line. */
export const redactUrl = (u: string): string => {
  try {
    const x = new URL(u);
    if (x.username || x.password) {
      x.username = '***';
      x.password = '';
    }
    return x.href.replace(/\/$/, '');
  } catch {
    return u;
  }
};

export async function createNetAgents(n: NetworkSettings | undefined, deps: NetAgentDeps = {}): Promise<Result<NetAgents, string>> {
  const env = deps.env ?? process.env;
  const read = deps.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'));
  const settings: NetworkSettings = n ?? { proxy: 'environment', systemCa: false };
  const parts: string[] = [];

  let proxyEnv: Record<string, string> | undefined;
  if (settings.proxy === 'environment') {
    const picked = Object.fromEntries(PROXY_KEYS.filter((k) => env[k]).map((k) => [k, env[k]!]));
    if (picked.HTTPS_PROXY || picked.https_proxy || picked.HTTP_PROXY || picked.http_proxy) {
      proxyEnv = picked;
      parts.push(`through proxy ${redactUrl(picked.HTTPS_PROXY ?? picked.https_proxy ?? picked.HTTP_PROXY ?? picked.http_proxy ?? '')} (from the environment)`);
    } else if (typeof deps.systemProxy === 'string') {
      proxyEnv = { HTTPS_PROXY: deps.systemProxy, HTTP_PROXY: deps.systemProxy };
      parts.push(`through proxy ${redactUrl(deps.systemProxy)} (the system's proxy settings)`);
    } else if (deps.systemProxy === null) parts.push("direct (the system's proxy settings say DIRECT)");
    else parts.push('direct (no proxy in the environment)');
  } else if (settings.proxy === 'none') {
    parts.push('direct');
  } else {
    proxyEnv = { HTTPS_PROXY: settings.proxy, HTTP_PROXY: settings.proxy, ...(settings.noProxy ? { NO_PROXY: settings.noProxy } : {}) };
    parts.push(`through proxy ${redactUrl(settings.proxy)}`);
  }

  let ca: string[] | undefined;
  if (settings.caFile || settings.systemCa) {
    ca = [...tls.getCACertificates('default')];
    if (settings.systemCa) {
      ca.push(...tls.getCACertificates('system'));
      parts.push("the operating system's trusted CAs");
    }
    if (settings.caFile) {
      let pem: string;
      try {
        pem = read(settings.caFile);
      } catch (e) {
        return errResult(`the company CA file ${settings.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      if (certs.length === 0) return errResult(`the company CA file ${settings.caFile} holds no PEM certificate`);
      ca.push(...certs);
      parts.push(`${certs.length} company CA${certs.length === 1 ? '' : 's'} from ${settings.caFile}`);
    }
  }

  let client: { cert: string; key: string; passphrase?: string } | undefined;
  if (settings.clientCertFile && settings.clientKeyFile) {
    try {
      client = { cert: read(settings.clientCertFile), key: read(settings.clientKeyFile) };
    } catch (e) {
      return errResult(`the client certificate or key cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (settings.clientKeyPassphraseSecret) {
      const p = await deps.secrets?.read(settings.clientKeyPassphraseSecret);
      if (!p?.ok) return errResult(`no passphrase stored under "${settings.clientKeyPassphraseSecret}" for the client key`);
      client.passphrase = p.value;
    }
    try {
      tls.createSecureContext(client);
    } catch (e) {
      return errResult(`the client certificate and key do not make a usable pair (${(e as Error).message})`);
    }
    parts.push(`client certificate ${settings.clientCertFile}`);
  }

  const common = { keepAlive: true, maxSockets: 4, ...(proxyEnv ? { proxyEnv } : {}) };
  return okResult({
    http: new http.Agent(common),
    https: new https.Agent({ ...common, ...(ca ? { ca } : {}), ...(client ?? {}) }),
    diagnose: new https.Agent({ ...(proxyEnv ? { proxyEnv } : {}), keepAlive: false, rejectUnauthorized: false, ...(client ?? {}) }),
    describe: parts.join(', '),
  });
}

/** Node's certificate verification codes that mean "this chain is not one we trust". */
export const UNTRUSTED_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);

/**
 * The certificate an untrusted server presents: a TLS handshake through the same proxy, without verifying,
 * closed as soon as it completes. Only a bare `HEAD /` could follow it; no credentials are ever sent.
 */
export function peerCertificate(url: URL, agent: https.Agent, timeoutMs = 10_000): Promise<{ issuer: string; subject: string; fingerprint256: string } | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: { issuer: string; subject: string; fingerprint256: string } | null) => {
      if (done) return;
      done = true;
      resolve(v);
      req.destroy();
    };
    const req = https.request({ host: url.hostname, port: url.port || 443, method: 'HEAD', path: '/', agent, ...(net.isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }), timeout: timeoutMs });
    const name = (x: tls.Certificate | undefined) => (x ? Object.entries(x).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') : '');
    const take = (s: tls.TLSSocket): boolean => {
      const c = typeof s.getPeerCertificate === 'function' ? s.getPeerCertificate(false) : null;
      if (!c || !c.fingerprint256) return false;
      finish({ issuer: name(c.issuer), subject: name(c.subject), fingerprint256: c.fingerprint256 });
      return true;
    };
    req.on('socket', (s) => {
      // Through a proxy the tunnelled TLS socket arrives already connected; directly, it connects later.
      if (!take(s as tls.TLSSocket)) s.once('secureConnect', () => take(s as tls.TLSSocket) || finish(null));
    });
    req.on('timeout', () => finish(null));
    req.on('error', () => finish(null));
    req.on('response', () => finish(null));
    req.end();
  });
}

/** Agents per target origin, so every HTTP exchange with that system takes the same route (httpClient.ts). */
const routes = new Map<string, NetAgents>();
export function registerRoute(baseUrl: string, agents: NetAgents): () => void {
  const origin = new URL(baseUrl).origin;
  routes.set(origin, agents);
  return () => {
    if (routes.get(origin) === agents) routes.delete(origin);
    // Requests still in flight (an outbox flush while the core stops) keep their sockets; idle ones go later.
    setTimeout(() => {
      agents.http.destroy();
      agents.https.destroy();
      agents.diagnose.destroy();
    }, 60_000).unref();
  };
}
export function routeFor(url: URL): NetAgents | undefined {
  return routes.get(url.origin);
}
