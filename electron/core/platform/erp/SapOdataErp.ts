import { createHash, randomUUID } from 'node:crypto';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { parseRetryAfter } from '../outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { ConfirmationCancelPayload, ConfirmationPostPayload, confirmationText, duplicateCancel, padOperation } from './erpPayloads.ts';
import type { ErpConnector, ErpConnectorOptions, WorkOrder, WorkOrderPage, WorkOrderQuery } from './erpTypes.ts';
import { header, type HttpResponse, type HttpResult, httpRequest } from './httpClient.ts';
import { type BatchRequest, buildBatch, parseBatchResponse } from '../../../../shared/erp/odataBatch.ts';
import { classifyStatus, outboxError, sapErrorMessage } from './sapErrors.ts';

const CONF_SRV = 'API_PROD_ORDER_CONFIRMATION_2_SRV';
const ORDER_SRV = 'API_PRODUCTION_ORDER_2_SRV';

const sapDate = (isoDate: string): string => `/Date(${Date.parse(`${isoDate}T00:00:00Z`)})/`;
const sapTime = (iso: string): string => {
  const d = new Date(iso);
  return `PT${String(d.getUTCHours()).padStart(2, '0')}H${String(d.getUTCMinutes()).padStart(2, '0')}M${String(d.getUTCSeconds()).padStart(2, '0')}S`;
};
const guidLit = (id: string) => `guid'${id}'`;
const strLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The ProdnOrdConf2 entity for one canonical confirmation (contracts §5). */
export function toSapConfirmation(p: ConfirmationPostPayload, user: string): Record<string, unknown> {
  return {
    OrderID: p.order.erpOrderId,
    OrderOperation: padOperation(p.order.operationId),
    Sequence: p.order.sequence || '0',
    Plant: p.plantId,
    WorkCenter: p.workCenterId,
    PostingDate: sapDate(p.postingDate),
    ConfirmationUnit: p.quantities.uom,
    ConfirmationYieldQuantity: p.quantities.yield,
    ConfirmationScrapQuantity: p.quantities.scrap,
    ConfirmationReworkQuantity: p.quantities.rework,
    ...(p.quantities.varianceReason ? { VarianceReasonCode: p.quantities.varianceReason } : {}),
    FinalConfirmationType: p.finality === 'final' ? 'X' : '',
    IsFinalConfirmation: p.finality === 'final',
    ConfirmedExecutionStartDate: sapDate(p.execution.start.slice(0, 10)),
    ConfirmedExecutionStartTime: sapTime(p.execution.start),
    ConfirmedExecutionEndDate: sapDate(p.execution.end.slice(0, 10)),
    ConfirmedExecutionEndTime: sapTime(p.execution.end),
    ExternalSystemConfirmation: p.id,
    ConfirmationText: confirmationText(p.id),
    EnteredByExternalUser: (p.capturedBy || user).slice(0, 12).toUpperCase(),
  };
}

interface Csrf {
  token: string;
  cookies: string;
}

/**
 * SAP S/4HANA over OData V2: CSRF token with its cookies, `$batch` with one changeset per
 * confirmation (at most one per order per request), read-back by ExternalSystemConfirmation.
 */
/** The CSRF token and session cookies an answer carries, if it carries one. */
function tokenOf(res: HttpResponse): Csrf | null {
  const token = header(res.headers, 'x-csrf-token');
  if (res.status >= 300 || !token || token.toLowerCase() === 'required') return null;
  const set = res.headers['set-cookie'] ?? [];
  return { token, cookies: set.map((c) => c.split(';', 1)[0]).join('; ') };
}

/**
 * SAP Gateway's repeatable requests ("Defining Settings for Idempotent Services", SAP Gateway 2.0 SP12):
 * request headers `RequestID` (32-character GUID, client-generated) and `RepeatabilityCreation` (when
 * the request was first created); the answer's `RepeatabilityResult` says `accepted` (the server state
 * reflects one execution; a repeat gets the first answer), `unsupported` or `rejected`. The OASIS
 * spelling (`Repeatability-Request-ID`, `Repeatability-First-Sent`, `Repeatability-Result`) is sent and
 * read too. The id is derived from the set of references in the request, so a resend of the same
 * confirmations carries the same id.
 * NOT VERIFIED against a real SAP system (none was available): the exact date format SAP expects in
 * `RepeatabilityCreation` (RFC 7231 IMF-fixdate is sent), whether it applies to `$batch` as a whole,
 * and whether `unsupported`/`rejected` answers were not executed (they are treated as not executed, and
 * the headers are not sent again). The duplicate guarantee does not rest on it: read-back after the
 * processing limit, a read-back after every resend, and the duplicate repair do.
 */
