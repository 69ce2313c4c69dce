import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { FaultAction, FaultRule } from './faultRules.ts';
import { restHoldsRoutes } from './holdsRest.ts';
import { type RequestCtx, SandboxBase, type SandboxAdmin, type SandboxHandle, changeStamp, sendJson, sleep } from './sandboxBase.ts';
import { demoSeed, type ErpSeed, type SeedOrder } from './seed.ts';

export interface RestErpSandboxOptions {
  port?: number;
  seed?: ErpSeed;
  apiKeys?: string[];
  /** Idempotency-Key semantics (on by default). */
  idempotency?: boolean;
  faults?: FaultRule[];
}

interface RestConfirmation {
  id: string;
  erpId: string;
  status: 'posted' | 'cancelled';
  orderId: string;
  operation: string;
  yield: string;
  scrap: string;
  rework: string;
  unit: string;
  body: unknown;
  postedAt: string;
}

type Problem = { status: number; code: string; title: string; detail?: string; headers?: Record<string, string> };
const problem = (res: http.ServerResponse, p: Problem) => {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify({ type: `https://erp.example/problems/${p.code.toLowerCase()}`, title: p.title, status: p.status, code: p.code, ...(p.detail ? { detail: p.detail } : {}) });
  res.writeHead(p.status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text), ...(p.headers ?? {}) });
  res.end(text);
};

function faultProblem(a: FaultAction): Problem | null {
  switch (a.kind) {
    case 'status':
      return { status: a.status, code: 'UNAVAILABLE', title: 'Service unavailable', headers: a.retryAfterS !== undefined ? { 'retry-after': String(a.retryAfterS) } : {} };
    case 'rateLimit':
      return { status: 429, code: 'RATE_LIMITED', title: 'Too many requests', headers: { 'retry-after': String(a.retryAfterS) } };
    case 'locked':
      return { status: 423, code: 'ORDER_LOCKED', title: 'Order is locked', headers: { 'retry-after': '2' } };
    case 'reject':
      return { status: a.status ?? 422, code: a.code, title: a.message };
    default:
      return null;
  }
}

