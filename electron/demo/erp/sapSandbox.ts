import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { EdmEntitySet } from '../../../shared/erp/edmx.ts';
import { BatchFormatError, readBatchRequest, type WireAnswer, writeBatchResponse } from './batchWire.ts';
import type { FaultAction, FaultRule } from './faultRules.ts';
import { MATDOC_PATH, sapHoldsRoutes } from './holdsSap.ts';
import { parseFilter } from './odataFilter.ts';
import { bodyProblem, queryProblem } from './edmxRules.ts';
import { type RequestCtx, SandboxBase, type SandboxAdmin, type SandboxHandle, changeStamp, sendJson, sleep } from './sandboxBase.ts';
import { demoSeed, type ErpSeed, type SeedOrder } from './seed.ts';
import { loadDefinitions, type SapServiceName } from './sapMetadata.ts';

export interface Cred {
  user: string;
  password: string;
}

export interface SapSandboxOptions {
  port?: number;
  seed?: ErpSeed;
  sapClient?: string;
  users?: Cred[];
  rejectDuplicateReference?: boolean;
  minOrderGapMs?: number;
  faults?: FaultRule[];
  /**
   * The longest a request may run (SAP: the work-process runtime limit): a `slowCommit` that would commit
   * later is rolled back at this limit, as SAP cancels the work process. Default: no limit.
   */
  processingLimitMs?: number;
  /**
   * SAP Gateway repeatable requests (`RequestID` + `RepeatabilityCreation`; answered with
   * `RepeatabilityResult: accepted`; a repeat of a known id gets the first execution's answer, waiting
   * for it if it still runs). Default on; off answers as a service without the setting (no header).
   */
  repeatability?: boolean;
  /**
   * Service definitions to serve and enforce instead of the published ones in edmx/ (a test of an older or
   * newer release, or of a property the system refuses to filter on; see sapMetadata.ts).
   */
  metadata?: Partial<Record<SapServiceName, string>>;
  /**
   * SAP BTP with OAuth 2.0 (an API exposed through a communication arrangement or BTP destination that takes
   * bearer tokens): every OData request needs `Authorization: Bearer <token>` that this check accepts (the
   * XSUAA sandbox's `valid`); Basic is refused (401) however right the password.
   */
  bearer?: (token: string) => boolean;
}

interface SapConfirmation {
  [field: string]: unknown;
  ConfirmationGroup: string;
  ConfirmationCount: string;
  OrderID: string;
  OrderOperation: string;
  Sequence: string;
  Plant: string;
  WorkCenter: string;
  PostingDate: string;
  ConfirmationUnit: string;
  ConfirmationYieldQuantity: string;
  ConfirmationScrapQuantity: string;
  ConfirmationReworkQuantity: string;
  ExternalSystemConfirmation: string | null;
  ConfirmationText: string;
  EnteredByExternalUser: string;
  IsReversed: boolean;
  IsReversal: boolean;
  CancelledConfirmationCount: string;
}

const CONF = '/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV';
const ORD = '/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV';
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DEC = /^\d{1,10}(\.\d{1,3})?$/;

