import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { createHash, randomUUID } from 'node:crypto';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { parseRetryAfter } from '../outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { ConfirmationCancelPayload, ConfirmationPostPayload, confirmationText, duplicateCancel, padOperation } from './erpPayloads.ts';
import type { ErpConnector, ErpConnectorOptions, ErpServiceCheck, WorkOrder, WorkOrderPage, WorkOrderQuery } from './erpTypes.ts';
import { header, type HttpRequest, type HttpResponse, type HttpResult } from './httpClient.ts';
import { refusedSignIn, sapAuthorization, sapRequest } from './sapAuth.ts';
import { type BatchRequest, buildBatch, parseBatchResponse } from '../../../../shared/erp/odataBatch.ts';
import { classifyStatus, classifySapError, outboxError, sapErrorMessage } from './sapErrors.ts';
import { type EdmService, parseEdmx } from '../../../../shared/erp/edmx.ts';
import { plantDay, sapDay, sapLocalDateTime } from './sapDates.ts';
import { BEFORE_SEND_SELECT, foreignSapRecord } from './sapAlreadyPosted.ts';
import { ALREADY_IN_ERP } from './RestErp.ts';
import { isDerivedReference } from '../reference/derivedReference.ts';
import { languageOfItems, sapLanguage } from './erpLanguage.ts';
import type { ConnectionCheckLine } from '../../../../shared/contract/domains/system.ts';

const CONF_SRV = 'API_PROD_ORDER_CONFIRMATION_2_SRV';
const ORDER_SRV = 'API_PRODUCTION_ORDER_2_SRV';

const guidLit = (id: string) => `guid'${id}'`;
/** The plant's day of an instant, or null when the text is not a time (the reversal then names no day). */
const plantDayOrNull = (iso: string, zone: string): string | null => {
  try {
    return plantDay(iso, zone);
  } catch {
    return null;
  }
};
const strLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The ProdnOrdConf2 entity for one canonical confirmation (contracts §5). Execution start and end go
 * out as the plant's wall-clock date and time (`zone`, IANA), as SAP stores them; the posting date is the
 * shift's day, already a plant-local day.
 */
export function toSapConfirmation(p: ConfirmationPostPayload, user: string, zone: string): Record<string, unknown> {
  const start = sapLocalDateTime(p.execution.start, zone);
  const end = sapLocalDateTime(p.execution.end, zone);
  const captured = sapLocalDateTime(p.capturedAt, zone);
  return {
    OrderID: p.order.erpOrderId,
    OrderOperation: padOperation(p.order.operationId),
    Sequence: p.order.sequence || '0',
    Plant: p.plantId,
    WorkCenter: p.workCenterId,
    PostingDate: sapDay(p.postingDate),
    ConfirmationUnit: p.quantities.uom,
    ConfirmationYieldQuantity: p.quantities.yield,
    ConfirmationScrapQuantity: p.quantities.scrap,
    ConfirmationReworkQuantity: p.quantities.rework,
    ...(p.quantities.varianceReason ? { VarianceReasonCode: p.quantities.varianceReason } : {}),
    FinalConfirmationType: p.finality === 'final' ? 'X' : '',
    IsFinalConfirmation: p.finality === 'final',
    ConfirmedExecutionStartDate: start.date,
    ConfirmedExecutionStartTime: start.time,
    ConfirmedExecutionEndDate: end.date,
    ConfirmedExecutionEndTime: end.time,
    // When the confirmation was captured (plant-local): tells our own earlier attempt from another console's.
    ConfirmationExternalEntryDate: captured.date,
    ConfirmationExternalEntryTime: captured.time,
    ExternalSystemConfirmation: p.id,
    ConfirmationText: confirmationText(p.id),
    EnteredByExternalUser: (p.capturedBy || user).slice(0, 12).toUpperCase(),
  };
}