/** Our generic REST ERP (contracts §3), with Idempotency-Key replay, problem+json, cursors and scripted faults. */
export async function startRestErpSandbox(opts: RestErpSandboxOptions = {}): Promise<SandboxHandle & { base: SandboxBase }> {
  const base = new SandboxBase();
  // Holds (/erp/v1/holds) live in their own file; the sandbox only routes to them.
  const holds = restHoldsRoutes(base, { idempotency: opts.idempotency });
  const keys = opts.apiKeys ?? ['demo-key'];
  let seed = opts.seed ?? demoSeed();
  let orders = new Map<string, SeedOrder>();
  let confirmations: RestConfirmation[] = [];
  const idem = new Map<string, { hash: string; status: number; body: unknown }>();
  let nextErp = 1;
  const loadSeed = (s: ErpSeed) => void (orders = new Map(s.orders.map((o) => [o.id, structuredClone(o)])));
  loadSeed(seed);
  for (const f of opts.faults ?? []) base.faults.add(f);

  /** Checks and commits one confirmation body. */
  function create(b: Record<string, unknown>): { status: number; body: unknown } {
    const id = String(b.id ?? '');
    const order = (b.order ?? {}) as { id?: unknown; operation?: unknown };
    const q = (b.quantities ?? {}) as Record<string, unknown>;
    if (!/^[0-9a-f-]{36}$/i.test(id) || !order.id || !q.yield || !q.unit) return { status: 400, body: { code: 'VALIDATION_FAILED', title: 'id, order.id, quantities.yield and quantities.unit are required' } };
    const o = orders.get(String(order.id));
    if (!o) return { status: 404, body: { code: 'ORDER_NOT_FOUND', title: `Order ${String(order.id)} not found` } };
    if (o.closed) return { status: 422, body: { code: 'ORDER_CLOSED', title: `Order ${o.id} is closed` } };
    if (o.locked) return { status: 423, body: { code: 'ORDER_LOCKED', title: `Order ${o.id} is locked` } };
    if (q.unit !== o.unit) return { status: 422, body: { code: 'UNIT_MISMATCH', title: `Unit ${String(q.unit)} does not match ${o.unit}` } };
    // The reference is unique (contracts §3): a second record under it is refused with the first one's id,
    // so two consoles posting the same business key at the same moment leave one record.
    const existing = confirmations.find((c) => c.id === id.toLowerCase());
    if (existing) return { status: 409, body: { code: 'DUPLICATE_REFERENCE', title: `Reference ${id} is already confirmation ${existing.erpId}`, erpId: existing.erpId } };
    const op = o.operations.find((x) => x.operationId === String(order.operation ?? '0010'));
    if (!op) return { status: 422, body: { code: 'VALIDATION_FAILED', title: `Operation ${String(order.operation)} not in order ${o.id}` } };
    op.confirmedYield += Number(q.yield);
    op.confirmedScrap += Number(q.scrap ?? 0);
    o.lastChangeMs = Date.now();
    const c: RestConfirmation = { id: id.toLowerCase(), erpId: `CONF-${nextErp++}`, status: 'posted', orderId: o.id, operation: op.operationId, yield: String(q.yield), scrap: String(q.scrap ?? '0'), rework: String(q.rework ?? '0'), unit: String(q.unit), body: b, postedAt: new Date().toISOString() };
    confirmations.push(c);
    base.countCreate(c.id);
    return { status: 201, body: { ...b, erpId: c.erpId, status: c.status } };
  }

  /** Runs `fn` under Idempotency-Key semantics: same key + same body replays, another body is KEY_REUSED. */
  function withKey(key: string | undefined, body: unknown, fn: () => { status: number; body: unknown }): { status: number; body: unknown; replayed: boolean } {
    if (opts.idempotency === false || !key) return { ...fn(), replayed: false };
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const seen = idem.get(key);
    if (seen) {
      if (seen.hash !== hash) return { status: 422, body: { code: 'KEY_REUSED', title: 'This Idempotency-Key was used with another body' }, replayed: false };
      return { status: seen.status, body: seen.body, replayed: true };
    }
    const r = fn();
    if (r.status < 500) idem.set(key, { hash, status: r.status, body: r.body });
    return { ...r, replayed: false };
  }

  async function pre(ctx: RequestCtx, a: FaultAction | null): Promise<'handled' | FaultAction | null> {
    if (!a) return null;
    ctx.log.fault = a.kind;
    if (a.kind === 'delay') return sleep(a.ms).then(() => null);
    if (a.kind === 'resetBeforeCommit') return ctx.req.socket.resetAndDestroy(), 'handled';
    const p = faultProblem(a);
    if (p) return problem(ctx.res, p), 'handled';
    return a;
  }
  async function post(ctx: RequestCtx, a: FaultAction | null): Promise<boolean> {
    if (!a) return false;
    if (a.kind === 'resetAfterCommit') return ctx.req.socket.resetAndDestroy(), true;
    if (a.kind === 'commitThenHang') {
      if (a.respondAfterMs === undefined) return true;
      await sleep(a.respondAfterMs);
    }
    return false;
  }

  const send = (res: http.ServerResponse, r: { status: number; body: unknown; replayed?: boolean }) => {
    if (r.status >= 400) {
      const b = r.body as { code: string; title: string };
      return problem(res, { status: r.status, code: b.code, title: b.title });
    }
    sendJson(res, r.replayed ? 200 : r.status, r.body, r.replayed ? { 'idempotent-replayed': 'true' } : {});
  };

  const workOrderJson = (o: SeedOrder) => ({
    id: o.id,
    type: o.type,
    material: o.material,
    plant: o.plant,
    plannedQty: String(o.plannedQty),
    confirmedYield: String(o.operations.reduce((n, x) => n + x.confirmedYield, 0)),
    unit: o.unit,
    status: { released: !o.closed, closed: o.closed, locked: o.locked },
    changedAt: changeStamp(o.lastChangeMs),
    operations: o.operations.map((op) => ({ operation: op.operationId, sequence: op.sequence, text: op.text, workCenter: op.workCenter, plannedQty: String(op.plannedQty), confirmedYield: String(op.confirmedYield), confirmedScrap: String(op.confirmedScrap), released: !o.closed, confirmed: false })),
  });

  async function handle(ctx: RequestCtx): Promise<void> {
    const { req, res, url } = ctx;
    const p = url.pathname;
    const method = req.method ?? 'GET';
    base.countRequest(`${method} ${p.replace(/\/erp\/v1\/(confirmations|work-orders|holds)\/[^/:]+/, '/erp/v1/$1/{id}')}`);
    if (p === '/erp/v1/health') return sendJson(res, 200, { status: 'ok' });
    const key = req.headers['x-api-key'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!keys.includes(String(key ?? bearer ?? ''))) return problem(res, { status: 401, code: 'UNAUTHORIZED', title: 'Missing or wrong API key' });
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
      } catch {
        return problem(res, { status: 400, code: 'VALIDATION_FAILED', title: 'The body is not JSON' });
      }
    }
    if (p === '/erp/v1/confirmations' && method === 'POST') {
      const ref = String(body.id ?? '');
      ctx.log.references.push(ref);
      const orderId = String((body.order as { id?: unknown } | undefined)?.id ?? '');
      const a = await pre(ctx, base.faults.take({ op: 'confirmation.create', orderId, material: orders.get(orderId)?.material, reference: ref }));
      if (a === 'handled') return;
      const r = withKey(req.headers['idempotency-key'] as string | undefined, body, () => create(body));
      if (r.status === 201) ctx.log.committed = 1;
      if (await post(ctx, a)) return;
      return send(res, r);
    }
    if (p === '/erp/v1/confirmations:batch' && method === 'POST') {
      base.counts.batches += 1;
      const a0 = await pre(ctx, base.faults.take({ op: 'batch' }));
      if (a0 === 'handled') return;
      const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : null;
      if (!items || items.length > 100) return problem(res, { status: 400, code: 'VALIDATION_FAILED', title: 'items: 1 to 100 confirmations' });
      const results: unknown[] = [];
      let after: FaultAction | null = null;
      for (const it of items) {
        const ref = String(it.id ?? '');
        ctx.log.references.push(ref);
        const orderId = String((it.order as { id?: unknown } | undefined)?.id ?? '');
        const a = base.faults.take({ op: 'changeset', orderId, reference: ref }) ?? base.faults.take({ op: 'confirmation.create', orderId, material: orders.get(orderId)?.material, reference: ref });
        if (a) ctx.log.fault = a.kind;
        if (a?.kind === 'resetBeforeCommit') return void req.socket.resetAndDestroy();
        const fp = a ? faultProblem(a) : null;
        if (fp) {
          results.push({ id: ref, status: fp.status, error: { code: fp.code, title: fp.title } });
          continue;
        }
        let r = withKey(ref, it, () => create(it));
        // The same reference with another body (another console's capture of the same business key): the
        // reference's own rule answers, not the key's.
        if (r.status === 422 && (r.body as { code?: string }).code === 'KEY_REUSED' && confirmations.some((c) => c.id === ref.toLowerCase())) r = { ...create(it), replayed: false };
        if (r.status < 300) ctx.log.committed += 1;
        results.push(r.status < 300 ? { id: ref, status: r.status, confirmation: r.body } : { id: ref, status: r.status, error: r.body });
        if (a && (a.kind === 'resetAfterCommit' || a.kind === 'commitThenHang')) after = a;
        if (after && (await post(ctx, after))) return;
        after = null;
      }
      return sendJson(res, 200, { results });
    }
    if (p === '/erp/v1/confirmations' && method === 'GET') {
      const a = await pre(ctx, base.faults.take({ op: 'confirmation.read' }));
      if (a === 'handled') return;
      const refs = url.searchParams.getAll('reference').map((r) => r.toLowerCase());
      if (refs.length > 50) return problem(res, { status: 400, code: 'VALIDATION_FAILED', title: 'at most 50 references per query' });
      const orderId = url.searchParams.get('orderId');
      const items = confirmations.filter((c) => (refs.length === 0 || refs.includes(c.id)) && (!orderId || c.orderId === orderId));
      // Who posted it, from where and when, as the body said (capturedBy/capturedByName/capturedOn/capturedAt):
      // another console's read-back shows them to its supervisor.
      const who = (b: unknown) => {
        const x = (b ?? {}) as Record<string, unknown>;
        return Object.fromEntries((['capturedAt', 'capturedBy', 'capturedByName', 'capturedOn'] as const).filter((k) => typeof x[k] === 'string').map((k) => [k, x[k] as string]));
      };
      return sendJson(res, 200, { items: items.map((c) => ({ id: c.id, erpId: c.erpId, status: c.status, orderId: c.orderId, yield: c.yield, scrap: c.scrap, rework: c.rework, unit: c.unit, ...who(c.body) })) });
    }
    const cancelM = /^\/erp\/v1\/confirmations\/([^/]+)\/cancel$/.exec(p);
    if (cancelM && method === 'POST') {
      const a = await pre(ctx, base.faults.take({ op: 'confirmation.cancel' }));
      if (a === 'handled') return;
      const r = withKey(req.headers['idempotency-key'] as string | undefined, body, () => {
        const c = confirmations.find((x) => x.erpId === cancelM[1]);
        if (!c) return { status: 404, body: { code: 'ORDER_NOT_FOUND', title: `No confirmation ${cancelM[1]}` } };
        if (c.status === 'cancelled') return { status: 422, body: { code: 'VALIDATION_FAILED', title: `Confirmation ${c.erpId} is already cancelled` } };
        c.status = 'cancelled';
        const o = orders.get(c.orderId)!;
        const op = o.operations.find((x) => x.operationId === c.operation)!;
        op.confirmedYield -= Number(c.yield);
        op.confirmedScrap -= Number(c.scrap);
        o.lastChangeMs = Date.now();
        return { status: 201, body: { erpId: c.erpId, status: c.status, cancelId: body.id ?? randomUUID() } };
      });
      if (await post(ctx, a)) return;
      return send(res, r);
    }
    if (p === '/erp/v1/work-orders' && method === 'GET') {
      const a = await pre(ctx, base.faults.take({ op: 'order.read' }));
      if (a === 'handled') return;
      const allowed = new Set(['plant', 'workCenter', 'status', 'changedSince', 'limit', 'cursor']);
      for (const k of url.searchParams.keys()) if (!allowed.has(k)) return problem(res, { status: 400, code: 'VALIDATION_FAILED', title: `Unsupported query parameter ${k}` });
      const limit = Math.min(500, Number(url.searchParams.get('limit') ?? 100));
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const wc = url.searchParams.get('workCenter');
      const since = url.searchParams.get('changedSince');
      const plant = url.searchParams.get('plant');
      const all = [...orders.values()].filter((o) => (!plant || o.plant === plant) && (!wc || o.operations.some((x) => x.workCenter === wc)) && (!since || changeStamp(o.lastChangeMs) > since) && !o.closed);
      const page = all.slice(offset, offset + limit);
      return sendJson(res, 200, { items: page.map(workOrderJson), nextCursor: offset + limit < all.length ? String(offset + limit) : null });
    }
    const oneM = /^\/erp\/v1\/work-orders\/([^/]+)$/.exec(p);
    if (oneM && method === 'GET') {
      const o = orders.get(decodeURIComponent(oneM[1]!));
      return o ? sendJson(res, 200, workOrderJson(o)) : problem(res, { status: 404, code: 'ORDER_NOT_FOUND', title: `Order ${oneM[1]} not found` });
    }
    if (await holds.handle(ctx)) return;
    return problem(res, { status: 404, code: 'NOT_FOUND', title: `No route ${method} ${p}` });
  }

  const admin: SandboxAdmin = {
    addFault: (r) => base.faults.add(r),
    clearFaults: () => base.faults.clear(),
    counts: () => structuredClone(base.counts),
    records: (kind) => (kind === 'confirmations' ? structuredClone(confirmations) : kind === 'orders' ? [...orders.values()].map((o) => structuredClone(o)) : kind === 'holds' ? holds.records() : []),
    reset: () => {
      base.counts = SandboxBase.emptyCounts();
      base.faults.clear();
      base.log = [];
      confirmations = [];
      idem.clear();
      loadSeed(seed);
      holds.reset();
    },
    setOutage: (on) => void (base.outage = on),
    setOrder: (id, change) => {
      const o = orders.get(id);
      if (!o) return false;
      if (change.closed !== undefined) o.closed = change.closed;
      if (change.locked !== undefined) o.locked = change.locked;
      o.lastChangeMs = Date.now();
      return true;
    },
  };
  const server = await base.listen(opts.port ?? 0, handle, async (ctx) => {
    if (ctx.url.pathname === '/__sandbox/seed' && ctx.req.method === 'POST') {
      seed = JSON.parse(ctx.body) as ErpSeed;
      admin.reset();
      sendJson(ctx.res, 200, { orders: seed.orders.length });
      return true;
    }
    return base.adminRoute(ctx, admin);
  });
  return { url: server.url, adminUrl: `${server.url}/__sandbox`, port: server.port, admin, base, close: server.close };
}
