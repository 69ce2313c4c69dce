import { randomBytes } from 'node:crypto';
import type { FaultRule } from '../erp/faultRules.ts';
import { type RequestCtx, SandboxBase, type SandboxAdmin, type SandboxHandle, sendJson } from '../erp/sandboxBase.ts';
import { type ErrorWriter, faultAfter, faultBefore, lateCommitDelay } from './cmmsFaults.ts';

export interface ServiceNowSandboxOptions {
  port?: number;
  /** Basic credentials "user:password" and bearer tokens accepted. */
  users?: string[];
  tokens?: string[];
  faults?: FaultRule[];
  /** OAuth clients (client_id → client_secret) that may use the client-credentials grant at /oauth_token.do. */
  oauthClients?: Record<string, string>;
  /** Lifetime of an issued access token (expires_in), seconds; default 1800 as ServiceNow's default. */
  tokenTtlS?: number;
  /** Rate rule: at most `limit` API requests per `windowMs` (all users), then 429 + Retry-After. */
  rateLimit?: { limit: number; windowMs: number };
}

export interface SnIncident {
  sys_id: string;
  number: string;
  state: string;
  short_description: string;
  description: string;
  urgency: string;
  impact: string;
  cmdb_ci: string;
  correlation_id: string;
  correlation_display: string;
  assigned_to: string;
  u_machine_down: string;
  work_notes: { at: string; text: string }[];
  sys_created_on: string;
  sys_updated_on: string;
  table: string;
}

const WRITABLE = ['short_description', 'description', 'urgency', 'impact', 'cmdb_ci', 'correlation_id', 'correlation_display', 'assigned_to', 'state', 'u_machine_down'] as const;
const QUERYABLE = new Set<string>([...WRITABLE, 'sys_id', 'number', 'sys_created_on', 'sys_updated_on']);
const QUERY_PARAMS = new Set(['sysparm_query', 'sysparm_fields', 'sysparm_limit', 'sysparm_offset', 'sysparm_exclude_reference_link', 'sysparm_display_value']);
const snTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

const writeError: ErrorWriter = (ctx, status, message, headers = {}) => {
  sendJson(ctx.res, status, { error: { message, detail: message }, status: 'failure' }, headers);
};

type DisplayMode = 'true' | 'false' | 'all';

/**
 * State choices per table. incident: values and labels of the base system (docs: "Incident states").
 * wm_order: the labels are Field Service Management's documented work order states (docs: "Work order
 * states"); the documentation gives no numeric values, so the numbers here are the sandbox's own. The
 * adapter maps wm_order by label for that reason.
 */
