import { msg } from '../../../../shared/i18n/index.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { parseRetryAfter } from '../outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { ConfirmationCancelPayload, ConfirmationPostPayload, duplicateCancel } from './erpPayloads.ts';
import type { ErpConnector, ErpConnectorOptions, WorkOrder, WorkOrderPage, WorkOrderQuery } from './erpTypes.ts';
import { header, type HttpResponse, httpRequest } from './httpClient.ts';
import { classifyStatus, outboxError } from './sapErrors.ts';
import { languageOfItems } from './erpLanguage.ts';
import type { CheckLine } from '../net/connectionCheck.ts';

/** The generic contract's body for one confirmation (contracts §3). */
export function toRestConfirmation(p: ConfirmationPostPayload, line: string): Record<string, unknown> {
  return {
    id: p.id,
    plant: p.plantId,
    line,
    workCenter: p.workCenterId,
    order: { id: p.order.erpOrderId, operation: p.order.operationId.padStart(4, '0'), sequence: p.order.sequence || '0' },
    shift: p.shift,
    postingDate: p.postingDate,
    quantities: { yield: p.quantities.yield, scrap: p.quantities.scrap, rework: p.quantities.rework, unit: p.quantities.uom, ...(p.quantities.varianceReason ? { varianceReason: p.quantities.varianceReason } : {}) },
    final: p.finality === 'final',
    execution: p.execution,
    capturedAt: p.capturedAt,
    capturedBy: p.capturedBy,
    ...(p.capturedByName ? { capturedByName: p.capturedByName } : {}),
    ...(p.capturedOn ? { capturedOn: p.capturedOn } : {}),
    ...(p.supersedes ? { supersedes: p.supersedes } : {}),
  };
}

interface RestRecord {
  id?: string;
  erpId?: string;
  status?: string;
  yield?: string;
  scrap?: string;
  rework?: string;
  unit?: string;
  capturedAt?: string;
  capturedBy?: string;
  capturedByName?: string;
  capturedOn?: string;
}

/**
 * A record under our reference that another console posted (issue 19): its capture time or console differ
 * from our frozen payload's. Said in words for the person who resolves it; null when it is ours (or the
 * record does not say, which an older ERP record would not).
 */
export function foreignRecord(item: OutboxSendItem, rec: RestRecord): string | null {
  const p = ConfirmationPostPayload.safeParse(item.payload);
  if (!p.success || rec.capturedAt === undefined) return null;
  if (rec.capturedAt === p.data.capturedAt && (rec.capturedOn ?? '') === (p.data.capturedOn ?? '')) return null;
  const who = rec.capturedByName || rec.capturedBy || 'someone';
  const where = rec.capturedOn ? `from ${rec.capturedOn} ` : '';
  const rework = rec.rework && rec.rework !== '0' ? `, ${rec.rework} rework` : '';
  return `already confirmed ${where}by ${who} at ${rec.capturedAt}, with ${rec.yield ?? '?'} ${rec.unit ?? ''} good, ${rec.scrap ?? '0'} scrap${rework} (ERP record ${rec.erpId ?? '?'})`;
}

/** The code of a confirmation another console already posted under the same derived reference (issue 19). */
export const ALREADY_IN_ERP = 'ALREADY_IN_ERP';

/** problem+json → a sentence and a code. */
export function problemMessage(res: HttpResponse): { message: string; code?: string } {
  try {
    const p = JSON.parse(res.body) as { title?: unknown; detail?: unknown; code?: unknown };
    const text = [p.title, p.detail].filter((x) => typeof x === 'string' && x).join(': ');
    return { message: text || `HTTP ${res.status}`, code: typeof p.code === 'string' ? p.code : undefined };
  } catch {
    return { message: `HTTP ${res.status}: ${res.body.slice(0, 200)}` };
  }
}

function classifyProblem(status: number, code: string | undefined, retryAfter: boolean): ReturnType<typeof classifyStatus> {
  if (status === 409 && code === 'IN_PROGRESS') return 'transient';
  if (status === 409 && code === 'DUPLICATE_REFERENCE') return 'unknown'; // read back → done
  return classifyStatus(status, retryAfter);
}

/**
 * Our generic REST/JSON ERP: Idempotency-Key per item (= our reference), batch endpoint with per-item
 * results, read-back by `reference`, orders by cursor and `changedSince`.
 */