interface Csrf {
  token: string;
  cookies: string;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** Operation properties the work-order read cannot do without (all in the published definition). */
const OP_REQUIRED = ['ManufacturingOrder', 'ManufacturingOrderSequence', 'ManufacturingOrderOperation', 'WorkCenter', 'OperationUnit', 'OperationIsReleased', 'OpPlannedTotalQuantity', 'OpTotalConfirmedYieldQty'];
/** Operation properties read when the service has them, and what their absence costs, in words. */
const OP_OPTIONAL: Readonly<Record<string, string>> = {
  MfgOrderOperationText: 'operation texts are not shown',
  OpTotalConfirmedScrapQty: 'scrap already confirmed in the ERP is not shown per operation at shift close (taken as 0)',
  OperationIsConfirmed: 'operations confirmed in the ERP are not marked as such',
  LastChangeDateTime: 'orders cannot be read by change, so every refresh reads all released orders',
};

export type SapServiceCheck = ErpServiceCheck;

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
export function repeatabilityHeaders(items: readonly OutboxSendItem[], answeredRounds: (id: string) => number = () => 0, origin = ''): Record<string, string> {
  // An item the ERP answered as not applied (a lock, say) goes again as a NEW request: with the first id,
  // SAP would answer the repeat with the stored refusal. Only an unanswered request keeps its id.
  const ids = items.map((it) => `${it.id.toLowerCase()}#${answeredRounds(it.id)}`).sort();
  // The console is part of the id: references derived from the business key are the same on two consoles,
  // and SAP would answer the second console's request with the first one's result as if it were a repeat.
  const requestId = createHash('sha256').update(`${origin}|${ids.join(',')}`).digest('hex').slice(0, 32).toUpperCase();
  const first = new Date(Math.min(...items.map((it) => it.firstSentAt))).toUTCString();
  return { RequestID: requestId, RepeatabilityCreation: first, 'Repeatability-Request-ID': requestId, 'Repeatability-First-Sent': first };
}

export function createSapOdataErp(o: ErpConnectorOptions): ErpConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const user = o.workstation ?? 'CONSOLE';
  const zone = o.timeZone ?? 'UTC';
  const csrfRoundsBeforePark = o.csrfRoundsBeforePark ?? 5;
  let csrf: Csrf | null = null;
  /** Rounds in a row in which even a fresh token was refused. */
  let csrfRefusedRounds = 0;
  /** What the ERP said about repeatable requests: until it refuses them, they are sent. */
  let repeatability: 'unknown' | 'accepted' | 'off' = 'unknown';
  let fetching: ReturnType<typeof fetchToken> | null = null;
  /** Items the ERP answered as not applied, and how often: their next request gets a new RequestID. */
  const answered = new Map<string, number>();
  const root = (srv: string) => `${o.baseUrl.replace(/\/$/, '')}/${srv}`;
  let service: SapServiceCheck | null = null;
  let opSelect: string[] | null = null;
  let checking: Promise<SapServiceCheck> | null = null;
  const withClientOnly = (url: string) => (o.sapClient ? `${url}${url.includes('?') ? '&' : '?'}sap-client=${encodeURIComponent(o.sapClient)}` : url);
  /** sap-client, and the logon language (erpLanguage.ts): the person's for their own requests, else the plant's. */
  const withClient = (url: string, lang: string | null = o.language ? o.language.plant : null) => {
    const u = withClientOnly(url);
    return lang ? `${u}${u.includes('?') ? '&' : '?'}sap-language=${sapLanguage(lang)}` : u;
  };

  /** Basic with the stored account, or the OAuth client's bearer token (SAP BTP); see sapAuth.ts. */
  const auth = sapAuthorization(o);
  /** A request with the sign-in header; a 401 under OAuth fetches a fresh token and tries once more. */
  const call = (build: (authz: string) => HttpRequest) => sapRequest(o, auth, build);