const STATES: Record<string, Record<string, string>> = {
  incident: { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' },
  wm_order: { '1': 'Draft', '10': 'Awaiting Qualification', '11': 'Qualified', '16': 'Ready for Dispatch', '17': 'Assigned', '18': 'Accepted', '19': 'Work in Progress', '3': 'Closed Complete', '4': 'Closed Incomplete', '7': 'Canceled' },
};
const stateLabelOf = (table: string, v: string): string => STATES[table]?.[v] ?? v;
const NUMBER_PREFIX: Record<string, string> = { incident: 'INC', wm_order: 'WO' };
const USER_NAMES: Record<string, string> = { 'tech.demo': 'Tess Technician' };

/** Canonical status (admin API) → a state of the table. */
const STATE_OF: Record<string, Record<string, string>> = {
  incident: { new: '1', assigned: '1', in_progress: '2', closed: '7' },
  wm_order: { new: '16', assigned: '17', in_progress: '19', closed: '3' },
};

/**
 * ServiceNow Table API sandbox (contracts §4.1/§6, docs/cmms.md): POST/GET on /api/now/table/{table}
 * (incident, wm_order), GET/PATCH on /{sys_id}, a `sysparm_query` subset (`=`, `^`, `IN`,
 * `ORDERBY`/`ORDERBYDESC`), fields, limit, offset; `sysparm_display_value` false/true/all as the Table API
 * answers it (journal fields "" without display values); X-Total-Count and Link paging; numbers per table;
 * OAuth client credentials at /oauth_token.do with expiring tokens; an optional rate rule; scripted faults.
 * Duplicates are accepted and counted, never refused: refusing would hide our bugs.
 */
export async function startServiceNowSandbox(opts: ServiceNowSandboxOptions = {}): Promise<SandboxHandle & { base: SandboxBase }> {
  const base = new SandboxBase();
  const users = opts.users ?? ['console:demo'];
  const tokens = opts.tokens ?? ['demo-token'];
  let records: SnIncident[] = [];
  let nextNumber = 10001;
  /** Issued access tokens → when they expire. */
  const issued = new Map<string, number>();
  let window: { start: number; count: number } = { start: Date.now(), count: 0 };
  for (const f of opts.faults ?? []) base.faults.add(f);

  const authorised = (h: string | undefined): boolean => {
    if (!h) return false;
    const basic = /^Basic (.+)$/.exec(h)?.[1];
    if (basic) return users.includes(Buffer.from(basic, 'base64').toString('utf8'));
    const bearer = /^Bearer (.+)$/.exec(h)?.[1];
    if (bearer === undefined) return false;
    const issuedAt = issued.get(bearer);
    return tokens.includes(bearer) || (issuedAt !== undefined && Date.now() < issuedAt);
  };

  /**
   * A record as the Table API returns it. `sysparm_display_value` (docs: "Table API", GET parameters):
   * `false` (default) gives stored values: journal fields (work_notes, comments) come back as "" because a
   * journal has no stored value on the record; `true` gives display values (the journal text, the state's
   * label, a reference's display name); `all` gives { display_value, value } pairs. Reference fields carry a
   * `link` unless `sysparm_exclude_reference_link=true`.
   */
  const view = (r: SnIncident, fields: string | null, display: DisplayMode = 'true', excludeLinks = false, origin = 'http://127.0.0.1'): Record<string, unknown> => {
    const journal = r.work_notes.map((n) => `${n.at} - Plant console (Work notes)\n${n.text}\n`).join('\n');
    const stateLabel = stateLabelOf(r.table, r.state);
    const assigneeName = r.assigned_to ? (USER_NAMES[r.assigned_to] ?? r.assigned_to) : '';
    const link = `${origin}/api/now/table/sys_user/${r.assigned_to}`;
    const full: Record<string, unknown> = { ...r };
    delete full.table;
    if (display === 'false') {
      full.work_notes = '';
      full.assigned_to = !r.assigned_to ? '' : excludeLinks ? r.assigned_to : { link, value: r.assigned_to };
    } else if (display === 'true') {
      full.work_notes = journal;
      full.state = stateLabel;
      full.assigned_to = !r.assigned_to ? '' : excludeLinks ? assigneeName : { link, display_value: assigneeName };
    } else {
      for (const [k, v] of Object.entries(full)) full[k] = { display_value: v, value: v };
      full.work_notes = { display_value: journal, value: '' };
      full.state = { display_value: stateLabel, value: r.state };
      full.assigned_to = { display_value: assigneeName, value: r.assigned_to, ...(excludeLinks || !r.assigned_to ? {} : { link }) };
    }
    if (!fields) return full;
    const out: Record<string, unknown> = {};
    for (const f of fields.split(',').map((s) => s.trim()).filter(Boolean)) out[f] = full[f] ?? '';
    return out;
  };

  /** `a=b^c=d^sys_idINx,y^ORDERBYDESCsys_created_on`; anything else is refused, never ignored. */
  function query(q: string | null, table: string): { ok: true; rows: SnIncident[] } | { ok: false; message: string } {
    let rows = records.filter((r) => r.table === table);
    let order: { field: keyof SnIncident; desc: boolean } | null = null;
    for (const part of (q ?? '').split('^').filter(Boolean)) {
      let m = /^ORDERBY(DESC)?([a-z_]+)$/.exec(part);
      if (m) {
        order = { field: m[2] as keyof SnIncident, desc: m[1] === 'DESC' };
        continue;
      }
      m = /^([a-z_]+)IN(.*)$/.exec(part);
      if (m) {
        const set = new Set(m[2]!.split(','));
        const f = m[1] as keyof SnIncident;
        rows = rows.filter((r) => set.has(String(r[f])));
        continue;
      }
      m = /^([a-z_]+)=(.*)$/.exec(part);
      if (m) {
        const f = m[1] as keyof SnIncident;
        if (!QUERYABLE.has(f)) return { ok: false, message: `Unsupported query field ${f}` };
        rows = rows.filter((r) => String(r[f]) === m![2]);
        continue;
      }
      return { ok: false, message: `Unsupported query part "${part}"` };
    }
    if (order) {
      const { field, desc } = order;
      rows = [...rows].sort((a, b) => (String(a[field]) < String(b[field]) ? -1 : String(a[field]) > String(b[field]) ? 1 : 0) * (desc ? -1 : 1));
    }
    return { ok: true, rows };
  }

  function store(table: string, b: Record<string, unknown>): SnIncident {
    const at = Date.now();
    const rec: SnIncident = {
      sys_id: randomBytes(16).toString('hex'),
      number: `${NUMBER_PREFIX[table] ?? 'REC'}${String(nextNumber++).padStart(7, '0')}`,
      state: STATE_OF[table]?.new ?? '1',
      short_description: '',
      description: '',
      urgency: '3',
      impact: '3',
      cmdb_ci: '',
      correlation_id: '',
      correlation_display: '',
      assigned_to: '',
      u_machine_down: 'false',
      work_notes: [],
      sys_created_on: snTime(at),
      sys_updated_on: snTime(at),
      table,
    };
    for (const f of WRITABLE) if (b[f] !== undefined) (rec as unknown as Record<string, string>)[f] = String(b[f]);
    if (typeof b.work_notes === 'string' && b.work_notes) rec.work_notes.push({ at: rec.sys_created_on, text: b.work_notes });
    records.push(rec);
    base.countCreate(rec.correlation_id || rec.sys_id);
    return rec;
  }

  async function handle(ctx: RequestCtx): Promise<void> {
    const { req, res, url } = ctx;
    const method = req.method ?? 'GET';
    const p = url.pathname;
    if (p === '/oauth_token.do' && method === 'POST') {
      base.countRequest('POST /oauth_token.do');
      // RFC 6749 §4.4 (client credentials) with client_secret_post or HTTP Basic client authentication; §5.2 errors.
      const form = new URLSearchParams(ctx.body);
      if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'only client_credentials here' });
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      const clients = opts.oauthClients ?? {};
      if (!id || clients[id] === undefined || clients[id] !== secret) return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }, { 'www-authenticate': 'Basic realm="oauth"' });
      const ttl = opts.tokenTtlS ?? 1800;
      const access = randomBytes(24).toString('base64url');
      issued.set(access, Date.now() + ttl * 1000);
      return sendJson(res, 200, { access_token: access, token_type: 'Bearer', expires_in: ttl, scope: form.get('scope') ?? 'useraccount' }, { 'cache-control': 'no-store' });
    }
    const m = /^\/api\/now\/table\/([a-z][a-z0-9_]*)(?:\/([^/]+))?$/.exec(p);
    if (!m) return writeError(ctx, 400, `Invalid URL ${p}`);
    const table = m[1]!;
    const sysId = m[2] ? decodeURIComponent(m[2]) : null;
    base.countRequest(`${method} /api/now/table/{table}${sysId ? '/{sys_id}' : ''}`);
    if (!authorised(req.headers.authorization)) return writeError(ctx, 401, 'User Not Authenticated');
    if (opts.rateLimit) {
      const now = Date.now();
      if (now - window.start >= opts.rateLimit.windowMs) window = { start: now, count: 0 };
      window.count++;
      const reset = Math.ceil((window.start + opts.rateLimit.windowMs) / 1000);
      res.setHeader('x-ratelimit-limit', String(opts.rateLimit.limit));
      res.setHeader('x-ratelimit-reset', String(reset));
      res.setHeader('x-ratelimit-rule', 'sandbox-all-users');
      if (window.count > opts.rateLimit.limit) return writeError(ctx, 429, 'Rate limit exceeded', { 'retry-after': String(Math.max(1, reset - Math.floor(now / 1000))) });
    }
    for (const k of url.searchParams.keys()) if (!QUERY_PARAMS.has(k)) return writeError(ctx, 400, `Unsupported parameter ${k}`);
    if (!STATES[table]) return writeError(ctx, 400, `Invalid table ${table}`);
    const fields = url.searchParams.get('sysparm_fields');
    const dv = (url.searchParams.get('sysparm_display_value') ?? 'false').toLowerCase();
    if (dv !== 'true' && dv !== 'false' && dv !== 'all') return writeError(ctx, 400, 'sysparm_display_value is true, false or all');
    const display = dv as DisplayMode;
    const noLinks = url.searchParams.get('sysparm_exclude_reference_link') === 'true';
    const shown = (r: SnIncident) => view(r, fields, display, noLinks, `http://${req.headers.host ?? '127.0.0.1'}`);
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      try {
        body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
      } catch {
        return writeError(ctx, 400, 'Exception while reading request: the body is not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return writeError(ctx, 400, 'The body must be one JSON object');
    }

    if (!sysId && method === 'POST') {
      const ref = String(body.correlation_id ?? '');
      ctx.log.references.push(ref);
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.create', reference: ref }), writeError);
      if (a === 'handled') return;
      const late = lateCommitDelay(a);
      if (late !== null) {
        setTimeout(() => store(table, body), late);
        return writeError(ctx, 504, 'Gateway timeout');
      }
      if (!body.short_description) return writeError(ctx, 400, 'short_description is mandatory');
      const rec = store(table, body);
      ctx.log.committed = 1;
      if (await faultAfter(ctx, a)) return;
      if (req.headers['x-no-response-body'] === 'true') {
        res.writeHead(201, { location: `${url.origin}/api/now/table/${table}/${rec.sys_id}` });
        return void res.end();
      }
      return sendJson(res, 201, { result: shown(rec) }, { location: `http://127.0.0.1/api/now/table/${table}/${rec.sys_id}` });
    }
    if (!sysId && method === 'GET') {
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
      if (a === 'handled') return;
      const q = query(url.searchParams.get('sysparm_query'), table);
      if (!q.ok) return writeError(ctx, 400, q.message);
      const limit = Number(url.searchParams.get('sysparm_limit') ?? 10_000);
      const offset = Number(url.searchParams.get('sysparm_offset') ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) return writeError(ctx, 400, 'sysparm_limit and sysparm_offset must be whole numbers');
      const page = q.rows.slice(offset, offset + limit);
      // Paging as the Table API answers it: X-Total-Count and a Link header with first/prev/next/last.
      const at = (o: number) => {
        const u = new URL(`${url.pathname}${url.search}`, `http://${req.headers.host ?? '127.0.0.1'}`);
        u.searchParams.set('sysparm_limit', String(limit));
        u.searchParams.set('sysparm_offset', String(o));
        return `<${u.href}>`;
      };
      const last = Math.max(0, Math.floor((q.rows.length - 1) / limit) * limit);
      const links = [`${at(0)};rel="first"`, ...(offset > 0 ? [`${at(Math.max(0, offset - limit))};rel="prev"`] : []), ...(offset + limit < q.rows.length ? [`${at(offset + limit)};rel="next"`] : []), `${at(last)};rel="last"`];
      return sendJson(res, 200, { result: page.map(shown) }, { 'x-total-count': String(q.rows.length), link: links.join(',') });
    }
    const rec = sysId ? records.find((r) => r.sys_id === sysId && r.table === table) : undefined;
    if (sysId && !rec) return writeError(ctx, 404, 'No Record found');
    if (rec && method === 'GET') {
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
      if (a === 'handled') return;
      return sendJson(res, 200, { result: shown(rec) });
    }
    if (rec && (method === 'PATCH' || method === 'PUT')) {
      for (const f of WRITABLE) if (body[f] !== undefined) (rec as unknown as Record<string, string>)[f] = String(body[f]);
      if (typeof body.work_notes === 'string' && body.work_notes) rec.work_notes.push({ at: snTime(Date.now()), text: body.work_notes });
      rec.sys_updated_on = snTime(Date.now());
      ctx.log.committed = 1;
      return sendJson(res, 200, { result: shown(rec) });
    }
    return writeError(ctx, 405, `Method ${method} not allowed here`);
  }

  const admin: SandboxAdmin = {
    addFault: (r) => base.faults.add(r),
    clearFaults: () => base.faults.clear(),
    counts: () => structuredClone(base.counts),
    records: (kind) => (kind === 'cases' || kind === 'incident' ? records.map((r) => view(r, null)) : kind === 'raw' ? structuredClone(records) : []),
    reset: () => {
      base.counts = SandboxBase.emptyCounts();
      base.faults.clear();
      base.log = [];
      records = [];
    },
    setOutage: (on) => void (base.outage = on),
    setOrder: () => false,
  };

  /** Moves a case along as a technician would: by correlation id or sys_id; canonical `status` or native `state`/`assigned_to`. */
  const setCase = (ref: string, change: { status?: string; state?: string; assigned_to?: string }): boolean => {
    const rec = records.find((r) => r.correlation_id.toLowerCase() === ref.toLowerCase() || r.sys_id === ref);
    if (!rec) return false;
    if (change.status) {
      rec.state = STATE_OF[rec.table]?.[change.status] ?? rec.state;
      if (change.status === 'assigned' && !rec.assigned_to) rec.assigned_to = 'tech.demo';
    }
    if (change.state) rec.state = change.state;
    if (change.assigned_to !== undefined) rec.assigned_to = change.assigned_to;
    rec.sys_updated_on = snTime(Date.now());
    return true;
  };

  const server = await base.listen(opts.port ?? 0, handle, async (ctx) => {
    const cm = /^\/__sandbox\/cases\/([^/]+)$/.exec(ctx.url.pathname);
    if (cm && ctx.req.method === 'POST') {
      const change = JSON.parse(ctx.body || '{}') as { status?: string; state?: string; assigned_to?: string };
      sendJson(ctx.res, setCase(decodeURIComponent(cm[1]!), change) ? 200 : 404, { ok: true });
      return true;
    }
    return base.adminRoute(ctx, admin);
  });
  return { url: server.url, adminUrl: `${server.url}/__sandbox`, port: server.port, admin: { ...admin, setCase } as SandboxAdmin & { setCase: typeof setCase }, base, close: server.close };
}
