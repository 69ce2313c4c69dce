import { createHash } from 'node:crypto';
import type http from 'node:http';
import { holdFaults, type HoldsSandboxPart } from './holdsSandbox.ts';
import { type RequestCtx, type SandboxBase, sendJson } from './sandboxBase.ts';

interface RestHold {
  id: string;
  holdId: string;
  status: 'active' | 'released';
  plant: string;
  line: string | null;
  scope: unknown;
  items: { orderId: string; material: string | null; batch: string | null; quantity: string; unit: string }[];
  reason: string;
  placedAt: string;
  placedBy: string;
  /** Who placed it, in words, and from which console (optional in the contract; echoed when sent). */
  placedByName: string | null;
  placedOn: string | null;
  releaseId: string | null;
  releaseReason: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  releasedByName: string | null;
  releasedOn: string | null;
  confirmedBy: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEC = /^\d{1,10}(\.\d{1,3})?$/;

function problem(res: http.ServerResponse, status: number, code: string, title: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify({ type: `https://erp.example/problems/${code.toLowerCase()}`, title, status, code });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The generic ERP's holds (contracts §3): `POST /erp/v1/holds`, `GET /erp/v1/holds?reference=`,
 * `POST /erp/v1/holds/{holdId}/release`, with Idempotency-Key replay and scripted faults
 * (`hold.create`, `hold.release`). Creates are counted by reference in /__sandbox/counts.
 */
export function restHoldsRoutes(base: SandboxBase, opts: { idempotency?: boolean } = {}): HoldsSandboxPart {
  let holds: RestHold[] = [];
  let next = 1;
  const idem = new Map<string, { hash: string; status: number; body: unknown }>();

  function keyed(key: string | undefined, body: unknown, fn: () => { status: number; body: unknown }): { status: number; body: unknown; replayed: boolean } {
    if (opts.idempotency === false || !key) return { ...fn(), replayed: false };
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const seen = idem.get(key);
    if (seen && seen.hash === hash) return { ...seen, replayed: true };
    if (seen) {
      // The same key with another body: another console's placement under the same reference gets the
      // reference's own answer (409 DUPLICATE_REFERENCE), anything else KEY_REUSED.
      const ref = String((body as { id?: unknown } | null)?.id ?? '').toLowerCase();
      const taken = ref ? holds.find((x) => x.id === ref) : undefined;
      if (taken) return { status: 409, body: { code: 'DUPLICATE_REFERENCE', title: `Reference ${ref} is already hold ${taken.holdId}` }, replayed: false };
      return { status: 422, body: { code: 'KEY_REUSED', title: 'This Idempotency-Key was used with another body' }, replayed: false };
    }
    const r = fn();
    if (r.status < 500) idem.set(key, { hash, status: r.status, body: r.body });
    return { ...r, replayed: false };
  }

  function answer(res: http.ServerResponse, r: { status: number; body: unknown; replayed: boolean }): void {
    if (r.status >= 400) {
      const b = r.body as { code: string; title: string };
      return problem(res, r.status, b.code, b.title);
    }
    sendJson(res, r.replayed ? 200 : r.status, r.body, r.replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  function create(b: Record<string, unknown>): { status: number; body: unknown } {
    const id = String(b.id ?? '').toLowerCase();
    const items = Array.isArray(b.items) ? (b.items as RestHold['items']) : null;
    if (!UUID.test(id) || !items || typeof b.reason !== 'string' || !b.reason) return { status: 400, body: { code: 'VALIDATION_FAILED', title: 'id (a UUID), items and reason are required' } };
    for (const it of items) if (!DEC.test(String(it.quantity)) || !it.unit) return { status: 422, body: { code: 'VALIDATION_FAILED', title: 'every item needs a decimal quantity and a unit' } };
    // The reference is unique, as for confirmations: a second hold under it is refused with the first
    // one's id, so two consoles placing the same hold at the same moment leave one hold.
    const existing = holds.find((x) => x.id === id);
    if (existing) return { status: 409, body: { code: 'DUPLICATE_REFERENCE', title: `Reference ${id} is already hold ${existing.holdId}` } };
    const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
    const h: RestHold = { id, holdId: `HOLD-${next++}`, status: 'active', plant: String(b.plant ?? ''), line: typeof b.line === 'string' ? b.line : null, scope: b.scope ?? null, items, reason: b.reason, placedAt: String(b.placedAt ?? new Date().toISOString()), placedBy: String(b.placedBy ?? ''), placedByName: text(b.placedByName), placedOn: text(b.placedOn), releaseId: null, releaseReason: null, releasedAt: null, releasedBy: null, releasedByName: null, releasedOn: null, confirmedBy: null };
    holds.push(h);
    base.countCreate(id);
    return { status: 201, body: h };
  }

  function release(holdId: string, b: Record<string, unknown>): { status: number; body: unknown } {
    const h = holds.find((x) => x.holdId === holdId);
    if (!h) return { status: 404, body: { code: 'HOLD_NOT_FOUND', title: `No hold ${holdId}` } };
    const releaseId = String(b.releaseId ?? '').toLowerCase();
    if (!UUID.test(releaseId) || typeof b.reason !== 'string' || !b.reason) return { status: 400, body: { code: 'VALIDATION_FAILED', title: 'releaseId (a UUID) and reason are required' } };
    if (h.status === 'released') return { status: 422, body: { code: 'ALREADY_RELEASED', title: `Hold ${holdId} was already released (${h.releaseId})` } };
    h.status = 'released';
    h.releaseId = releaseId;
    h.releaseReason = b.reason;
    h.releasedAt = String(b.releasedAt ?? new Date().toISOString());
    h.releasedBy = typeof b.releasedBy === 'string' ? b.releasedBy : null;
    h.releasedByName = typeof b.releasedByName === 'string' && b.releasedByName ? b.releasedByName : null;
    h.releasedOn = typeof b.releasedOn === 'string' && b.releasedOn ? b.releasedOn : null;
    h.confirmedBy = typeof b.confirmedBy === 'string' ? b.confirmedBy : null;
    base.countCreate(releaseId);
    return { status: 200, body: h };
  }

  return {
    async handle(ctx: RequestCtx): Promise<boolean> {
      const { req, res, url } = ctx;
      const p = url.pathname;
      const method = req.method ?? 'GET';
      const rel = /^\/erp\/v1\/holds\/([^/]+)\/release$/.exec(p);
      if (p !== '/erp/v1/holds' && !rel) return false;
      let body: Record<string, unknown> = {};
      if (method === 'POST') {
        try {
          body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
        } catch {
          problem(res, 400, 'VALIDATION_FAILED', 'The body is not JSON');
          return true;
        }
      }
      const say = (status: number, code: string, title: string, headers?: Record<string, string>) => problem(res, status, code, title, headers);
      if (p === '/erp/v1/holds' && method === 'POST') {
        const ref = String(body.id ?? '');
        ctx.log.references.push(ref);
        const f = holdFaults(ctx, base.faults.take({ op: 'hold.create', reference: ref }), say);
        if (await f.before()) return true;
        const r = keyed(req.headers['idempotency-key'] as string | undefined, body, () => create(body));
        if (r.status === 201) ctx.log.committed = 1;
        if (await f.after()) return true;
        answer(res, r);
        return true;
      }
      if (p === '/erp/v1/holds' && method === 'GET') {
        const refs = url.searchParams.getAll('reference').map((r) => r.toLowerCase());
        if (refs.length > 50) return say(400, 'VALIDATION_FAILED', 'at most 50 references per query'), true;
        for (const k of url.searchParams.keys()) if (k !== 'reference' && k !== 'status') return say(400, 'VALIDATION_FAILED', `Unsupported query parameter ${k}`), true;
        const status = url.searchParams.get('status');
        sendJson(res, 200, { items: holds.filter((h) => (refs.length === 0 || refs.includes(h.id)) && (!status || h.status === status)) });
        return true;
      }
      if (rel && method === 'POST') {
        const ref = String(body.releaseId ?? '');
        ctx.log.references.push(ref);
        const f = holdFaults(ctx, base.faults.take({ op: 'hold.release', reference: ref }), say);
        if (await f.before()) return true;
        const r = keyed(req.headers['idempotency-key'] as string | undefined, body, () => release(decodeURIComponent(rel[1]!), body));
        if (r.status === 200) ctx.log.committed = 1;
        if (await f.after()) return true;
        answer(res, r);
        return true;
      }
      say(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${p}`);
      return true;
    },
    records: () => structuredClone(holds),
    reset() {
      holds = [];
      idem.clear();
      next = 1;
    },
  };
}
