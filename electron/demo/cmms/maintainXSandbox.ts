import type { FaultRule } from '../erp/faultRules.ts';
import { type RequestCtx, SandboxBase, type SandboxAdmin, type SandboxHandle, sendJson } from '../erp/sandboxBase.ts';
import { type ErrorWriter, faultAfter, faultBefore, lateCommitDelay } from './cmmsFaults.ts';

export interface MaintainXSandboxOptions {
  port?: number;
  apiKeys?: string[];
  /** When set, every request must carry this x-organization-id (multi-organisation tokens). */
  organizationId?: string;
  faults?: FaultRule[];
}

export interface MxWorkOrder {
  id: number;
  title: string;
  description: string;
  priority: string;
  status: string;
  assetId: number | null;
  locationId: number | null;
  assigneeIds: number[];
  externalData: unknown;
  extraFields: unknown;
  createdAt: string;
  updatedAt: string;
  comments: { id: number; content: string; createdAt: string }[];
}

const PRIORITIES = new Set(['NONE', 'LOW', 'MEDIUM', 'HIGH']);
const STATUSES = new Set(['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'CLOSED']);
const STATUS_OF: Record<string, string> = { new: 'OPEN', assigned: 'OPEN', in_progress: 'IN_PROGRESS', closed: 'COMPLETED' };

const writeError: ErrorWriter = (ctx, status, message, headers = {}) => sendJson(ctx.res, status, { errors: [{ message }] }, headers);

const caseIdOf = (w: { externalData: unknown }): string => {
  const c = (w.externalData as { caseId?: unknown } | null)?.caseId;
  return typeof c === 'string' ? c : '';
};

/**
 * MaintainX REST sandbox (contracts §4.2/§6): /v1/workorders POST/GET (cursor paging, newest first,
 * `assetId` filter), /{id} GET/PATCH, comments, /v1/workrequests; Bearer and x-organization-id checks;
 * numeric ids; externalData kept exactly as sent; scripted faults; duplicates accepted and counted.
 */
export async function startMaintainXSandbox(opts: MaintainXSandboxOptions = {}): Promise<SandboxHandle & { base: SandboxBase }> {
  const base = new SandboxBase();
  const keys = opts.apiKeys ?? ['demo-key'];
  let orders: MxWorkOrder[] = [];
  let requests: { id: number; title: string; createdAt: string }[] = [];
  let nextId = 12001;
  let nextComment = 1;
  for (const f of opts.faults ?? []) base.faults.add(f);

  const json = (w: MxWorkOrder) => {
    const { comments: _c, ...rest } = w;
    return rest;
  };

  function store(b: Record<string, unknown>): MxWorkOrder {
    const at = new Date().toISOString();
    const w: MxWorkOrder = {
      id: nextId++,
      title: String(b.title),
      description: typeof b.description === 'string' ? b.description : '',
      priority: typeof b.priority === 'string' ? b.priority : 'NONE',
      status: 'OPEN',
      assetId: typeof b.assetId === 'number' ? b.assetId : null,
      locationId: typeof b.locationId === 'number' ? b.locationId : null,
      assigneeIds: [],
      externalData: b.externalData ?? null,
      extraFields: b.extraFields ?? null,
      createdAt: at,
      updatedAt: at,
      comments: [],
    };
    orders.push(w);
    base.countCreate(caseIdOf(w) || String(w.id));
    return w;
  }

  async function handle(ctx: RequestCtx): Promise<void> {
    const { req, res, url } = ctx;
    const method = req.method ?? 'GET';
    const p = url.pathname;
    base.countRequest(`${method} ${p.replace(/\/\d+/g, '/{id}')}`);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !keys.includes(bearer)) return writeError(ctx, 401, 'Unauthorized: missing or wrong API key');
    if (opts.organizationId && req.headers['x-organization-id'] !== opts.organizationId) return writeError(ctx, 403, 'This token needs an x-organization-id header naming one of its organizations');
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH') {
      try {
        body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
      } catch {
        return writeError(ctx, 400, 'Body is not valid JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return writeError(ctx, 400, 'Body must be a JSON object');
    }

    if (p === '/v1/workorders' && method === 'POST') {
      const ref = caseIdOf({ externalData: body.externalData });
      ctx.log.references.push(ref);
      for (const k of url.searchParams.keys()) if (k !== 'skipWebhook') return writeError(ctx, 400, `Unsupported query parameter ${k}`);
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.create', reference: ref }), writeError);
      if (a === 'handled') return;
      if (typeof body.title !== 'string' || body.title.length === 0) return writeError(ctx, 400, 'title is required');
      if (body.priority !== undefined && !PRIORITIES.has(String(body.priority))) return writeError(ctx, 400, `priority must be one of ${[...PRIORITIES].join(', ')}`);
      const late = lateCommitDelay(a);
      if (late !== null) {
        setTimeout(() => store(body), late);
        return writeError(ctx, 504, 'Gateway timeout');
      }
      const w = store(body);
      ctx.log.committed = 1;
      if (await faultAfter(ctx, a)) return;
      return sendJson(res, 201, json(w));
    }
    if (p === '/v1/workorders' && method === 'GET') {
      const allowed = new Set(['limit', 'cursor', 'assetId']);
      for (const k of url.searchParams.keys()) if (!allowed.has(k)) return writeError(ctx, 400, `Unsupported query parameter ${k}`);
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
      if (a === 'handled') return;
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200 || !Number.isInteger(offset) || offset < 0) return writeError(ctx, 400, 'limit is 1 to 200; cursor comes from nextCursor');
      const asset = url.searchParams.get('assetId');
      const all = orders.filter((w) => asset === null || String(w.assetId) === asset).sort((x, y) => y.id - x.id);
      const page = all.slice(offset, offset + limit);
      return sendJson(res, 200, { workOrders: page.map(json), nextCursor: offset + limit < all.length ? String(offset + limit) : null });
    }
    const one = /^\/v1\/workorders\/(\d+)(\/comments)?$/.exec(p);
    if (one) {
      const w = orders.find((x) => x.id === Number(one[1]));
      if (!w) return writeError(ctx, 404, `Work order ${one[1]} not found`);
      if (one[2]) {
        if (method === 'GET') return sendJson(res, 200, { comments: w.comments });
        if (method === 'POST') {
          if (typeof body.content !== 'string' || !body.content) return writeError(ctx, 400, 'content is required');
          const c = { id: nextComment++, content: body.content, createdAt: new Date().toISOString() };
          w.comments.push(c);
          ctx.log.committed = 1;
          return sendJson(res, 201, c);
        }
      } else {
        if (method === 'GET') {
          const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
          if (a === 'handled') return;
          return sendJson(res, 200, json(w));
        }
        if (method === 'PATCH') {
          if (body.status !== undefined && !STATUSES.has(String(body.status))) return writeError(ctx, 400, `status must be one of ${[...STATUSES].join(', ')}`);
          if (typeof body.status === 'string') w.status = body.status;
          if (Array.isArray(body.assigneeIds)) w.assigneeIds = body.assigneeIds.filter((x): x is number => typeof x === 'number');
          if (typeof body.title === 'string') w.title = body.title;
          w.updatedAt = new Date().toISOString();
          return sendJson(res, 200, json(w));
        }
      }
      return writeError(ctx, 405, `Method ${method} not allowed here`);
    }
    if (p === '/v1/workrequests' && method === 'POST') {
      if (typeof body.title !== 'string' || !body.title) return writeError(ctx, 400, 'title is required');
      const r = { id: nextId++, title: body.title, createdAt: new Date().toISOString() };
      requests.push(r);
      return sendJson(res, 201, r);
    }
    return writeError(ctx, 404, `No route ${method} ${p}`);
  }

  const setCase = (ref: string, change: { status?: string; assigneeIds?: number[] }): boolean => {
    const w = orders.find((x) => caseIdOf(x).toLowerCase() === ref.toLowerCase() || String(x.id) === ref);
    if (!w) return false;
    if (change.status) {
      w.status = STATUS_OF[change.status] ?? (STATUSES.has(change.status) ? change.status : w.status);
      if (change.status === 'assigned' && w.assigneeIds.length === 0) w.assigneeIds = [501];
    }
    if (change.assigneeIds) w.assigneeIds = change.assigneeIds;
    w.updatedAt = new Date().toISOString();
    return true;
  };

  const admin: SandboxAdmin = {
    addFault: (r) => base.faults.add(r),
    clearFaults: () => base.faults.clear(),
    counts: () => structuredClone(base.counts),
    records: (kind) => (kind === 'cases' || kind === 'workorders' ? orders.map((w) => structuredClone(w)) : kind === 'workrequests' ? structuredClone(requests) : []),
    reset: () => {
      base.counts = SandboxBase.emptyCounts();
      base.faults.clear();
      base.log = [];
      orders = [];
      requests = [];
    },
    setOutage: (on) => void (base.outage = on),
    setOrder: () => false,
  };
  const server = await base.listen(opts.port ?? 0, handle, async (ctx) => {
    const cm = /^\/__sandbox\/cases\/([^/]+)$/.exec(ctx.url.pathname);
    if (cm && ctx.req.method === 'POST') {
      const change = JSON.parse(ctx.body || '{}') as { status?: string; assigneeIds?: number[] };
      sendJson(ctx.res, setCase(decodeURIComponent(cm[1]!), change) ? 200 : 404, { ok: true });
      return true;
    }
    return base.adminRoute(ctx, admin);
  });
  return { url: server.url, adminUrl: `${server.url}/__sandbox`, port: server.port, admin: { ...admin, setCase } as SandboxAdmin & { setCase: typeof setCase }, base, close: server.close };
}
