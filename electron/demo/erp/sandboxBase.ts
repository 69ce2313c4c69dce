import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultBook, FaultRule } from './faultRules.ts';

export interface LogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  status: number | null;
  references: string[];
  fault: string | null;
  committed: number;
  ms: number;
  /**
   * The logon language the request asked for, as SAP determines it: the `sap-language` URL parameter,
   * else the `sap-language` header, else the first `accept-language` tag; null when none was sent.
   */
  language: string | null;
}

export interface SandboxCounts {
  creates: Record<string, number>;
  duplicates: string[];
  requests: Record<string, number>;
  csrfFetches: number;
  batches: number;
  cogiWarnings: number;
  /** Slow requests the processing limit cancelled (nothing committed). */
  rolledBack?: number;
  /** Repeatable requests answered from their first execution instead of running again. */
  repeatsReplayed?: number;
}

export interface SandboxHandle {
  url: string;
  adminUrl: string;
  port: number;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

/** What tests use in-process; the same as the /__sandbox HTTP API. */
export interface SandboxAdmin {
  addFault(rule: FaultRule): number;
  clearFaults(): void;
  counts(): SandboxCounts;
  records(kind: string): unknown[];
  reset(): void;
  /** Down: every API request has its connection dropped before it is read (admin still answers). */
  setOutage(on: boolean): void;
  setOrder(id: string, change: { closed?: boolean; locked?: boolean }): boolean;
}

export interface RequestCtx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  body: string;
  /** Fill in as the request is understood, for the log. */
  log: { references: string[]; fault: string | null; committed: number };
}

/** Shared plumbing of the ERP sandboxes: counts, log, fault book, admin API, outage switch, hard close. */
export class SandboxBase {
  readonly faults = new FaultBook();
  counts: SandboxCounts = SandboxBase.emptyCounts();
  log: LogEntry[] = [];
  outage = false;
  private seq = 0;
  private server: http.Server | null = null;

  static emptyCounts(): SandboxCounts {
    return { creates: {}, duplicates: [], requests: {}, csrfFetches: 0, batches: 0, cogiWarnings: 0 };
  }

  countCreate(ref: string): void {
    const key = ref.toLowerCase();
    const n = (this.counts.creates[key] ?? 0) + 1;
    this.counts.creates[key] = n;
    if (n === 2) this.counts.duplicates.push(key);
  }

  countRequest(route: string): void {
    this.counts.requests[route] = (this.counts.requests[route] ?? 0) + 1;
  }

  async listen(
    port: number,
    handle: (ctx: RequestCtx) => Promise<void>,
    admin: (ctx: RequestCtx) => Promise<boolean>,
  ): Promise<{ url: string; port: number; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      const started = Date.now();
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isAdmin = url.pathname.startsWith('/__sandbox');
      if (this.outage && !isAdmin) {
        req.socket.resetAndDestroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const ctx: RequestCtx = { req, res, url, body: Buffer.concat(chunks).toString('utf8'), log: { references: [], fault: null, committed: 0 } };
        const run = isAdmin ? admin(ctx).then((handled) => (handled ? undefined : sendJson(res, 404, { error: 'unknown admin route' }))) : handle(ctx);
        run
          .catch((e: unknown) => {
            if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { code: 'SANDBOX/500', message: { lang: 'en', value: `sandbox failure: ${(e as Error).message}` } } });
          })
          .finally(() => {
            if (isAdmin) return;
            this.log.push({ seq: ++this.seq, at: started, method: req.method ?? '', path: url.pathname, status: res.headersSent ? res.statusCode : null, references: ctx.log.references, fault: ctx.log.fault, committed: ctx.log.committed, ms: Date.now() - started, language: logonLanguage(req, url) });
            if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
          });
      });
    });
    server.keepAliveTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${addr.port}`,
      port: addr.port,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  /** The /__sandbox routes every sandbox shares; `extra` adds seed/records/orders. */
  async adminRoute(ctx: RequestCtx, admin: SandboxAdmin): Promise<boolean> {
    const { url, req, res } = ctx;
    const p = url.pathname;
    if (p === '/__sandbox/faults') {
      if (req.method === 'GET') return sendJson(res, 200, { rules: this.faults.list() }), true;
      if (req.method === 'DELETE') return this.faults.clear(), sendJson(res, 200, { cleared: true }), true;
      if (req.method === 'POST') {
        let raw: unknown;
        try {
          raw = JSON.parse(ctx.body);
        } catch {
          return sendJson(res, 400, { error: 'body is not JSON' }), true;
        }
        const list = Array.isArray(raw) ? raw : [raw];
        const ids: number[] = [];
        for (const r of list) {
          const parsed = FaultRule.safeParse(r);
          if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }), true;
          ids.push(admin.addFault(parsed.data));
        }
        return sendJson(res, 201, { ids }), true;
      }
    }
    if (p === '/__sandbox/counts' && req.method === 'GET') return sendJson(res, 200, admin.counts()), true;
    if (p === '/__sandbox/log' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return sendJson(res, 200, { entries: this.log.filter((e) => e.seq > since) }), true;
    }
    if (p.startsWith('/__sandbox/records/') && req.method === 'GET') return sendJson(res, 200, { items: admin.records(p.slice('/__sandbox/records/'.length)) }), true;
    if (p === '/__sandbox/reset' && req.method === 'POST') return admin.reset(), sendJson(res, 200, { reset: true }), true;
    if (p === '/__sandbox/outage' && req.method === 'POST') {
      const on = (JSON.parse(ctx.body || '{}') as { on?: unknown }).on === true;
      admin.setOutage(on);
      return sendJson(res, 200, { outage: on }), true;
    }
    const m = /^\/__sandbox\/orders\/([^/]+)$/.exec(p);
    if (m && req.method === 'POST') {
      const change = JSON.parse(ctx.body || '{}') as { closed?: boolean; locked?: boolean };
      return admin.setOrder(decodeURIComponent(m[1]!), change) ? sendJson(res, 200, { ok: true }) : sendJson(res, 404, { error: 'no such order' }), true;
    }
    return false;
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The logon language a request carries (see LogEntry.language). */
export function logonLanguage(req: http.IncomingMessage, url: URL): string | null {
  const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.split(';')[0]?.trim() || null;
  return url.searchParams.get('sap-language') ?? header(req.headers['sap-language']) ?? header(req.headers['accept-language']);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stamps like SAP's LastChangeDateTime: YYYYMMDDhhmmss (UTC). */
export const changeStamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