  async function fetchToken(): Promise<Result<Csrf, { outcome: 'transient' | 'config' | 'unknown'; error: OutboxError; retryAfterMs?: number }>> {
    let last: HttpResult | null = null;
    // Some systems need the trailing slash, others refuse it.
    for (const url of [`${root(CONF_SRV)}/`, root(CONF_SRV)]) {
      const signed = await call((authz) => ({ method: 'HEAD', url: withClient(url), headers: { authorization: authz, 'x-csrf-token': 'fetch' }, timeoutMs }));
      if (!signed.ok) return errResult({ outcome: signed.error.class === 'config' ? 'config' : 'transient', error: signed.error });
      last = signed.value;
      if (!last.ok) return errResult({ outcome: 'transient', error: outboxError('transient', `ERP not reachable: ${last.error.message}`) });
      const got = tokenOf(last.value);
      if (got) return okResult(got);
      if (last.value.status === 401) return errResult({ outcome: 'config', error: outboxError('config', refusedSignIn(o), 401) });
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
      return [{ method: 'POST', path: 'ProdnOrdConf2', body: JSON.stringify(toSapConfirmation(p.data, user, zone)) }];
    }
    if (item.kind === 'confirmation.cancel') {
      const c = ConfirmationCancelPayload.safeParse(item.payload);
      if (!c.success) return outboxError('business', 'the reversal is incomplete');
      // A duplicate's cancellation names the extra record itself; a reversal uses the original's keys.
      const keys = c.data.record ?? o.remoteKeysOf?.(c.data.reverses);
      if (!keys?.ConfirmationGroup || !keys.ConfirmationCount) return outboxError('business', 'the confirmation to reverse has no ERP keys (was it ever posted?)');
      // PostingDate (Edm.DateTime parameter of the published function import): the plant's day of the
      // reversal, so SAP does not take its own server's day.
      const day = plantDayOrNull(c.data.capturedAt, zone);
      const posting = day ? `&PostingDate=datetime'${day}T00:00:00'` : '';
      return [{ method: 'POST', path: `CancelProdnOrdConf?ConfirmationGroup=${strLit(keys.ConfirmationGroup)}&ConfirmationCount=${strLit(keys.ConfirmationCount)}${posting}` }];
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
    const cls = classifySapError(resp.status, resp.headers['retry-after'] !== undefined, resp.body);
    const error = outboxError(cls, message, resp.status, code);
    if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(resp.headers['retry-after'], Date.now()) };
    return { kind: cls === 'business' ? 'business' : cls, error } as SendOutcome;
  }