type BatchAnswer = { status: number; headers: Record<string, string>; body: string; silent?: boolean };
type Fail = { status: number; code: string; message: string; headers?: Record<string, string> };
const sapError = (f: Fail) => ({ error: { code: f.code, message: { lang: 'en', value: f.message }, innererror: { application: { service_id: 'API_PROD_ORDER_CONFIRMATION_2_SRV' }, transactionid: randomUUID().replace(/-/g, ''), errordetails: [{ code: f.code, message: f.message, propertyref: '', severity: 'error', target: '' }] } } });
const statusText = (s: number) => ({ 200: 'OK', 201: 'Created', 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' } as Record<number, string>)[s] ?? 'Status';

function faultFail(a: FaultAction): Fail | null {
  switch (a.kind) {
    case 'status':
      return { status: a.status, code: '/IWFND/CM_BEC/026', message: `Service temporarily failed (HTTP ${a.status})`, headers: a.retryAfterS !== undefined ? { 'retry-after': String(a.retryAfterS) } : {} };
    case 'rateLimit':
      return { status: 429, code: 'RATE_LIMIT', message: 'Too many requests', headers: { 'retry-after': String(a.retryAfterS), 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + a.retryAfterS) } };
    case 'locked':
      return { status: 423, code: 'CO/469', message: 'Order is currently being processed by another user', headers: {} };
    case 'reject':
      return { status: a.status ?? 400, code: a.code, message: a.message };
    default:
      return null;
  }
}

/**
 * SAP S/4HANA OData V2 as far as the console uses it: cookie-bound CSRF, Basic auth, `sap-client`,
 * `{"d":…}` JSON, ProdnOrdConf2 (create, read, `$filter`), CancelProdnOrdConf, `$batch` with
 * changesets committed in sequence, and the production-order sets, plus scripted faults.
 */
export async function startSapSandbox(opts: SapSandboxOptions = {}): Promise<SandboxHandle & { base: SandboxBase }> {
  const base = new SandboxBase();
  const defs = loadDefinitions(opts.metadata);
  const confSet = defs.set('conf', 'ProdnOrdConf2');
  // Holds (material documents 344/343) live in their own file; the sandbox only routes to them.
  const holds = sapHoldsRoutes(base, () => new Set([...orders.values()].map((o) => o.material)), defs);
  const users = opts.users ?? [{ user: 'CONSOLE', password: 'demo' }];
  let seed = opts.seed ?? demoSeed();
  let orders = new Map<string, SeedOrder>();
  let confirmations: SapConfirmation[] = [];
  let nextGroup = 100;
  const groups = new Map<string, string>();
  const lastPostByOrder = new Map<string, number>();
  const tokens = new Map<string, string>(); // session cookie → token
  /** RequestID → the answer of its first execution (a promise while it still runs). */
  let repeats = new Map<string, Promise<BatchAnswer | null>>();
  const loadSeed = (s: ErpSeed) => {
    orders = new Map(s.orders.map((o) => [o.id, structuredClone(o)]));
  };
  loadSeed(seed);
  for (const f of opts.faults ?? []) base.faults.add(f);

  const authorized = (req: http.IncomingMessage): boolean => {
    const h = req.headers.authorization ?? '';
    if (opts.bearer) {
      const t = /^Bearer (.+)$/i.exec(h)?.[1];
      return t !== undefined && opts.bearer(t);
    }
    const m = /^Basic (.+)$/.exec(h);
    if (!m) return false;
    const [user, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    return users.some((u) => u.user === user && u.password === rest.join(':'));
  };
  const sessionOf = (req: http.IncomingMessage): string | null => /(?:^|;\s*)SAP_SESSIONID_SBX=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;
  const csrfOk = (req: http.IncomingMessage): boolean => {
    const s = sessionOf(req);
    return !!s && tokens.get(s) === req.headers['x-csrf-token'];
  };
  const fail = (res: http.ServerResponse, f: Fail) => sendJson(res, f.status, sapError(f), f.headers ?? {});

  function orderFields(o: SeedOrder): Record<string, unknown> {
    const op = o.operations[0]!;
    return {
      ManufacturingOrder: o.id,
      ManufacturingOrderType: o.type,
      Material: o.material,
      ProductionPlant: o.plant,
      TotalQuantity: String(o.plannedQty),
      MfgOrderConfirmedYieldQty: String(o.operations.reduce((n, x) => n + x.confirmedYield, 0)),
      ProductionUnit: o.unit,
      OrderIsReleased: o.closed ? '' : 'X',
      OrderIsPartiallyConfirmed: op.confirmedYield > 0 ? 'X' : '',
      OrderIsConfirmed: '',
      OrderIsTechnicallyCompleted: '',
      OrderIsClosed: o.closed ? 'X' : '',
      OrderIsLocked: o.locked ? 'X' : '',
      LastChangeDateTime: changeStamp(o.lastChangeMs),
    };
  }
  function operationRows(): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    for (const o of orders.values()) {
      for (const op of o.operations) {
        rows.push({
          ManufacturingOrder: o.id,
          ManufacturingOrderSequence: op.sequence,
          ManufacturingOrderOperation: op.operationId,
          MfgOrderOperationText: op.text,
          WorkCenter: op.workCenter,
          ProductionPlant: o.plant,
          OpPlannedTotalQuantity: String(op.plannedQty),
          OpTotalConfirmedYieldQty: String(op.confirmedYield),
          OpTotalConfirmedScrapQty: String(op.confirmedScrap),
          OperationUnit: o.unit,
          OperationIsReleased: o.closed ? '' : 'X',
          OperationIsConfirmed: '',
          OperationIsDeleted: '',
          LastChangeDateTime: changeStamp(o.lastChangeMs),
        });
      }
    }
    return rows;
  }

  /** Checks and commits one confirmation; returns the created entity or a failure. */
  function create(body: string): { ok: true; entity: SapConfirmation } | { ok: false; fail: Fail } {
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { ok: false, fail: { status: 400, code: 'SY/530', message: 'The request body is not valid JSON' } };
    }
    const bad = bodyProblem(confSet, b, ['OrderID']);
    if (bad) return { ok: false, fail: bad };
    const ref = String(b.ExternalSystemConfirmation ?? '');
    if (b.ExternalSystemConfirmation !== undefined && !GUID.test(ref)) return { ok: false, fail: { status: 400, code: 'SY/530', message: 'ExternalSystemConfirmation is not a valid GUID' } };
    const orderId = String(b.OrderID ?? '');
    const o = orders.get(orderId);
    if (!o) return { ok: false, fail: { status: 400, code: 'RU/105', message: `Order ${orderId} does not exist` } };
    if (o.closed) return { ok: false, fail: { status: 400, code: 'RU/170', message: `Order ${orderId} is closed; no confirmations possible` } };
    if (o.locked) return { ok: false, fail: { status: 423, code: 'CO/469', message: `Order ${orderId} is locked by user BATCHJOB` } };
    const opId = String(b.OrderOperation ?? '');
    const op = o.operations.find((x) => x.operationId === opId);
    if (!op) return { ok: false, fail: { status: 400, code: 'RU/147', message: `Operation ${opId} does not exist in order ${orderId}` } };
    for (const f of ['ConfirmationYieldQuantity', 'ConfirmationScrapQuantity', 'ConfirmationReworkQuantity']) {
      if (b[f] !== undefined && !DEC.test(String(b[f]))) return { ok: false, fail: { status: 400, code: 'SY/530', message: `${f} must be a decimal string` } };
    }
    if (b.ConfirmationUnit !== undefined && b.ConfirmationUnit !== o.unit) return { ok: false, fail: { status: 400, code: 'RU/310', message: `Unit ${String(b.ConfirmationUnit)} does not match the order unit ${o.unit}` } };
    if (ref && opts.rejectDuplicateReference && confirmations.some((c) => c.ExternalSystemConfirmation === ref.toLowerCase())) {
      return { ok: false, fail: { status: 409, code: 'RU/999', message: `A confirmation with external key ${ref} already exists` } };
    }
    const now = Date.now();
    const last = lastPostByOrder.get(orderId);
    if (last !== undefined && now - last < (opts.minOrderGapMs ?? 0)) base.counts.cogiWarnings += 1;
    lastPostByOrder.set(orderId, now);
    const gkey = `${orderId}/${opId}`;
    let group = groups.get(gkey);
    if (!group) groups.set(gkey, (group = String(nextGroup++)));
    const count = String(confirmations.filter((c) => c.ConfirmationGroup === group).length + 1);
    const yieldQ = Number(b.ConfirmationYieldQuantity ?? 0);
    const scrapQ = Number(b.ConfirmationScrapQuantity ?? 0);
    op.confirmedYield += yieldQ;
    op.confirmedScrap += scrapQ;
    o.lastChangeMs = now;
    const entity: SapConfirmation = {
      ...Object.fromEntries(Object.entries(b).filter(([k]) => confSet.properties.has(k))),
      ConfirmationGroup: group,
      ConfirmationCount: count,
      OrderID: orderId,
      OrderOperation: opId,
      Sequence: String(b.Sequence ?? '0'),
      Plant: String(b.Plant ?? o.plant),
      WorkCenter: String(b.WorkCenter ?? op.workCenter),
      PostingDate: String(b.PostingDate ?? ''),
      ConfirmationUnit: String(b.ConfirmationUnit ?? o.unit),
      ConfirmationYieldQuantity: String(b.ConfirmationYieldQuantity ?? '0'),
      ConfirmationScrapQuantity: String(b.ConfirmationScrapQuantity ?? '0'),
      ConfirmationReworkQuantity: String(b.ConfirmationReworkQuantity ?? '0'),
      ExternalSystemConfirmation: ref ? ref.toLowerCase() : null,
      ConfirmationText: String(b.ConfirmationText ?? ''),
      EnteredByExternalUser: String(b.EnteredByExternalUser ?? ''),
      IsReversed: false,
      IsReversal: false,
      CancelledConfirmationCount: '',
    };
    confirmations.push(entity);
    if (ref) base.countCreate(ref);
    return { ok: true, entity };
  }

  function cancel(url: URL): { ok: true; entity: SapConfirmation } | { ok: false; fail: Fail } {
    const g = /^'(.*)'$/.exec(url.searchParams.get('ConfirmationGroup') ?? '')?.[1];
    const c = /^'(.*)'$/.exec(url.searchParams.get('ConfirmationCount') ?? '')?.[1];
    // Parameters of the published CancelProdnOrdConf function import; an Edm.DateTime URI literal for PostingDate.
    for (const k of url.searchParams.keys()) {
      if (!['ConfirmationGroup', 'ConfirmationCount', 'PostingDate', 'ConfirmationText', 'ExternalSystemConfirmation', 'sap-client', 'sap-language'].includes(k)) return { ok: false, fail: { status: 400, code: '/IWBEP/CM_MGW_RT/022', message: `Parameter ${k} is not a parameter of CancelProdnOrdConf` } };
    }
    const posting = url.searchParams.get('PostingDate');
    if (posting !== null && !/^datetime'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?'$/.test(posting)) return { ok: false, fail: { status: 400, code: '/IWBEP/CM_MGW_RT/004', message: `PostingDate ${posting} is not an Edm.DateTime literal (datetime'2026-03-02T00:00:00')` } };
    const orig = confirmations.find((x) => x.ConfirmationGroup === g && x.ConfirmationCount === c && !x.IsReversal);
    if (!orig) return { ok: false, fail: { status: 404, code: 'RU/100', message: `Confirmation ${g}/${c} does not exist` } };
    if (orig.IsReversed) return { ok: false, fail: { status: 400, code: 'RU/506', message: `Confirmation ${g}/${c} is already cancelled` } };
    const o = orders.get(orig.OrderID)!;
    const op = o.operations.find((x) => x.operationId === orig.OrderOperation)!;
    op.confirmedYield -= Number(orig.ConfirmationYieldQuantity);
    op.confirmedScrap -= Number(orig.ConfirmationScrapQuantity);
    o.lastChangeMs = Date.now();
    orig.IsReversed = true;
    const rev: SapConfirmation = { ...orig, ...(posting ? { PostingDate: `/Date(${Date.parse(`${posting.slice(9, 19)}T00:00:00Z`)})/` } : {}), ConfirmationCount: String(confirmations.filter((x) => x.ConfirmationGroup === orig.ConfirmationGroup).length + 1), ExternalSystemConfirmation: null, IsReversed: false, IsReversal: true, CancelledConfirmationCount: orig.ConfirmationCount };
    confirmations.push(rev);
    return { ok: true, entity: rev };
  }

  const subjectOfBody = (body: string) => {
    try {
      const b = JSON.parse(body) as { OrderID?: unknown; ExternalSystemConfirmation?: unknown };
      const orderId = b.OrderID === undefined ? undefined : String(b.OrderID);
      return { orderId, material: orderId ? orders.get(orderId)?.material : undefined, reference: b.ExternalSystemConfirmation === undefined ? undefined : String(b.ExternalSystemConfirmation) };
    } catch {
      return {};
    }
  };

  function listQuery(rows: Record<string, unknown>[], url: URL, res: http.ServerResponse, set: EdmEntitySet): void {
    const allowed = new Set(['$filter', '$select', '$top', '$skip', '$inlinecount', '$format', 'sap-client', 'sap-language', '$expand']);
    for (const k of url.searchParams.keys()) {
      if (!allowed.has(k)) return fail(res, { status: 400, code: 'SY/530', message: `System query option ${k} is not supported` });
    }
    const refused = queryProblem(set, url);
    if (refused) return fail(res, refused);
    const filter = url.searchParams.get('$filter');
    let out = filter && rows === (confirmations as unknown) ? byReference(filter) ?? rows : rows;
    if (filter) {
      try {
        const pred = parseFilter(filter);
        out = out.filter(pred);
      } catch (e) {
        return fail(res, { status: 400, code: 'SY/530', message: `Invalid $filter: ${(e as Error).message}` });
      }
    }
    const total = out.length;
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const top = url.searchParams.has('$top') ? Number(url.searchParams.get('$top')) : 1000;
    out = out.slice(skip, skip + top);
    const select = url.searchParams.get('$select');
    // Only what the definition declares goes out (the sandbox's own bookkeeping fields stay in).
    const fields = select ? select.split(',') : [...set.properties.keys()];
    out = out.map((r) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null])));
    sendJson(res, 200, { d: { results: out, ...(url.searchParams.get('$inlinecount') === 'allpages' ? { __count: String(total) } : {}) } });
  }

  /**
   * The console's look-ups by reference ("ExternalSystemConfirmation eq guid'…' or …", twenty at a time, before
   * and after every post) read candidates from an index instead of walking every confirmation: the same answer
   * (the whole filter is still applied to the candidates, in the order they were posted), without the
   * sandbox's scan growing with every confirmation in a long drain (the drain bench shares its two cores with
   * it). A reference never changes once posted, so the index only grows; a reset rebuilds it.
   */
  let refIndexOf: SapConfirmation[] | null = null;
  let refIndexed = 0;
  const refIndex = new Map<string, number[]>();
  function byReference(filter: string): Record<string, unknown>[] | null {
    const terms = filter.split(' or ');
    const refs: string[] = [];
    for (const t of terms) {
      const m = /^ExternalSystemConfirmation eq guid'([0-9a-fA-F-]{36})'$/.exec(t.trim());
      if (!m) return null;
      refs.push(m[1]!.toLowerCase());
    }
    if (refIndexOf !== confirmations) {
      refIndexOf = confirmations;
      refIndexed = 0;
      refIndex.clear();
    }
    for (; refIndexed < confirmations.length; refIndexed++) {
      const ref = confirmations[refIndexed]!.ExternalSystemConfirmation;
      if (typeof ref !== 'string') continue;
      const key = ref.toLowerCase();
      const at = refIndex.get(key);
      if (at) at.push(refIndexed);
      else refIndex.set(key, [refIndexed]);
    }
    const positions = [...new Set(refs.flatMap((r) => refIndex.get(r) ?? []))].sort((a, b) => a - b);
    return positions.map((i) => confirmations[i] as unknown as Record<string, unknown>);
  }

  /** Applies pre-commit faults; returns the post-commit one to run after committing (or 'handled'). */
  async function preFault(ctx: RequestCtx, a: FaultAction | null): Promise<'handled' | FaultAction | null> {
    if (!a) return null;
    ctx.log.fault = a.kind;
    if (a.kind === 'delay') {
      await sleep(a.ms);
      return null;
    }
    if (a.kind === 'csrfExpire') {
      tokens.clear();
      sendJson(ctx.res, 403, sapError({ status: 403, code: 'CSRF', message: 'CSRF token validation failed' }), { 'x-csrf-token': 'Required' });
      return 'handled';
    }
    if (a.kind === 'resetBeforeCommit') {
      ctx.req.socket.resetAndDestroy();
      return 'handled';
    }
    const f = faultFail(a);
    if (f) {
      fail(ctx.res, f);
      return 'handled';
    }
    return a;
  }

  /** After a commit: reset, hang, or answer late, as the fault says. Returns true when it took over the answer. */
  async function postFault(ctx: RequestCtx, a: FaultAction | null): Promise<boolean> {
    if (!a) return false;
    if (a.kind === 'resetAfterCommit') {
      ctx.req.socket.resetAndDestroy();
      return true;
    }
    if (a.kind === 'commitThenHang') {
      if (a.respondAfterMs === undefined) return true; // never answers; the client times out
      await sleep(a.respondAfterMs);
      return false;
    }
    return false;
  }

  const write = (res: http.ServerResponse, status: number, headers: Record<string, string>, body: string) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  async function handleBatch(ctx: RequestCtx): Promise<void> {
    const { req, res } = ctx;
    const requestId = String(req.headers.requestid ?? req.headers['repeatability-request-id'] ?? '');
    const creation = String(req.headers.repeatabilitycreation ?? req.headers['repeatability-first-sent'] ?? '');
    if ((opts.repeatability ?? true) && requestId && creation) {
      const first = repeats.get(requestId);
      if (first) {
        // Executed (or executing) already: never again; the first execution's answer once it has one.
        base.counts.repeatsReplayed = (base.counts.repeatsReplayed ?? 0) + 1;
        const r = await first;
        if (r) return write(res, r.status, { ...r.headers, repeatabilityresult: 'accepted' }, r.body); // a repeat is answered even if the first was not
        repeats.delete(requestId); // the first was not executed: this one may run
      }
      let settle!: (r: BatchAnswer | null) => void;
      repeats.set(requestId, new Promise((resolve) => (settle = resolve)));
      const answer = await runBatch(ctx);
      settle(answer);
      if (!answer) repeats.delete(requestId);
      else if (!answer.silent) write(res, answer.status, { ...answer.headers, repeatabilityresult: 'accepted' }, answer.body);
      return;
    }
    const answer = await runBatch(ctx);
    if (answer && !answer.silent) write(res, answer.status, answer.headers, answer.body);
  }

  /** Runs one $batch; returns its answer when it was executed (null when a fault answered or dropped it). */
  async function runBatch(ctx: RequestCtx): Promise<BatchAnswer | null> {
    const { req } = ctx;
    const res = ctx.res;
    const fail = (r: http.ServerResponse, f: Fail) => (sendJson(r, f.status, sapError(f), f.headers ?? {}), null);
    base.counts.batches += 1;
    const pre = await preFault(ctx, base.faults.take({ op: 'batch' }));
    if (pre === 'handled') return null;
    if (pre?.kind === 'slowCommit') {
      // Held like a long SAP work process: the client may give up meanwhile; the commit comes anyway,
      // unless the processing limit cancels the work process first (then nothing is committed).
      const limit = opts.processingLimitMs;
      if (limit !== undefined && pre.commitAfterMs >= limit) {
        await sleep(limit);
        base.counts.rolledBack = (base.counts.rolledBack ?? 0) + 1;
        return fail(res, { status: 500, code: 'TIME_OUT', message: 'The request ran longer than the ERP allows and was cancelled; nothing was posted' });
      }
      await sleep(pre.commitAfterMs);
    }
    let parts: ReturnType<typeof readBatchRequest>;
    try {
      parts = readBatchRequest(req.headers['content-type'], ctx.body);
    } catch (e) {
      if (!(e instanceof BatchFormatError)) throw e;
      return fail(res, { status: 400, code: '/IWFND/CM_MGW/004', message: `Malformed $batch request: ${e.message}` });
    }
    let silent = false;
    const out: WireAnswer[] = [];
    for (const part of parts) {
      if (part.kind === 'retrieve') {
        out.push({ kind: 'single', response: { status: 400, statusText: 'Bad Request', body: JSON.stringify(sapError({ status: 400, code: 'SY/530', message: 'GET inside $batch is not served by the sandbox' })) } });
        continue;
      }
      const reqs = part.requests.map((r) => ({ method: r.method, path: r.target, body: r.body }));
      const responses: { status: number; statusText: string; body: string }[] = [];
      let failed: Fail | null = null;
      let after: FaultAction | null = null;
      for (const r of reqs) {
        const path = r.path ?? '';
        const isCancel = path.startsWith('CancelProdnOrdConf');
        const subject = isCancel ? {} : subjectOfBody(r.body);
        if (subject.reference) ctx.log.references.push(subject.reference);
        const op = isCancel ? 'confirmation.cancel' : 'confirmation.create';
        const a = base.faults.take({ op: 'changeset', ...subject }) ?? base.faults.take({ op, ...subject });
        if (a) ctx.log.fault = a.kind;
        if (a?.kind === 'delay') await sleep(a.ms);
        if (a?.kind === 'slowCommit') await sleep(a.commitAfterMs);
        if (a?.kind === 'resetBeforeCommit') {
          req.socket.resetAndDestroy();
          return null;
        }
        if (a?.kind === 'csrfExpire') tokens.clear();
        const ff = a ? faultFail(a) : null;
        if (ff) {
          failed = ff;
          break;
        }
        if (r.method !== 'POST' || !(path.startsWith('ProdnOrdConf2') || isCancel)) {
          failed = { status: 400, code: 'SY/530', message: `${r.method ?? '?'} ${path} is not supported in a changeset` };
          break;
        }
        const result = isCancel ? cancel(new URL(path, 'http://x/')) : create(r.body);
        if (!result.ok) {
          failed = result.fail;
          break;
        }
        ctx.log.committed += 1;
        responses.push({ status: 201, statusText: 'Created', body: JSON.stringify({ d: result.entity }) });
        if (a && (a.kind === 'resetAfterCommit' || a.kind === 'commitThenHang' || a.kind === 'lateCommit')) after = a;
      }
      if (failed) out.push({ kind: 'single', response: { status: failed.status, statusText: statusText(failed.status), body: JSON.stringify(sapError(failed)) } });
      else out.push({ kind: 'changeset', responses });
      if (after) {
        // The changesets so far are committed; the connection now fails as scripted.
        // Committed, but the answer is lost as scripted: a repeat still gets this execution's answer.
        if (await postFault(ctx, after)) silent = true;
        if (silent) break;
      }
    }
    const rb = `batchresponse_${randomUUID()}`;
    return { status: 202, headers: { 'content-type': `multipart/mixed; boundary=${rb}` }, body: writeBatchResponse(rb, out), silent };
  }

  async function handle(ctx: RequestCtx): Promise<void> {
    const { req, res, url } = ctx;
    const p = url.pathname.replace(/\/$/, '');
    const method = req.method ?? 'GET';
    const route = p.startsWith(CONF) ? `CONF${p.slice(CONF.length) || '/'}` : p.startsWith(ORD) ? `ORD${p.slice(ORD.length) || '/'}` : p;
    base.countRequest(`${method} ${route.replace(/\(.*\)$/, '(…)')}`);
    if (!authorized(req)) return fail(res, { status: 401, code: 'AUTH', message: 'Logon failed: user or password wrong' });
    if (opts.sapClient && url.searchParams.get('sap-client') !== opts.sapClient) return fail(res, { status: 400, code: '/IWFND/CM_MGW/004', message: `Client ${url.searchParams.get('sap-client') ?? '(none)'} is not available; use sap-client=${opts.sapClient}` });

    // As SAP Gateway does, any read may ask for a token (`x-csrf-token: fetch`): it comes back in the
    // headers of that read's answer, bound to the session cookie set with it, valid for every service.
    if ((method === 'HEAD' || method === 'GET') && String(req.headers['x-csrf-token'] ?? '').toLowerCase() === 'fetch') {
      base.counts.csrfFetches += 1;
      const pre = await preFault(ctx, base.faults.take({ op: 'csrf' }));
      if (pre === 'handled') return;
      const session = sessionOf(req) ?? randomUUID().replace(/-/g, '');
      const token = randomUUID();
      tokens.set(session, token);
      res.setHeader('x-csrf-token', token);
      res.setHeader('set-cookie', [`SAP_SESSIONID_SBX=${session}; path=/; HttpOnly`, 'sap-usercontext=sap-client=100; path=/']);
    }
    if ((p === CONF || p === ORD || p === MATDOC_PATH) && (method === 'HEAD' || method === 'GET')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(method === 'HEAD' ? undefined : JSON.stringify({ d: { EntitySets: p === CONF ? ['ProdnOrdConf2'] : p === ORD ? ['A_ProductionOrder_2', 'A_ProductionOrderOperation_2'] : [] } }));
      return;
    }
    if (p.endsWith('/$metadata') && method === 'GET') {
      const srv: SapServiceName = p.includes('/API_PROD_ORDER_CONFIRMATION_2_SRV/') ? 'conf' : p.includes('/API_MATERIAL_DOCUMENT_SRV/') ? 'matdoc' : 'order';
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(defs.xml[srv]);
      return;
    }
    const writes = method === 'POST' || method === 'PUT' || method === 'MERGE' || method === 'PATCH' || method === 'DELETE';
    if (writes && !csrfOk(req)) {
      return void sendJson(res, 403, sapError({ status: 403, code: 'CSRF', message: 'CSRF token validation failed' }), { 'x-csrf-token': 'Required' });
    }
    if (p === `${CONF}/$batch` && method === 'POST') return handleBatch(ctx);
    if (p === `${CONF}/ProdnOrdConf2` && method === 'POST') {
      const subject = subjectOfBody(ctx.body);
      if (subject.reference) ctx.log.references.push(subject.reference);
      const pre = await preFault(ctx, base.faults.take({ op: 'confirmation.create', ...subject }));
      if (pre === 'handled') return;
      if (pre?.kind === 'lateCommit') {
        setTimeout(() => create(ctx.body), pre.commitAfterMs);
        return; // never answers
      }
      const r = create(ctx.body);
      if (!r.ok) return fail(res, r.fail);
      ctx.log.committed = 1;
      if (await postFault(ctx, pre)) return;
      return sendJson(res, 201, { d: r.entity });
    }
    if (p === `${CONF}/CancelProdnOrdConf` && method === 'POST') {
      const pre = await preFault(ctx, base.faults.take({ op: 'confirmation.cancel' }));
      if (pre === 'handled') return;
      const r = cancel(url);
      if (!r.ok) return fail(res, r.fail);
      ctx.log.committed = 1;
      if (await postFault(ctx, pre)) return;
      return sendJson(res, 201, { d: r.entity });
    }
    if (p === `${CONF}/ProdnOrdConf2` && method === 'GET') {
      const pre = await preFault(ctx, base.faults.take({ op: 'confirmation.read' }));
      if (pre === 'handled') return;
      return listQuery(confirmations as unknown as Record<string, unknown>[], url, res, confSet);
    }
    const key = /^\/sap\/opu\/odata\/sap\/API_PROD_ORDER_CONFIRMATION_2_SRV\/ProdnOrdConf2\(ConfirmationGroup='([^']*)',ConfirmationCount='([^']*)'\)$/.exec(p);
    if (key && method === 'GET') {
      const c = confirmations.find((x) => x.ConfirmationGroup === key[1] && x.ConfirmationCount === key[2]);
      return c ? sendJson(res, 200, { d: c }) : fail(res, { status: 404, code: 'RU/100', message: 'Resource not found' });
    }
    if (p === `${ORD}/A_ProductionOrderOperation_2` && method === 'GET') {
      const pre = await preFault(ctx, base.faults.take({ op: 'order.read' }));
      if (pre === 'handled') return;
      return listQuery(operationRows(), url, res, defs.set('order', 'A_ProductionOrderOperation_2'));
    }
    if (p === `${ORD}/A_ProductionOrder_2` && method === 'GET') {
      const pre = await preFault(ctx, base.faults.take({ op: 'order.read' }));
      if (pre === 'handled') return;
      return listQuery([...orders.values()].map(orderFields), url, res, defs.set('order', 'A_ProductionOrder_2'));
    }
    const one = /^\/sap\/opu\/odata\/sap\/API_PRODUCTION_ORDER_2_SRV\/A_ProductionOrder_2\('([^']*)'\)$/.exec(p);
    if (one && method === 'GET') {
      const o = orders.get(one[1]!);
      return o ? sendJson(res, 200, { d: orderFields(o) }) : fail(res, { status: 404, code: 'CO/004', message: `Order ${one[1]} does not exist` });
    }
    if (await holds.handle(ctx)) return;
    return fail(res, { status: 404, code: '/IWFND/CM_MGW/020', message: `No service or resource at ${p}` });
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
      groups.clear();
      lastPostByOrder.clear();
      tokens.clear();
      repeats = new Map();
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
  return {
    url: `${server.url}/sap/opu/odata/sap`,
    adminUrl: `${server.url}/__sandbox`,
    port: server.port,
    admin,
    base,
    close: server.close,
  };
}