export function createRestErp(o: ErpConnectorOptions): ErpConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const base = `${o.baseUrl.replace(/\/$/, '')}/erp/v1`;
  /** The records the last read-back saw, by reference (who/where/when for a conflict). */
  const lastRecords = new Map<string, RestRecord>();

  async function authHeaders(): Promise<Result<Record<string, string>, OutboxError>> {
    const r = await o.secrets.read(o.credentialsSecret);
    if (!r.ok) return errResult(outboxError('config', r.error === 'NOT_FOUND' ? `no ERP API key stored under "${o.credentialsSecret}"; enter it in settings` : 'the secret store is not available'));
    // The logon language (erpLanguage.ts): the plant's for the console's own reads; send() puts the author's.
    return okResult({ 'x-api-key': r.value, ...(o.language ? { 'accept-language': o.language.plant } : {}) });
  }

  function itemBody(it: OutboxSendItem): Record<string, unknown> | OutboxError {
    if (it.kind === 'confirmation.post') {
      const p = ConfirmationPostPayload.safeParse(it.payload);
      if (!p.success) return outboxError('business', `the confirmation is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`);
      return toRestConfirmation(p.data, p.data.lineId);
    }
    return outboxError('config', `the REST ERP adapter sends ${it.kind} one by one`);
  }

  const failureOutcome = (status: number, message: string, code: string | undefined, retryAfterHeader: string | undefined): SendOutcome => {
    const cls = classifyProblem(status, code, retryAfterHeader !== undefined);
    const error = outboxError(cls, message, status, code);
    if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(retryAfterHeader, Date.now()) };
    return { kind: cls, error } as SendOutcome;
  };

  async function post(path: string, body: unknown, auth: Record<string, string>, key: string): Promise<SendOutcome | HttpResponse> {
    const r = await httpRequest({ method: 'POST', url: `${base}${path}`, headers: { ...auth, 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key }, body: JSON.stringify(body), timeoutMs });
    if (!r.ok) {
      return r.error.phase === 'notSent'
        ? { kind: 'transient', error: outboxError('transient', `ERP not reachable: ${r.error.message}`) }
        : { kind: 'unknown', error: outboxError('unknown', `sent, but ${r.error.message}`) };
    }
    return r.value;
  }

  async function sendCancel(it: OutboxSendItem, auth: Record<string, string>): Promise<SendOutcome> {
    const c = ConfirmationCancelPayload.safeParse(it.payload);
    if (!c.success) return { kind: 'business', error: outboxError('business', 'the reversal is incomplete') };
    const erpId = c.data.record?.erpId ?? o.remoteKeysOf?.(c.data.reverses)?.erpId;
    if (!erpId) return { kind: 'business', error: outboxError('business', 'the confirmation to reverse has no ERP id (was it ever posted?)') };
    const r = await post(`/confirmations/${encodeURIComponent(erpId)}/cancel`, { id: it.id, reason: c.data.reason }, auth, it.id);
    if ('kind' in r) return r;
    if (r.status === 200 || r.status === 201) return { kind: 'done', remoteKeys: { erpId, reversal: 'true' } };
    const pm = problemMessage(r);
    return failureOutcome(r.status, pm.message, pm.code, header(r.headers, 'retry-after'));
  }

  async function send(items: readonly OutboxSendItem[]): Promise<SendOutcome[]> {
    const signed = await authHeaders();
    if (!signed.ok) return items.map(() => ({ kind: 'config', error: signed.error }));
    const lang = languageOfItems(o.language, items);
    const a = { ok: true as const, value: { ...signed.value, ...(lang ? { 'accept-language': lang } : {}) } };
    const outcomes: (SendOutcome | null)[] = items.map(() => null);
    const posts: { i: number; body: Record<string, unknown> }[] = [];
    const taken: { i: number; item: OutboxSendItem }[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.kind === 'confirmation.cancel') {
        outcomes[i] = await sendCancel(it, a.value);
        continue;
      }
      const b = itemBody(it);
      if ('class' in b) outcomes[i] = { kind: b.class === 'business' ? 'business' : 'config', error: b as OutboxError };
      else posts.push({ i, body: b });
    }
    if (posts.length > 0) {
      const r = await post('/confirmations:batch', { items: posts.map((p) => p.body) }, a.value, `batch-${posts[0]!.body.id as string}`);
      if ('kind' in r) for (const p of posts) outcomes[p.i] = r;
      else if (r.status !== 200) {
        const pm = problemMessage(r);
        const whole = failureOutcome(r.status, pm.message, pm.code, header(r.headers, 'retry-after'));
        for (const p of posts) outcomes[p.i] = whole.kind === 'business' ? { kind: 'config', error: outboxError('config', `the ERP refused the whole batch: ${pm.message}`, r.status, pm.code) } : whole;
      } else {
        let results: { id?: string; status?: number; confirmation?: { erpId?: string }; error?: { code?: string; title?: string; detail?: string } }[] = [];
        try {
          results = (JSON.parse(r.body) as { results?: typeof results }).results ?? [];
        } catch {
          results = [];
        }
        const byId = new Map(results.map((x) => [String(x.id), x]));
        for (const p of posts) {
          const res = byId.get(String(p.body.id));
          if (!res) outcomes[p.i] = { kind: 'unknown', error: outboxError('unknown', 'the ERP did not answer for this item') };
          else if ((res.status ?? 0) >= 200 && (res.status ?? 0) < 300 && res.confirmation?.erpId) outcomes[p.i] = { kind: 'done', remoteKeys: { erpId: res.confirmation.erpId } };
          else if (res.status === 409 && res.error?.code === 'DUPLICATE_REFERENCE') taken.push({ i: p.i, item: items[p.i]! });
          else {
            const msg = [res.error?.title, res.error?.detail].filter(Boolean).join(': ') || `HTTP ${res.status}`;
            outcomes[p.i] = failureOutcome(res.status ?? 500, msg, res.error?.code, undefined);
          }
        }
      }
    }
    // Issue 19: the reference is already in the ERP. Ours (an earlier attempt applied) → done; another
    // console's capture of the same business key → a conflict for a person, never done and never resent.
    if (taken.length > 0) {
      const rb = await readBack(taken.map((t) => t.item));
      for (const t of taken) {
        const hit = rb.ok ? (rb.value.get(t.item.id) ?? []).find((h) => !h.reversed) : undefined;
        const rec = rb.ok ? lastRecords.get(t.item.id.toLowerCase()) : undefined;
        const foreign = rec ? foreignRecord(t.item, rec) : null;
        if (!hit) outcomes[t.i] = { kind: 'unknown', error: outboxError('unknown', 'the ERP says this reference is taken, but its read-back does not show it (yet)', 409, 'DUPLICATE_REFERENCE') };
        else if (foreign) outcomes[t.i] = { kind: 'business', error: outboxError('business', `Not sent: ${foreign}. Accept theirs (discard this one) or post a correction.`, 409, ALREADY_IN_ERP) };
        else outcomes[t.i] = { kind: 'done', remoteKeys: hit.remoteKeys, note: 'already in the ERP under this reference' };
      }
    }
    return outcomes as SendOutcome[];
  }

  async function getJson(url: string, signal?: AbortSignal): Promise<Result<unknown, OutboxError>> {
    const a = await authHeaders();
    if (!a.ok) return errResult(a.error);
    const r = await httpRequest({ method: 'GET', url, headers: { ...a.value, accept: 'application/json' }, timeoutMs, ...(signal ? { signal } : {}) });
    if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
    if (r.value.status !== 200) {
      const pm = problemMessage(r.value);
      return errResult(outboxError(classifyStatus(r.value.status, false), pm.message, r.value.status, pm.code));
    }
    try {
      return okResult(JSON.parse(r.value.body) as unknown);
    } catch {
      return errResult(outboxError('unknown', 'the ERP answered with unreadable JSON'));
    }
  }

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
    const out = new Map<string, ReadBackHit[]>();
    const lookFor = new Map<string, string>();
    for (const it of items) {
      out.set(it.id, []);
      const ref = it.kind === 'confirmation.cancel' ? ConfirmationCancelPayload.safeParse(it.payload).data?.reverses : it.id;
      if (ref) lookFor.set(ref, it.id);
    }
    const refs = [...lookFor.keys()];
    for (let i = 0; i < refs.length; i += 50) {
      const q = refs.slice(i, i + 50).map((r) => `reference=${encodeURIComponent(r)}`).join('&');
      const j = await getJson(`${base}/confirmations?${q}`);
      if (!j.ok) return errResult(j.error);
      for (const rec of ((j.value as { items?: RestRecord[] }).items ?? [])) {
        lastRecords.set(String(rec.id).toLowerCase(), rec);
        const itemId = lookFor.get(String(rec.id));
        if (!itemId) continue;
        const item = items.find((x) => x.id === itemId)!;
        const reversed = rec.status === 'cancelled';
        if (item.kind === 'confirmation.cancel') {
          const c = ConfirmationCancelPayload.safeParse(item.payload).data;
          const record = c?.record ?? (c ? (o.remoteKeysOf?.(c.reverses) ?? undefined) : undefined);
          if (reversed && (!record || record.erpId === String(rec.erpId))) out.get(itemId)!.push({ remoteKeys: { erpId: String(rec.erpId), reversal: 'true' } });
        } else out.get(itemId)!.push({ remoteKeys: { erpId: String(rec.erpId) }, reversed });
      }
    }
    return okResult(out);
  }

  async function fetchWorkOrders(q: WorkOrderQuery): Promise<Result<WorkOrderPage, OutboxError>> {
    const orders: WorkOrder[] = [];
    let maxChange: string | null = q.changedSince ?? null;
    let requests = 0;
    const centers = q.workCenters.length > 0 ? q.workCenters : [''];
    for (const wc of centers) {
      let cursor: string | null = null;
      do {
        const params = new URLSearchParams({ plant: q.plant, status: 'released', limit: '100' });
        if (wc) params.set('workCenter', wc);
        if (q.changedSince) params.set('changedSince', q.changedSince);
        if (cursor) params.set('cursor', cursor);
        const j = await getJson(`${base}/work-orders?${params.toString()}`, q.signal);
        requests += 1;
        if (!j.ok) return errResult(j.error);
        const body = j.value as { items?: Record<string, unknown>[]; nextCursor?: string | null };
        for (const it of body.items ?? []) {
          const ops = (it.operations as Record<string, unknown>[] | undefined) ?? [];
          const changedAt = it.changedAt ? String(it.changedAt) : null;
          if (changedAt && (!maxChange || changedAt > maxChange)) maxChange = changedAt;
          orders.push({
            erpOrderId: String(it.id),
            type: String(it.type ?? ''),
            material: String(it.material ?? ''),
            plantId: String(it.plant ?? q.plant),
            plannedQty: String(it.plannedQty ?? '0'),
            confirmedYield: String(it.confirmedYield ?? '0'),
            uom: String(it.unit ?? 'PC'),
            status: { released: true, partiallyConfirmed: false, confirmed: false, technicallyCompleted: false, closed: false, locked: false, ...((it.status as object | undefined) ?? {}) },
            operations: ops.map((op) => ({
              operationId: String(op.operation ?? op.id),
              sequence: String(op.sequence ?? '0'),
              text: String(op.text ?? ''),
              workCenterId: String(op.workCenter ?? ''),
              uom: String(op.unit ?? it.unit ?? 'PC'),
              plannedQty: String(op.plannedQty ?? '0'),
              confirmedYield: String(op.confirmedYield ?? '0'),
              confirmedScrap: String(op.confirmedScrap ?? '0'),
              released: op.released !== false,
              confirmed: op.confirmed === true,
            })),
            lastChange: changedAt,
          });
        }
        cursor = body.nextCursor ?? null;
      } while (cursor);
    }
    return okResult({ orders, maxChange, requests });
  }

  /** Connection check (net/connectionCheck.ts): sign-in and the read-back query, with a reference nobody has. */
  async function check(): Promise<CheckLine[]> {
    const j = await getJson(`${base}/confirmations?reference=00000000-0000-0000-0000-000000000000`);
    if (!j.ok) {
      if (j.error.httpStatus === 401 || j.error.httpStatus === 403) return [{ step: 'signIn', ok: false, text: `The ERP refused the API key (${j.error.httpStatus}); check it in settings`, msg: msg('check.apiKeyRefused', { target: 'erp' }) }];
      if (j.error.httpStatus === 404) return [{ step: 'signIn', ok: true, text: 'Signed in with the API key', msg: msg('check.signedInApiKey') }, { step: 'definition', ok: false, text: 'The ERP has no /erp/v1/confirmations here; check the address', msg: msg('check.restNoConfirmations') }];
      return [{ step: 'signIn', ok: false, text: j.error.message }];
    }
    const items = (j.value as { items?: unknown[] } | null)?.items;
    return [
      { step: 'signIn', ok: true, text: 'Signed in with the API key', msg: msg('check.signedInApiKey') },
      Array.isArray(items) ? { step: 'definition', ok: true, text: 'Confirmations can be read by reference', msg: msg('check.restDefinitionOk') } : { step: 'definition', ok: false, text: 'The answer has no items list: this address is not the REST ERP API', msg: msg('check.restNotApi') },
      Array.isArray(items) && items.length === 0 ? { step: 'readBack', ok: true, text: 'Confirmations are found again by reference: a reference nobody has returns nothing', msg: msg('check.restReadBackOk') } : { step: 'readBack', ok: false, text: 'The ERP ignored the reference condition, so the console cannot tell whether a confirmation arrived', msg: msg('check.restReadBackIgnored') },
    ];
  }

  const connector: ErpConnector = {
    adapter: {
      target: 'erp',
      label: 'ERP (REST)',
      kinds: ['confirmation.post', 'confirmation.cancel'],
      batchSize: Math.min(o.batchSize, 100),
      parallelRequests: o.parallelRequests ?? 4,
      minKeyGapMs: o.minKeyGapMs ?? 0,
      settleMs: o.settleMs ?? 60_000,
      processingLimitMs: o.processingLimitMs ?? 0,
      repairDuplicate: (item, extra) => duplicateCancel(item, extra.remoteKeys, Date.now()),
      send,
      readBack,
    },
    fetchWorkOrders,
  };
  return Object.assign(connector, { check });
}