export function repeatabilityHeaders(items: readonly OutboxSendItem[]): Record<string, string> {
  const ids = items.map((it) => it.id.toLowerCase()).sort();
  const requestId = createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32).toUpperCase();
  const first = new Date(Math.min(...items.map((it) => it.firstSentAt))).toUTCString();
  return { RequestID: requestId, RepeatabilityCreation: first, 'Repeatability-Request-ID': requestId, 'Repeatability-First-Sent': first };
}

export function createSapOdataErp(o: ErpConnectorOptions): ErpConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const user = o.workstation ?? 'CONSOLE';
  const csrfRoundsBeforePark = o.csrfRoundsBeforePark ?? 5;
  let csrf: Csrf | null = null;
  /** Rounds in a row in which even a fresh token was refused. */
  let csrfRefusedRounds = 0;
  /** What the ERP said about repeatable requests: until it refuses them, they are sent. */
  let repeatability: 'unknown' | 'accepted' | 'off' = 'unknown';
  let fetching: ReturnType<typeof fetchToken> | null = null;
  const root = (srv: string) => `${o.baseUrl.replace(/\/$/, '')}/${srv}`;
  const withClient = (url: string) => (o.sapClient ? `${url}${url.includes('?') ? '&' : '?'}sap-client=${encodeURIComponent(o.sapClient)}` : url);

  async function auth(): Promise<Result<string, OutboxError>> {
    const r = await o.secrets.read(o.credentialsSecret);
    if (!r.ok) {
      return errResult(outboxError('config', r.error === 'NOT_FOUND' ? `no ERP credentials stored under "${o.credentialsSecret}"; enter them in settings` : 'the secret store is not available'));
    }
    return okResult(`Basic ${Buffer.from(r.value, 'utf8').toString('base64')}`);
  }

  async function fetchToken(authz: string): Promise<Result<Csrf, { outcome: 'transient' | 'config' | 'unknown'; error: OutboxError; retryAfterMs?: number }>> {
    let last: HttpResult | null = null;
    // Some systems need the trailing slash, others refuse it.
    for (const url of [`${root(CONF_SRV)}/`, root(CONF_SRV)]) {
      last = await httpRequest({ method: 'HEAD', url: withClient(url), headers: { authorization: authz, 'x-csrf-token': 'fetch' }, timeoutMs });
      if (!last.ok) return errResult({ outcome: 'transient', error: outboxError('transient', `ERP not reachable: ${last.error.message}`) });
      const got = tokenOf(last.value);
      if (got) return okResult(got);
      if (last.value.status === 401) return errResult({ outcome: 'config', error: outboxError('config', 'the ERP refused the stored credentials (401)', 401) });
      // Only a "no such resource" answer means the other spelling of the root may work.
      if (![400, 404, 405].includes(last.value.status)) break;
    }
    const status = last && last.ok ? last.value.status : 0;
    const retryAfter = last && last.ok ? header(last.value.headers, 'retry-after') : undefined;
    // A token fetch is a read: nothing was applied, so anything but a refusal of our setup is transient.
    const cls = classifyStatus(status, retryAfter !== undefined);
    const outcome = cls === 'config' || cls === 'business' ? 'config' : 'transient';
    return errResult({ outcome, error: outboxError(outcome, `could not get a CSRF token from the ERP (HTTP ${status})`, status), retryAfterMs: parseRetryAfter(retryAfter, Date.now()) });
  }

  function changesetFor(item: OutboxSendItem): BatchRequest[] | OutboxError {
    if (item.kind === 'confirmation.post') {
      const p = ConfirmationPostPayload.safeParse(item.payload);
      if (!p.success) return outboxError('business', `the confirmation is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`);
      return [{ method: 'POST', path: 'ProdnOrdConf2', body: JSON.stringify(toSapConfirmation(p.data, user)) }];
    }
    if (item.kind === 'confirmation.cancel') {
      const c = ConfirmationCancelPayload.safeParse(item.payload);
      if (!c.success) return outboxError('business', 'the reversal is incomplete');
      // A duplicate's cancellation names the extra record itself; a reversal uses the original's keys.
      const keys = c.data.record ?? o.remoteKeysOf?.(c.data.reverses);
      if (!keys?.ConfirmationGroup || !keys.ConfirmationCount) return outboxError('business', 'the confirmation to reverse has no ERP keys (was it ever posted?)');
      return [{ method: 'POST', path: `CancelProdnOrdConf?ConfirmationGroup=${strLit(keys.ConfirmationGroup)}&ConfirmationCount=${strLit(keys.ConfirmationCount)}` }];
    }
    return outboxError('config', `the SAP adapter does not handle ${item.kind}`);
  }

  function outcomeOfPart(item: OutboxSendItem, resp: { status?: number; headers: Record<string, string>; body: string } | undefined): SendOutcome {
    if (!resp || resp.status === undefined) return { kind: 'unknown', error: outboxError('unknown', 'the ERP did not answer for this confirmation in the batch') };
    if (resp.status >= 200 && resp.status < 300) {
      let d: Record<string, unknown> = {};
      try {
        d = ((JSON.parse(resp.body) as { d?: Record<string, unknown> }).d ?? {}) as Record<string, unknown>;
      } catch {
        return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with an unreadable body') };
      }
      if (item.kind === 'confirmation.post') {
        if (d.ExternalSystemConfirmation !== undefined && String(d.ExternalSystemConfirmation).toLowerCase() !== item.id.toLowerCase()) {
          return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with another reference than ours') };
        }
        return { kind: 'done', remoteKeys: { ConfirmationGroup: String(d.ConfirmationGroup ?? ''), ConfirmationCount: String(d.ConfirmationCount ?? '') } };
      }
      return { kind: 'done', remoteKeys: { ConfirmationGroup: String(d.ConfirmationGroup ?? ''), ConfirmationCount: String(d.ConfirmationCount ?? ''), reversal: 'true' } };
    }
    const { message, code } = sapErrorMessage(resp.body, resp.status);
    const cls = classifyStatus(resp.status, resp.headers['retry-after'] !== undefined);
    const error = outboxError(cls, message, resp.status, code);
    if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(resp.headers['retry-after'], Date.now()) };
    return { kind: cls === 'business' ? 'business' : cls, error } as SendOutcome;
  }

  function wholeRequestOutcome(res: HttpResponse, n: number): SendOutcome[] {
    const { message, code } = sapErrorMessage(res.body, res.status);
    const retryAfter = header(res.headers, 'retry-after');
    const cls = classifyStatus(res.status, retryAfter !== undefined);
    const error = outboxError(cls, message, res.status, code);
    const one: SendOutcome =
      cls === 'transient'
        ? { kind: 'transient', error, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) }
        : cls === 'business'
          ? // A whole $batch refused is our request's fault, not one item's: park, do not reject items.
            { kind: 'config', error: outboxError('config', `the ERP refused the whole batch: ${message}`, res.status, code) }
          : ({ kind: cls, error } as SendOutcome);
    return Array.from({ length: n }, () => one);
  }

  async function send(items: readonly OutboxSendItem[]): Promise<SendOutcome[]> {
    const outcomes: (SendOutcome | null)[] = items.map(() => null);
    const sendable: { i: number; cs: BatchRequest[] }[] = [];
    items.forEach((it, i) => {
      const cs = changesetFor(it);
      if (Array.isArray(cs)) sendable.push({ i, cs });
      else outcomes[i] = cs.class === 'business' ? { kind: 'business', error: cs } : { kind: 'config', error: cs };
    });
    if (sendable.length === 0) return outcomes as SendOutcome[];
    const a = await auth();
    if (!a.ok) return items.map((_, i) => outcomes[i] ?? { kind: 'config', error: a.error });

    for (let csrfTry = 0; csrfTry < 2; csrfTry++) {
      if (!csrf) {
        // Parallel requests share one token fetch.
        fetching ??= fetchToken(a.value).finally(() => (fetching = null));
        const t = await fetching;
        if (!t.ok) return items.map((_, i) => outcomes[i] ?? ({ kind: t.error.outcome, error: t.error.error, ...(t.error.retryAfterMs !== undefined ? { retryAfterMs: t.error.retryAfterMs } : {}) } as SendOutcome));
        csrf = t.value;
      }
      const boundary = `batch_${randomUUID()}`;
      const body = buildBatch(boundary, sendable.map((s) => s.cs));
      const repeatable = repeatability !== 'off' ? repeatabilityHeaders(sendable.map((s) => items[s.i]!)) : {};
      const res = await httpRequest({
        method: 'POST',
        url: withClient(`${root(CONF_SRV)}/$batch`),
        headers: { authorization: a.value, 'x-csrf-token': csrf.token, cookie: csrf.cookies, 'content-type': `multipart/mixed; boundary=${boundary}`, accept: 'multipart/mixed', ...repeatable },
        body,
        timeoutMs,
      });
      if (!res.ok) {
        const o2: SendOutcome =
          res.error.phase === 'notSent'
            ? { kind: 'transient', error: outboxError('transient', `ERP not reachable: ${res.error.message}`) }
            : { kind: 'unknown', error: outboxError('unknown', `sent, but ${res.error.message}`) };
        for (const s of sendable) outcomes[s.i] = o2;
        return outcomes as SendOutcome[];
      }
      if (res.value.status === 403 && (header(res.value.headers, 'x-csrf-token') ?? '').toLowerCase() === 'required') {
        csrf = null; // expired: fetch once more and resend now; a second refusal backs off (below)
        continue;
      }
      csrfRefusedRounds = 0;
      const rr = (header(res.value.headers, 'repeatabilityresult') ?? header(res.value.headers, 'repeatability-result') ?? '').toLowerCase();
      if (rr === 'accepted') repeatability = 'accepted';
      else if ((rr === 'unsupported' || rr === 'rejected') && repeatability !== 'off') {
        repeatability = 'off';
        if (res.value.status >= 400) {
          // Refused for the headers, not executed: send again without them.
          const again: SendOutcome = { kind: 'transient', error: outboxError('transient', `the ERP does not take repeatable requests (${rr}); sending without`, res.value.status), retryAfterMs: 0 };
          for (const s of sendable) outcomes[s.i] = again;
          return outcomes as SendOutcome[];
        }
      }
      if (res.value.status !== 202 && res.value.status !== 200) {
        const whole = wholeRequestOutcome(res.value, sendable.length);
        sendable.forEach((s, k) => (outcomes[s.i] = whole[k]!));
        return outcomes as SendOutcome[];
      }
      const parts = parseBatchResponse(res.value.body, header(res.value.headers, 'content-type'));
      sendable.forEach((s, k) => {
        const part = parts?.[k];
        outcomes[s.i] = outcomeOfPart(items[s.i]!, part ? (part.failed ? part.responses.find((r) => (r.status ?? 0) >= 400) : part.responses[0]) : undefined);
      });
      return outcomes as SendOutcome[];
    }
    // Refused again right after a fresh token: often a session or load-balancer hiccup that passes. Back
    // off and fetch a new token next round; park only when it persists round after round.
    csrfRefusedRounds += 1;
    const persists = csrfRefusedRounds >= csrfRoundsBeforePark;
    const refused: SendOutcome = persists
      ? { kind: 'config', error: outboxError('config', `the ERP refused a freshly fetched security token (CSRF) ${csrfRefusedRounds} times in a row; check the ERP user's authorisations and the session cookies, then resend`, 403, 'CSRF') }
      : { kind: 'transient', error: outboxError('transient', 'the ERP refused a freshly fetched security token (CSRF); trying again with a new one', 403, 'CSRF') };
    if (persists) csrfRefusedRounds = 0;
    for (const s of sendable) outcomes[s.i] = refused;
    return outcomes as SendOutcome[];
  }

  async function getJson(url: string, authz: string): Promise<Result<unknown, OutboxError>> {
    // A read asks for a CSRF token while we hold none (SAP answers it in the read's headers), so the
    // first $batch of a session needs no round trip of its own; with a token, reads keep its session.
    const ask = csrf === null && fetching === null;
    const session: Record<string, string> = ask ? { 'x-csrf-token': 'fetch' } : csrf ? { cookie: csrf.cookies } : {};
    const r = await httpRequest({ method: 'GET', url: withClient(url), headers: { authorization: authz, accept: 'application/json', ...session }, timeoutMs });
    if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
    if (ask && csrf === null) csrf = tokenOf(r.value);
    if (r.value.status !== 200) {
      const { message, code } = sapErrorMessage(r.value.body, r.value.status);
      return errResult(outboxError(classifyStatus(r.value.status, false), message, r.value.status, code));
    }
    try {
      return okResult(JSON.parse(r.value.body) as unknown);
    } catch {
      return errResult(outboxError('unknown', 'the ERP answered with unreadable JSON'));
    }
  }

  const resultsOf = (j: unknown): Record<string, unknown>[] => ((j as { d?: { results?: Record<string, unknown>[] } })?.d?.results ?? []);

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const out = new Map<string, ReadBackHit[]>();
    // A cancel is found by its original being reversed; a post by its own reference.
    const lookFor = new Map<string, string[]>(); // reference to find → items it answers
    for (const it of items) {
      out.set(it.id, []);
      const ref = it.kind === 'confirmation.cancel' ? ConfirmationCancelPayload.safeParse(it.payload).data?.reverses : it.id;
      if (!ref) continue;
      lookFor.set(ref, [...(lookFor.get(ref) ?? []), it.id]);
    }
    const refs = [...lookFor.keys()];
    for (let i = 0; i < refs.length; i += 20) {
      const chunk = refs.slice(i, i + 20);
      const filter = chunk.map((r) => `ExternalSystemConfirmation eq ${guidLit(r)}`).join(' or ');
      const url = `${root(CONF_SRV)}/ProdnOrdConf2?$filter=${encodeURIComponent(filter)}&$select=ConfirmationGroup,ConfirmationCount,ExternalSystemConfirmation,IsReversed&$top=200`;
      const j = await getJson(url, a.value);
      if (!j.ok) return errResult(j.error);
      for (const rec of resultsOf(j.value)) {
        const ref = String(rec.ExternalSystemConfirmation ?? '').toLowerCase();
        for (const itemId of lookFor.get(ref) ?? []) {
          const item = items.find((x) => x.id === itemId)!;
          const hit: ReadBackHit = { remoteKeys: { ConfirmationGroup: String(rec.ConfirmationGroup), ConfirmationCount: String(rec.ConfirmationCount) }, reversed: rec.IsReversed === true };
          if (item.kind === 'confirmation.cancel') {
            // A cancellation is found by ITS record being reversed (a duplicate's: the extra one; a reversal:
            // the original's keys), not by any reversed record under the reference.
            const c = ConfirmationCancelPayload.safeParse(item.payload).data;
            const record = c?.record ?? (c ? (o.remoteKeysOf?.(c.reverses) ?? undefined) : undefined);
            const mine = !record || (record.ConfirmationGroup === hit.remoteKeys.ConfirmationGroup && record.ConfirmationCount === hit.remoteKeys.ConfirmationCount);
            if (hit.reversed && mine) out.get(itemId)!.push({ remoteKeys: { ...hit.remoteKeys, reversal: 'true' } });
          } else out.get(itemId)!.push(hit);
        }
      }
    }
    return okResult(out);
  }

  async function fetchWorkOrders(q: WorkOrderQuery): Promise<Result<WorkOrderPage, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const wc = q.workCenters.length > 0 ? ` and (${q.workCenters.map((w) => `WorkCenter eq ${strLit(w)}`).join(' or ')})` : '';
    const delta = q.changedSince ? ` and LastChangeDateTime gt ${strLit(q.changedSince)}` : '';
    const filter = `ProductionPlant eq ${strLit(q.plant)}${wc} and OperationIsReleased eq 'X' and OperationIsDeleted eq ''${delta}`;
    const select = 'ManufacturingOrder,ManufacturingOrderSequence,ManufacturingOrderOperation,MfgOrderOperationText,WorkCenter,OpPlannedTotalQuantity,OpTotalConfirmedYieldQty,OpTotalConfirmedScrapQty,OperationUnit,OperationIsReleased,OperationIsConfirmed,LastChangeDateTime';
    const ops: Record<string, unknown>[] = [];
    let requests = 0;
    for (let skip = 0; ; skip += 200) {
      const url = `${root(ORDER_SRV)}/A_ProductionOrderOperation_2?$filter=${encodeURIComponent(filter)}&$select=${select}&$top=200&$skip=${skip}&$inlinecount=allpages`;
      const j = await getJson(url, a.value);
      requests += 1;
      if (!j.ok) return errResult(j.error);
      const page = resultsOf(j.value);
      ops.push(...page);
      if (page.length < 200) break;
    }
    const orderIds = [...new Set(ops.map((r) => String(r.ManufacturingOrder)))];
    const headers = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < orderIds.length; i += 20) {
      const f = orderIds.slice(i, i + 20).map((id) => `ManufacturingOrder eq ${strLit(id)}`).join(' or ');
      const j = await getJson(`${root(ORDER_SRV)}/A_ProductionOrder_2?$filter=${encodeURIComponent(f)}&$top=20`, a.value);
      requests += 1;
      if (!j.ok) return errResult(j.error);
      for (const h of resultsOf(j.value)) headers.set(String(h.ManufacturingOrder), h);
    }
    let maxChange: string | null = q.changedSince ?? null;
    const orders = new Map<string, WorkOrder>();
    for (const r of ops) {
      const id = String(r.ManufacturingOrder);
      const h = headers.get(id) ?? {};
      const change = String(r.LastChangeDateTime ?? h.LastChangeDateTime ?? '');
      if (change && (!maxChange || change > maxChange)) maxChange = change;
      let order = orders.get(id);
      if (!order) {
        order = {
          erpOrderId: id,
          type: String(h.ManufacturingOrderType ?? ''),
          material: String(h.Material ?? ''),
          plantId: String(h.ProductionPlant ?? q.plant),
          plannedQty: String(h.TotalQuantity ?? r.OpPlannedTotalQuantity ?? '0'),
          confirmedYield: String(h.MfgOrderConfirmedYieldQty ?? '0'),
          uom: String(h.ProductionUnit ?? r.OperationUnit ?? 'PC'),
          status: {
            released: h.OrderIsReleased === 'X',
            partiallyConfirmed: h.OrderIsPartiallyConfirmed === 'X',
            confirmed: h.OrderIsConfirmed === 'X',
            technicallyCompleted: h.OrderIsTechnicallyCompleted === 'X',
            closed: h.OrderIsClosed === 'X',
            locked: h.OrderIsLocked === 'X',
          },
          operations: [],
          lastChange: change || null,
        };
        orders.set(id, order);
      }
      order.operations.push({
        operationId: String(r.ManufacturingOrderOperation),
        sequence: String(r.ManufacturingOrderSequence ?? '0'),
        text: String(r.MfgOrderOperationText ?? ''),
        workCenterId: String(r.WorkCenter),
        uom: String(r.OperationUnit ?? 'PC'),
        plannedQty: String(r.OpPlannedTotalQuantity ?? '0'),
        confirmedYield: String(r.OpTotalConfirmedYieldQty ?? '0'),
        confirmedScrap: String(r.OpTotalConfirmedScrapQty ?? '0'),
        released: r.OperationIsReleased === 'X',
        confirmed: r.OperationIsConfirmed === 'X',
      });
    }
    return okResult({ orders: [...orders.values()], maxChange, requests });
  }

  return {
    adapter: {
      target: 'erp',
      label: 'ERP (SAP S/4HANA)',
      kinds: ['confirmation.post', 'confirmation.cancel'],
      batchSize: Math.min(o.batchSize, 50),
      parallelRequests: o.parallelRequests ?? 4,
      minKeyGapMs: o.minKeyGapMs ?? 2_000,
      settleMs: o.settleMs ?? 60_000,
      processingLimitMs: o.processingLimitMs ?? 0,
      send,
      readBack,
      repairDuplicate: (item, extra) => duplicateCancel(item, extra.remoteKeys, Date.now()),
    },
    fetchWorkOrders,
  };
}