  function wholeRequestOutcome(res: HttpResponse, n: number): SendOutcome[] {
    const { message, code } = sapErrorMessage(res.body, res.status);
    const retryAfter = header(res.headers, 'retry-after');
    const cls = classifySapError(res.status, retryAfter !== undefined, res.body);
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

  /**
   * Before a confirmation under a reference derived from the business key goes out (issue 19 item 5), SAP is
   * asked whether it already holds one under that reference: another console that closed the same shift
   * posted under the same ExternalSystemConfirmation. What SAP has is a conflict for a person (never done, never
   * resent); a record that is ours (an earlier attempt applied) is done. Only when the connect-time probe said
   * the service can filter by the reference; random references (older items) cannot collide and are not looked up.
   * The outcomes by item index, for the items found or not checkable; the rest go out.
   */
  async function alreadyInSap(items: readonly OutboxSendItem[], idx: readonly number[]): Promise<Map<number, SendOutcome>> {
    const out = new Map<number, SendOutcome>();
    const posts = idx.filter((i) => items[i]!.kind === 'confirmation.post' && isDerivedReference(items[i]!.id));
    if (posts.length === 0 || (await connected()).readBackByReference !== 'works') return out;
    const recs = new Map<string, Record<string, unknown>[]>();
    for (let k = 0; k < posts.length; k += 20) {
      const chunk = posts.slice(k, k + 20);
      const filter = chunk.map((i) => `ExternalSystemConfirmation eq ${guidLit(items[i]!.id)}`).join(' or ');
      const j = await getJson(`${root(CONF_SRV)}/ProdnOrdConf2?$filter=${encodeURIComponent(filter)}&$select=${BEFORE_SEND_SELECT.join(',')}&$top=200`);
      if (!j.ok) {
        // Not known whether another console posted this shift: do not send blind; try again later.
        const why: SendOutcome = { kind: 'transient', error: outboxError('transient', `could not check the ERP for a confirmation of this shift from another console: ${j.error.message}`, j.error.httpStatus, j.error.code) };
        for (const i of chunk) out.set(i, why);
        continue;
      }
      for (const rec of resultsOf(j.value)) {
        const ref = String(rec.ExternalSystemConfirmation ?? '').toLowerCase();
        recs.set(ref, [...(recs.get(ref) ?? []), rec]);
      }
    }
    for (const i of posts) {
      if (out.has(i)) continue;
      const it = items[i]!;
      const live = (recs.get(it.id.toLowerCase()) ?? []).filter((r) => r.IsReversed !== true);
      if (live.length === 0) continue;
      const p = ConfirmationPostPayload.safeParse(it.payload);
      if (!p.success) continue;
      const mine = toSapConfirmation(p.data, user, zone);
      const foreign = live.map((r) => foreignSapRecord(mine, r)).find((x) => x !== null);
      const rec = live[0]!;
      out.set(
        i,
        foreign
          ? { kind: 'business', error: outboxError('business', `Not sent: ${foreign}. Accept theirs (discard this one) or post a correction.`, 409, ALREADY_IN_ERP) }
          : { kind: 'done', remoteKeys: { ConfirmationGroup: String(rec.ConfirmationGroup), ConfirmationCount: String(rec.ConfirmationCount) }, note: 'already in the ERP under this reference' },
      );
    }
    return out;
  }

  /** Live (not reversed, not a reversal) ProdnOrdConf2 records by reference, read for the look-ups around a post. */
  async function liveRecords(refs: readonly string[]): Promise<Result<Map<string, Record<string, unknown>[]>, OutboxError>> {
    const recs = new Map<string, Record<string, unknown>[]>();
    for (let k = 0; k < refs.length; k += 20) {
      const filter = refs.slice(k, k + 20).map((r) => `ExternalSystemConfirmation eq ${guidLit(r)}`).join(' or ');
      const j = await getJson(`${root(CONF_SRV)}/ProdnOrdConf2?$filter=${encodeURIComponent(filter)}&$select=${[...BEFORE_SEND_SELECT, 'IsReversal'].join(',')}&$top=200`);
      if (!j.ok) return errResult(j.error);
      for (const rec of resultsOf(j.value)) {
        if (rec.IsReversed === true || rec.IsReversal === true) continue;
        const ref = String(rec.ExternalSystemConfirmation ?? '').toLowerCase();
        recs.set(ref, [...(recs.get(ref) ?? []), rec]);
      }
    }
    return okResult(recs);
  }

  /**
   * Two consoles that close the same shift at the same moment both look up before either posts, find
   * nothing, and both post (SAP keeps no uniqueness on ExternalSystemConfirmation). After a derived
   * reference is posted, SAP is asked once more: with two live records under it, the first posted (lowest
   * confirmation counter of the operation's group) stands; the console whose record came second reverses its
   * own at once and reports the conflict. Both consoles order the records the same way, so exactly one reverses.
   */
  async function settleSameMoment(items: readonly OutboxSendItem[], outcomes: SendOutcome[]): Promise<SendOutcome[]> {
    const posted = items
      .map((it, i) => ({ it, i, o: outcomes[i]! }))
      .filter((x) => x.it.kind === 'confirmation.post' && isDerivedReference(x.it.id) && x.o.kind === 'done' && x.o.note === undefined);
    if (posted.length === 0 || service?.readBackByReference !== 'works') return outcomes;
    const recs = await liveRecords(posted.map((x) => x.it.id));
    if (!recs.ok) return outcomes; // not known now; the read-back of the outbox and the other console's look-up remain
    const out = [...outcomes];
    const order = (r: Record<string, unknown>) => [Number(r.ConfirmationGroup), Number(r.ConfirmationCount)] as const;
    for (const x of posted) {
      if (x.o.kind !== 'done') continue;
      const live = [...(recs.value.get(x.it.id.toLowerCase()) ?? [])].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
      const first = live[0];
      const ours = x.o.remoteKeys;
      if (live.length < 2 || !first || (String(first.ConfirmationGroup) === ours.ConfirmationGroup && String(first.ConfirmationCount) === ours.ConfirmationCount)) continue;
      const p = ConfirmationPostPayload.safeParse(x.it.payload);
      if (!p.success) continue;
      const cancelId = randomUUID();
      const [rev] = await sendOnce([
        {
          id: cancelId,
          kind: 'confirmation.cancel',
          orderingKey: x.it.orderingKey,
          payload: { id: cancelId, reverses: x.it.id, order: { erpOrderId: p.data.order.erpOrderId, operationId: p.data.order.operationId }, reason: 'posted at the same moment as another console', capturedAt: new Date().toISOString(), capturedBy: user, record: { ConfirmationGroup: ours.ConfirmationGroup ?? '', ConfirmationCount: ours.ConfirmationCount ?? '' } },
          firstSentAt: Date.now(),
          attempts: 1,
        },
      ]);
      const foreign = foreignSapRecord(toSapConfirmation(p.data, user, zone), first);
      const mineKeys = `${ours.ConfirmationGroup}/${ours.ConfirmationCount}`;
      if (rev?.kind === 'done' && foreign === null) {
        // The same confirmation (same person, time and quantities) from both: theirs stands for ours.
        out[x.i] = { kind: 'done', remoteKeys: { ConfirmationGroup: String(first.ConfirmationGroup), ConfirmationCount: String(first.ConfirmationCount) }, note: 'already in the ERP under this reference' };
      } else {
        const what = foreign ?? `already confirmed in SAP (SAP confirmation ${String(first.ConfirmationGroup)}/${String(first.ConfirmationCount)})`;
        const ourPart =
          rev?.kind === 'done'
            ? `Both consoles posted at the same moment; this console's posting (SAP confirmation ${mineKeys}) was reversed at once.`
            : `Both consoles posted at the same moment; this console's posting (SAP confirmation ${mineKeys}) is in SAP as well and could not be reversed (${rev && 'error' in rev ? rev.error.message : 'no answer'}): reverse it in SAP.`;
        out[x.i] = { kind: 'business', error: outboxError('business', `Not sent: ${what}. ${ourPart} Accept theirs (discard this one) or post a correction.`, 409, ALREADY_IN_ERP) };
      }
    }
    return out;
  }

  async function send(items: readonly OutboxSendItem[]): Promise<SendOutcome[]> {
    return settleSameMoment(items, await sendOnce(items));
  }

  async function sendOnce(items: readonly OutboxSendItem[]): Promise<SendOutcome[]> {
    const outcomes: (SendOutcome | null)[] = items.map(() => null);
    let sendable: { i: number; cs: BatchRequest[] }[] = [];
    items.forEach((it, i) => {
      const cs = changesetFor(it);
      if (Array.isArray(cs)) sendable.push({ i, cs });
      else outcomes[i] = cs.class === 'business' ? { kind: 'business', error: cs } : { kind: 'config', error: cs };
    });
    if (sendable.length === 0) return outcomes as SendOutcome[];
    const a = await auth();
    if (!a.ok) return items.map((_, i) => outcomes[i] ?? ({ kind: a.error.class === 'config' ? 'config' : 'transient', error: a.error } as SendOutcome));
    const found = await alreadyInSap(items, sendable.map((s) => s.i));
    for (const [i, o1] of found) outcomes[i] = o1;
    sendable = sendable.filter((s) => !found.has(s.i));
    if (sendable.length === 0) return outcomes as SendOutcome[];

    for (let csrfTry = 0; csrfTry < 2; csrfTry++) {
      if (!csrf) {
        // Parallel requests share one token fetch.
        fetching ??= fetchToken().finally(() => (fetching = null));
        const t = await fetching;
        if (!t.ok) return items.map((_, i) => outcomes[i] ?? ({ kind: t.error.outcome, error: t.error.error, ...(t.error.retryAfterMs !== undefined ? { retryAfterMs: t.error.retryAfterMs } : {}) } as SendOutcome));
        csrf = t.value;
      }
      const boundary = `batch_${randomUUID()}`;
      const body = buildBatch(boundary, sendable.map((s) => s.cs));
      const repeatable = repeatability !== 'off' ? repeatabilityHeaders(sendable.map((s) => items[s.i]!), (id) => answered.get(id) ?? 0, user) : {};
      const session = csrf;
      // A 401 is not executed: under OAuth the token is fetched afresh and the batch goes once more.
      const signed = await call((authz) => ({
        method: 'POST',
        url: withClient(`${root(CONF_SRV)}/$batch`, languageOfItems(o.language, sendable.map((x) => items[x.i]!))),
        headers: { authorization: authz, 'x-csrf-token': session.token, cookie: session.cookies, 'content-type': `multipart/mixed; boundary=${boundary}`, accept: 'multipart/mixed', ...repeatable },
        body,
        timeoutMs,
      }));
      if (!signed.ok) {
        const o1 = { kind: signed.error.class === 'config' ? 'config' : 'transient', error: signed.error } as SendOutcome;
        for (const s of sendable) outcomes[s.i] = o1;
        return outcomes as SendOutcome[];
      }
      const res = signed.value;
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
        const out = outcomeOfPart(items[s.i]!, part ? (part.failed ? part.responses.find((r) => (r.status ?? 0) >= 400) : part.responses[0]) : undefined);
        outcomes[s.i] = out;
        if (out.kind === 'transient') answered.set(items[s.i]!.id, (answered.get(items[s.i]!.id) ?? 0) + 1);
        else answered.delete(items[s.i]!.id);
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

  async function getJson(url: string, signal?: AbortSignal): Promise<Result<unknown, OutboxError>> {
    // A read asks for a CSRF token while we hold none (SAP answers it in the read's headers), so the
    // first $batch of a session needs no round trip of its own; with a token, reads keep its session.
    const ask = csrf === null && fetching === null;
    const session: Record<string, string> = ask ? { 'x-csrf-token': 'fetch' } : csrf ? { cookie: csrf.cookies } : {};
    const signed = await call((authz) => ({ method: 'GET', url: withClient(url), headers: { authorization: authz, accept: 'application/json', ...session }, timeoutMs, ...(signal ? { signal } : {}) }));
    if (!signed.ok) return errResult(signed.error);
    const r = signed.value;
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

  async function metadataOf(srv: string): Promise<EdmService | string> {
    const signed = await call((authz) => ({ method: 'GET', url: withClient(`${root(srv)}/$metadata`), headers: { authorization: authz, accept: 'application/xml' }, timeoutMs }));
    if (!signed.ok) return signed.error.message;
    const r = signed.value;
    if (!r.ok) return `not reachable (${r.error.message})`;
    if (r.value.status !== 200) return `HTTP ${r.value.status}: ${sapErrorMessage(r.value.body, r.value.status).message}`;
    try {
      return parseEdmx(r.value.body);
    } catch (e) {
      return (e as Error).message;
    }
  }

  /**
   * Reads both services' `$metadata` and probes the read-back by reference (a `$filter` on
   * ExternalSystemConfirmation for the zero GUID, `$top=1`): a service that refuses it cannot tell after a
   * lost answer whether a confirmation was posted, so such items wait for a person (readBackUnavailable).
   * A check that could not reach the ERP is not kept: the next use checks again.
   */
  async function checkService(): Promise<SapServiceCheck> {
    const lines: string[] = [];
    const checks: ConnectionCheckLine[] = [];
    const say = (step: ConnectionCheckLine['step'], ok: boolean | null, text: string, m?: Message) => (lines.push(text), checks.push({ step, ok, text, ...(m ? { msg: m } : {}) }));
    const order = await metadataOf(ORDER_SRV);
    const opType = typeof order === 'string' ? undefined : order.sets.get('A_ProductionOrderOperation_2');
    let missingOptional: string[] = [];
    if (opType) {
      const missingRequired = OP_REQUIRED.filter((p) => !opType.properties.has(p));
      missingOptional = Object.keys(OP_OPTIONAL).filter((p) => !opType.properties.has(p));
      opSelect = [...OP_REQUIRED.filter((p) => opType.properties.has(p)), ...Object.keys(OP_OPTIONAL).filter((p) => opType.properties.has(p))];
      if (missingRequired.length > 0) say('definition', false, `The ERP's production-order service lacks ${missingRequired.join(', ')}; work orders cannot be read from it.`, msg('check.sapOrderFieldsMissing', { fields: missingRequired.join(', ') }));
      for (const p of missingOptional) say('definition', null, `The ERP's production-order service has no ${p} (an older release): ${OP_OPTIONAL[p]}.`);
      if (missingRequired.length === 0 && missingOptional.length === 0) say('definition', true, 'The ERP\'s production-order service has every field the console reads.', msg('check.sapDefinitionOk'));
    } else {
      opSelect = [...OP_REQUIRED];
      missingOptional = Object.keys(OP_OPTIONAL);
      if (typeof order === 'string' && /^HTTP 40[13]\b/.test(order)) say('signIn', false, o.token ? `The ERP refused the OAuth client's token (${order})` : `The ERP refused the stored credentials (${order})`, msg('check.sapSignInRefused', { how: o.token ? 'oauth' : 'credentials' }));
      say('definition', null, `The production-order service definition could not be read (${typeof order === 'string' ? order : 'no operation set'}); only the basic order fields are read.`);
    }
    const conf = await metadataOf(CONF_SRV);
    const ext = typeof conf === 'string' ? undefined : conf.sets.get('ProdnOrdConf2')?.properties.get('ExternalSystemConfirmation');
    let readBackByReference: SapServiceCheck['readBackByReference'] = 'unknown';
    if (typeof conf !== 'string' && (!ext || !ext.filterable)) readBackByReference = 'refused';
    else {
      const signed = await call((authz) => ({
        method: 'GET',
        url: withClient(`${root(CONF_SRV)}/ProdnOrdConf2?$filter=${encodeURIComponent(`ExternalSystemConfirmation eq ${guidLit(ZERO_GUID)}`)}&$top=1&$select=ConfirmationGroup,ConfirmationCount`),
        headers: { authorization: authz, accept: 'application/json' },
        timeoutMs,
      }));
      const probe: HttpResult = signed.ok ? signed.value : { ok: false, error: { phase: 'notSent', message: signed.error.message } };
      if (probe.ok && probe.value.status === 200) readBackByReference = Array.isArray((JSON.parse(probe.value.body || '{}') as { d?: { results?: unknown } }).d?.results) ? 'works' : 'refused';
      else if (probe.ok && probe.value.status >= 400 && probe.value.status < 500 && probe.value.status !== 401 && probe.value.status !== 429) readBackByReference = 'refused';
    }
    say(
      'readBack',
      readBackByReference === 'works' ? true : readBackByReference === 'refused' ? false : null,
      readBackByReference === 'works'
        ? 'The ERP finds confirmations by the console\'s reference: when an answer is lost, the console checks before sending again.'
        : readBackByReference === 'refused'
          ? 'The ERP does not let the console search confirmations by its reference (ExternalSystemConfirmation). When an answer is lost, the confirmation waits for a person to check it in the ERP; it is not sent again on its own.'
          : 'Whether the ERP can find confirmations by the console\'s reference is not known yet (the ERP could not be asked); it is checked again on the next connection.',
      msg('check.sapReadBack', { state: readBackByReference }),
    );
    if (!checks.some((c) => c.step === 'signIn')) checks.unshift({ step: 'signIn', ok: typeof order !== 'string' || typeof conf !== 'string', text: typeof order !== 'string' || typeof conf !== 'string' ? (o.token ? 'Signed in to the ERP with the OAuth client' : 'Signed in to the ERP with the stored credentials') : `The ERP's services could not be read: ${String(conf)}`, ...(typeof order !== 'string' || typeof conf !== 'string' ? { msg: msg('check.sapSignedIn', { how: o.token ? 'oauth' : 'credentials' }) } : {}) });
    return { checkedAt: Date.now(), missingOptional, readBackByReference, lines, checks };
  }

  async function connected(): Promise<SapServiceCheck> {
    if (service) return service;
    checking ??= checkService().finally(() => (checking = null));
    const c = await checking;
    if (c.readBackByReference !== 'unknown') service = c;
    return c;
  }

  const readBackUnavailable = (): string | null =>
    service?.readBackByReference === 'refused' ? 'The ERP does not let the console search confirmations by its reference, so it cannot tell whether this one was posted' : null;

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    if ((await connected()).readBackByReference === 'refused') return errResult(outboxError('config', readBackUnavailable()!));
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
      const j = await getJson(url);
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
    const svc = await connected();
    const have = new Set(opSelect ?? OP_REQUIRED);
    const wc = q.workCenters.length > 0 ? ` and (${q.workCenters.map((w) => `WorkCenter eq ${strLit(w)}`).join(' or ')})` : '';
    const delta = q.changedSince && have.has('LastChangeDateTime') ? ` and LastChangeDateTime gt ${strLit(q.changedSince)}` : '';
    const filter = `ProductionPlant eq ${strLit(q.plant)}${wc} and OperationIsReleased eq 'X' and OperationIsDeleted eq ''${delta}`;
    // Only properties the service has: SAP Gateway refuses the whole read for one unknown $select property.
    const select = [...have].join(',');
    const ops: Record<string, unknown>[] = [];
    let requests = 0;
    for (let skip = 0; ; skip += 200) {
      const url = `${root(ORDER_SRV)}/A_ProductionOrderOperation_2?$filter=${encodeURIComponent(filter)}&$select=${select}&$top=200&$skip=${skip}&$inlinecount=allpages`;
      const j = await getJson(url, q.signal);
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
      const j = await getJson(`${root(ORDER_SRV)}/A_ProductionOrder_2?$filter=${encodeURIComponent(f)}&$top=20`, q.signal);
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
    return okResult({ orders: [...orders.values()], maxChange, requests, ...(svc.missingOptional.length > 0 ? { missing: svc.missingOptional.map((p) => `${p}: ${OP_OPTIONAL[p]}`) } : {}) });
  }

  const connector: ErpConnector = {
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
      readBackUnavailable,
      readBack,
      repairDuplicate: (item, extra) => duplicateCancel(item, extra.remoteKeys, Date.now()),
    },
    fetchWorkOrders,
    async checkService() {
      const a = await auth();
      if (!a.ok) return { checkedAt: Date.now(), missingOptional: [], readBackByReference: 'unknown', lines: [a.error.message], checks: [{ step: 'signIn', ok: false, text: a.error.message }] };
      service = null;
      return connected();
    },
    /** The connection check's lines (Settings > Connections and start-up): sign-in, definition, read-back. */
    async check(): Promise<ConnectionCheckLine[]> {
      return (await connector.checkService!()).checks;
    },
    serviceStatus: () => service,
  };
  return connector;
}
