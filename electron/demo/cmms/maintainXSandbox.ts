import type { FaultRule } from '../erp/faultRules.ts';
import { type RequestCtx, SandboxBase, type SandboxAdmin, type SandboxHandle, sendJson } from '../erp/sandboxBase.ts';
import { type ErrorWriter, faultAfter, faultBefore, lateCommitDelay } from './cmmsFaults.ts';
import { bodySchema, check, checkQuery, loadOpenApi, operation } from './openApiCheck.ts';

export interface MaintainXSandboxOptions {
  port?: number;
  apiKeys?: string[];
  /** When set, every request must carry this x-organization-id (multi-organisation tokens). */
  organizationId?: string;
  faults?: FaultRule[];
  /** The sandbox's clock for createdAt/updatedAt (tests place a work order days back); the real time by default. */
  now?: () => number;
}

/** A work order as GET /workorders/{id} returns it (the published schema's names), plus its comments. */
export interface MxWorkOrder {
  id: number;
  sequentialId: number;
  organizationId: number;
  creatorId: number;
  title: string;
  description: string;
  priority: string;
  status: string;
  assetId: number | null;
  locationId: number | null;
  assigneeIds: number[];
  teamIds: number[];
  externalData: unknown;
  createdAt: string;
  updatedAt: string;
  comments: { id: number; authorId: number; content: string; createdAt: string }[];
}

/**
 * MaintainX's published OpenAPI description (https://api.getmaintainx.com/v1/openapi.json), the work-order
 * paths; where the copy comes from is written in the file's "x-source".
 */
export const MAINTAINX_OPENAPI = loadOpenApi(new URL('./maintainx-openapi.workorders.json', import.meta.url));
const op = (path: string, method: string) => operation(MAINTAINX_OPENAPI, path, method);
const OPS = {
  create: op('/workorders', 'POST'),
  list: op('/workorders', 'GET'),
  get: op('/workorders/{id}', 'GET'),
  patch: op('/workorders/{id}', 'PATCH'),
  status: op('/workorders/{id}/status', 'PATCH'),
  comments: op('/workorders/{id}/comments', 'GET'),
  comment: op('/workorders/{id}/comments', 'POST'),
  user: op('/users/{id}', 'GET'),
  team: op('/teams/{id}', 'GET'),
};
/** The organisation's people and teams the demo assigns work orders to (GET /users/{id}, GET /teams/{id}). */
const USERS: Readonly<Record<number, { firstName: string; lastName: string }>> = { 501: { firstName: 'Tess', lastName: 'Technician' }, 502: { firstName: 'Marco', lastName: 'Rossi' } };
const TEAMS: Readonly<Record<number, string>> = { 77: 'Mechanics' };
const STATUSES = ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'DONE', 'CANCELED', 'SKIPPED'];
const STATUS_OF: Record<string, string> = { new: 'OPEN', assigned: 'OPEN', in_progress: 'IN_PROGRESS', closed: 'DONE' };

/**
 * Error bodies as the description gives them: 400 `{ errors: [{ error, fieldPath }] }`, 404 `{ error }`.
 * 401's body is not described (only its status); `{ error }` here is the sandbox's choice.
 */
const writeError: ErrorWriter = (ctx, status, message, headers = {}) => sendJson(ctx.res, status, status === 400 ? { errors: [{ error: message, fieldPath: null }] } : { error: message }, headers);
const refuse = (ctx: RequestCtx, errors: { error: string; fieldPath: string }[]) => sendJson(ctx.res, 400, { errors });

const caseIdOf = (w: { externalData: unknown }): string => {
  const c = (w.externalData as { caseId?: unknown } | null)?.caseId;
  return typeof c === 'string' ? c : '';
};

/** Cursors are opaque to clients; here an offset in base64url. */
const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
const offsetOf = (cursor: string | null): number | null => {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
};

/**
 * MaintainX REST sandbox that follows the published OpenAPI description: every query parameter and body
 * is checked against it (unknown query parameters and unknown body properties are refused, so a misspelt
 * field fails here as it would be ignored or refused there); answers have the described shapes: POST
 * /workorders → 200 `{ id }`; GET /workorders → `{ workOrders, nextCursor, nextPageUrl }` whose items do not
 * carry externalData; GET /workorders/{id} → `{ workOrder }`; status only through PATCH …/status; comments
 * paged by cursor. Bearer and x-organization-id checks, scripted faults, duplicates accepted and counted.
 */
export async function startMaintainXSandbox(opts: MaintainXSandboxOptions = {}): Promise<SandboxHandle & { base: SandboxBase }> {
  const base = new SandboxBase();
  const keys = opts.apiKeys ?? ['demo-key'];
  let orders: MxWorkOrder[] = [];
  let nextId = 12001;
  let nextSeq = 1;
  let nextComment = 1;
  for (const f of opts.faults ?? []) base.faults.add(f);

  /** A list item: the described list schema has no externalData, assigneeIds or teamIds. */
  const listItem = (w: MxWorkOrder) => ({
    id: w.id,
    sequentialId: w.sequentialId,
    organizationId: w.organizationId,
    creatorId: w.creatorId,
    title: w.title,
    description: w.description,
    priority: w.priority,
    status: w.status,
    locationId: w.locationId,
    assignees: [...w.assigneeIds.map((id) => ({ type: 'USER', id })), ...w.teamIds.map((id) => ({ type: 'TEAM', id }))],
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  });
  const full = (w: MxWorkOrder) => {
    const { comments: _c, ...rest } = w;
    return { ...rest, assignees: listItem(w).assignees };
  };

  const nowIso = () => new Date(opts.now ? opts.now() : Date.now()).toISOString();

  function store(b: Record<string, unknown>): MxWorkOrder {
    const at = nowIso();
    const w: MxWorkOrder = {
      id: nextId++,
      sequentialId: nextSeq++,
      organizationId: Number(opts.organizationId ?? 1),
      creatorId: 1,
      title: String(b.title),
      description: typeof b.description === 'string' ? b.description : '',
      priority: typeof b.priority === 'string' ? b.priority : 'NONE',
      status: 'OPEN',
      assetId: typeof b.assetId === 'number' ? b.assetId : null,
      locationId: typeof b.locationId === 'number' ? b.locationId : null,
      assigneeIds: [],
      teamIds: [],
      externalData: b.externalData ?? null,
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
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !keys.includes(bearer)) return writeError(ctx, 401, 'Unauthorized');
    const org = req.headers['x-organization-id'];
    if (org !== undefined && !/^\d+$/.test(String(org))) return refuse(ctx, [{ error: 'must be integer', fieldPath: 'x-organization-id' }]);
    if (opts.organizationId && org !== opts.organizationId) return writeError(ctx, 400, 'Missing x-organization-id header.');
    let body: unknown = {};
    if (method === 'POST' || method === 'PATCH') {
      try {
        body = JSON.parse(ctx.body || '{}') as unknown;
      } catch {
        return writeError(ctx, 400, 'Body is not valid JSON');
      }
    }
    const b = (body ?? {}) as Record<string, unknown>;
    const checked = (o: typeof OPS.create): boolean => {
      const problems = [...checkQuery(o, url.searchParams), ...(method === 'GET' ? [] : check(bodySchema(o), body, '', true))];
      if (problems.length > 0) refuse(ctx, problems);
      return problems.length === 0;
    };

    if (p === '/v1/workorders' && method === 'POST') {
      const ref = caseIdOf({ externalData: b.externalData });
      ctx.log.references.push(ref);
      if (!checked(OPS.create)) return;
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.create', reference: ref }), writeError);
      if (a === 'handled') return;
      const late = lateCommitDelay(a);
      if (late !== null) {
        setTimeout(() => store(b), late);
        return writeError(ctx, 504, 'Gateway timeout');
      }
      const w = store(b);
      ctx.log.committed = 1;
      if (await faultAfter(ctx, a)) return;
      return sendJson(res, 200, { id: w.id });
    }
    if (p === '/v1/workorders' && method === 'GET') {
      if (!checked(OPS.list)) return;
      const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
      if (a === 'handled') return;
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const offset = offsetOf(url.searchParams.get('cursor'));
      if (offset === null) return refuse(ctx, [{ error: 'is not a cursor this API gave', fieldPath: 'cursor' }]);
      const assets = url.searchParams.getAll('assets').map(Number);
      const statuses = url.searchParams.getAll('statuses');
      const sort = url.searchParams.get('sort') ?? '-createdAt';
      const key = sort.replace(/^-/, '') as 'createdAt' | 'updatedAt';
      const dir = sort.startsWith('-') ? -1 : 1;
      const all = orders
        .filter((w) => (assets.length === 0 || (w.assetId !== null && assets.includes(w.assetId))) && (statuses.length === 0 || statuses.includes(w.status)))
        .sort((x, y) => (String(x[key] ?? '') < String(y[key] ?? '') ? -dir : String(x[key] ?? '') > String(y[key] ?? '') ? dir : (x.id - y.id) * dir));
      const page = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      const next = new URLSearchParams(url.searchParams);
      next.set('cursor', cursorOf(offset + limit));
      return sendJson(res, 200, { workOrders: page.map(listItem), nextCursor: more ? cursorOf(offset + limit) : null, nextPageUrl: more ? `/v1/workorders?${next}` : null });
    }
    const person = /^\/v1\/(users|teams)\/(\d+)$/.exec(p);
    if (person && method === 'GET') {
      if (!checked(person[1] === 'users' ? OPS.user : OPS.team)) return;
      const id = Number(person[2]);
      if (person[1] === 'users') {
        const u = USERS[id];
        return u ? sendJson(res, 200, { user: { id, ...u, role: 'MEMBER', removedFromOrganization: false } }) : writeError(ctx, 404, 'User Not Found');
      }
      const t = TEAMS[id];
      return t ? sendJson(res, 200, { team: { id, name: t, membersCount: 2 } }) : writeError(ctx, 404, 'Team Not Found');
    }
    const one = /^\/v1\/workorders\/(\d+)(\/comments|\/status)?$/.exec(p);
    if (one) {
      const w = orders.find((x) => x.id === Number(one[1]));
      if (!w) return writeError(ctx, 404, 'Work Order Not Found');
      if (one[2] === '/comments') {
        if (method === 'GET') {
          if (!checked(OPS.comments)) return;
          const limit = Number(url.searchParams.get('limit') ?? 100);
          const offset = offsetOf(url.searchParams.get('cursor'));
          if (offset === null) return refuse(ctx, [{ error: 'is not a cursor this API gave', fieldPath: 'cursor' }]);
          const more = offset + limit < w.comments.length;
          return sendJson(res, 200, { comments: w.comments.slice(offset, offset + limit), nextCursor: more ? cursorOf(offset + limit) : null, nextPageUrl: more ? `${p}?cursor=${cursorOf(offset + limit)}&limit=${limit}` : null });
        }
        if (method === 'POST') {
          if (!checked(OPS.comment)) return;
          const c = { id: nextComment++, authorId: 1, content: String(b.content), createdAt: new Date().toISOString() };
          w.comments.push(c);
          ctx.log.committed = 1;
          return sendJson(res, 201, { id: c.id });
        }
      } else if (one[2] === '/status') {
        if (method === 'PATCH') {
          if (!checked(OPS.status)) return;
          if (typeof b.status === 'string') w.status = b.status;
          w.updatedAt = nowIso();
          return sendJson(res, 200, { workOrder: full(w) });
        }
      } else {
        if (method === 'GET') {
          if (!checked(OPS.get)) return;
          const a = await faultBefore(ctx, base.faults.take({ op: 'case.read' }), writeError);
          if (a === 'handled') return;
          return sendJson(res, 200, { workOrder: full(w) });
        }
        if (method === 'PATCH') {
          if (!checked(OPS.patch)) return;
          if (Array.isArray(b.assignees)) {
            const list = b.assignees as { type: string; id: unknown }[];
            w.assigneeIds = list.filter((x) => x.type === 'USER' && typeof x.id === 'number').map((x) => x.id as number);
            w.teamIds = list.filter((x) => x.type === 'TEAM' && typeof x.id === 'number').map((x) => x.id as number);
          }
          if (typeof b.priority === 'string') w.priority = b.priority;
          w.updatedAt = nowIso();
          return sendJson(res, 200, { workOrder: full(w) });
        }
      }
      return writeError(ctx, 405, `Method ${method} not allowed here`);
    }
    return writeError(ctx, 404, `No route ${method} ${p}`);
  }

  const setCase = (ref: string, change: { status?: string; assigneeIds?: number[]; teamIds?: number[] }): boolean => {
    const w = orders.find((x) => caseIdOf(x).toLowerCase() === ref.toLowerCase() || String(x.id) === ref);
    if (!w) return false;
    if (change.status) {
      w.status = STATUS_OF[change.status] ?? (STATUSES.includes(change.status) ? change.status : w.status);
      if (change.status === 'assigned' && w.assigneeIds.length === 0) w.assigneeIds = [501];
    }
    if (change.assigneeIds) w.assigneeIds = change.assigneeIds;
    if (change.teamIds) w.teamIds = change.teamIds;
    w.updatedAt = nowIso();
    return true;
  };

  const admin: SandboxAdmin = {
    addFault: (r) => base.faults.add(r),
    clearFaults: () => base.faults.clear(),
    counts: () => structuredClone(base.counts),
    records: (kind) => (kind === 'cases' || kind === 'workorders' ? orders.map((w) => structuredClone(w)) : []),
    reset: () => {
      base.counts = SandboxBase.emptyCounts();
      base.faults.clear();
      base.log = [];
      orders = [];
    },
    setOutage: (on) => void (base.outage = on),
    setOrder: () => false,
  };
  const server = await base.listen(opts.port ?? 0, handle, async (ctx) => {
    const cm = /^\/__sandbox\/cases\/([^/]+)$/.exec(ctx.url.pathname);
    if (cm && ctx.req.method === 'POST') {
      const change = JSON.parse(ctx.body || '{}') as { status?: string; assigneeIds?: number[]; teamIds?: number[] };
      sendJson(ctx.res, setCase(decodeURIComponent(cm[1]!), change) ? 200 : 404, { ok: true });
      return true;
    }
    return base.adminRoute(ctx, admin);
  });
  return { url: server.url, adminUrl: `${server.url}/__sandbox`, port: server.port, admin: { ...admin, setCase } as SandboxAdmin & { setCase: typeof setCase }, base, close: server.close };
}
