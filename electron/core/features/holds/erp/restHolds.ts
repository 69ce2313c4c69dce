import { errResult, okResult, type Result } from '../../../../../shared/result.ts';
import { parseRetryAfter } from '../../../platform/outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';
import type { ErpConnectorOptions } from '../../../platform/erp/erpTypes.ts';
import { header, type HttpResponse, httpRequest } from '../../../platform/erp/httpClient.ts';
import { problemMessage } from '../../../platform/erp/RestErp.ts';
import { classifyStatus, outboxError } from '../../../platform/erp/sapErrors.ts';
import { HoldPlacePayload, HoldReleasePayload } from './holdPayloads.ts';
import { HOLD_KINDS, type HoldsPart, type PostedPlacement, type RemoteRelease } from './holdsPart.ts';
import { seriesReferences } from '../../../platform/reference/derivedReference.ts';

/** The generic contract's body for one hold (contracts §3, `POST /erp/v1/holds`). */
export function toRestHold(p: HoldPlacePayload): Record<string, unknown> {
  return {
    id: p.id,
    plant: p.plantId,
    line: p.scope.lineId,
    workCenter: p.scope.workCenterId,
    scope: { kind: p.scope.kind, orderId: p.scope.erpOrderId, lot: p.scope.lot, from: p.scope.from, to: p.scope.to },
    items: p.items.map((i) => ({ orderId: i.erpOrderId, material: i.material || null, batch: i.batch, quantity: i.qty, unit: i.uom })),
    reason: p.reason,
    defectCategory: p.defectCategory,
    note: p.note,
    placedAt: p.placedAt,
    placedBy: p.placedBy,
    ...(p.placedByName ? { placedByName: p.placedByName } : {}),
    ...(p.placedOn ? { placedOn: p.placedOn } : {}),
  };
}

/** A hold as `GET /erp/v1/holds` gives it back. */
interface RestHoldRecord {
  id: string;
  holdId: string;
  status: string;
  scope?: { from?: string | null } | null;
  placedAt?: string;
  placedBy?: string;
  placedByName?: string | null;
  placedOn?: string | null;
  releaseId?: string | null;
  releasedAt?: string | null;
  releasedBy?: string | null;
  releasedByName?: string | null;
  releasedOn?: string | null;
}

/** How many references of a hold's series are looked at (one query: the contract allows 50). */
export const HOLD_SERIES_LENGTH = 20;

/** The references a placement may have in the ERP: its series, or (a hold placed before issue 19) its id. */
export const placementReferences = (p: HoldPlacePayload): string[] => (p.series ? seriesReferences(p.series, HOLD_SERIES_LENGTH) : [p.id.toLowerCase()]);

/** Another console's hold that this one joins, in words for the hold card (issue 19). */
export function placedElsewhere(rec: RestHoldRecord, p: HoldPlacePayload): string {
  const where = rec.placedOn ? `from ${rec.placedOn} ` : '';
  const earlier = rec.scope?.from && p.scope.from && Date.parse(rec.scope.from) > Date.parse(p.scope.from) ? `; it holds from ${rec.scope.from}, this console's hold from ${p.scope.from}: what was made in between is held on this console only` : '';
  return `Already placed ${where}by ${rec.placedByName || rec.placedBy || 'someone'} at ${rec.placedAt ?? '?'} (ERP hold ${rec.holdId}); this console uses that hold${earlier}`;
}

function releaseKeys(holdId: string, rec: RestHoldRecord, ourReleaseId: string): Record<string, string> {
  const ours = String(rec.releaseId ?? '').toLowerCase() === ourReleaseId.toLowerCase();
  return {
    holdId,
    releaseId: String(rec.releaseId ?? ourReleaseId),
    ...(ours ? {} : { releasedElsewhere: `Already released ${rec.releasedOn ? `from ${rec.releasedOn} ` : ''}by ${rec.releasedByName || rec.releasedBy || 'someone'} at ${rec.releasedAt ?? '?'}` }),
  };
}

/** Holds on our generic REST ERP: Idempotency-Key = our reference; read-back `GET /erp/v1/holds?reference=`. */
export function restHolds(o: ErpConnectorOptions): HoldsPart {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const base = `${o.baseUrl.replace(/\/$/, '')}/erp/v1`;

  async function auth(): Promise<Result<Record<string, string>, OutboxError>> {
    const r = await o.secrets.read(o.credentialsSecret);
    if (!r.ok) return errResult(outboxError('config', r.error === 'NOT_FOUND' ? `no ERP API key stored under "${o.credentialsSecret}"; enter it in settings` : 'the secret store is not available'));
    return okResult({ 'x-api-key': r.value });
  }

  function failure(res: HttpResponse): SendOutcome {
    const pm = problemMessage(res);
    const retryAfter = header(res.headers, 'retry-after');
    let cls = classifyStatus(res.status, retryAfter !== undefined);
    if (res.status === 409 && pm.code === 'IN_PROGRESS') cls = 'transient';
    if (res.status === 409 && pm.code === 'DUPLICATE_REFERENCE') cls = 'unknown'; // read back → done
    const error = outboxError(cls, pm.message, res.status, pm.code);
    if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) };
    return { kind: cls, error } as SendOutcome;
  }

  async function post(path: string, body: unknown, key: string, ok: (r: HttpResponse) => SendOutcome | null): Promise<SendOutcome> {
    const a = await auth();
    if (!a.ok) return { kind: 'config', error: a.error };
    const r = await httpRequest({ method: 'POST', url: `${base}${path}`, headers: { ...a.value, 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key }, body: JSON.stringify(body), timeoutMs });
    if (!r.ok) {
      return r.error.phase === 'notSent'
        ? { kind: 'transient', error: outboxError('transient', `ERP not reachable: ${r.error.message}`) }
        : { kind: 'unknown', error: outboxError('unknown', `sent, but ${r.error.message}`) };
    }
    return ok(r.value) ?? failure(r.value);
  }

  const bodyOf = (r: HttpResponse): Record<string, unknown> => {
    try {
      return JSON.parse(r.body) as Record<string, unknown>;
    } catch {
      return {};
    }
  };

  /** The holds the ERP keeps under these references (50 per query, as the contract allows). */
  async function lookup(refs: readonly string[]): Promise<Result<RestHoldRecord[], OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const out: RestHoldRecord[] = [];
    for (let i = 0; i < refs.length; i += 50) {
      const q = refs.slice(i, i + 50).map((r) => `reference=${encodeURIComponent(r)}`).join('&');
      const r = await httpRequest({ method: 'GET', url: `${base}/holds?${q}`, headers: { ...a.value, accept: 'application/json' }, timeoutMs });
      if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
      if (r.value.status !== 200) {
        const pm = problemMessage(r.value);
        return errResult(outboxError(classifyStatus(r.value.status, false), pm.message, r.value.status, pm.code));
      }
      out.push(...((bodyOf(r.value).items ?? []) as RestHoldRecord[]));
    }
    return okResult(out);
  }

  /**
   * The hold in the ERP that this placement is (issue 19): ours (an earlier attempt of ours arrived), else
   * the one of its series still active (another console placed the same hold: this console joins it and
   * says so), else none.
   */
  function matchPlacement(p: HoldPlacePayload, found: readonly RestHoldRecord[]): { kind: 'done' | 'adopted'; rec: RestHoldRecord } | null {
    const mine = found.find((r) => r.placedAt === p.placedAt && r.placedBy === p.placedBy && (r.placedOn ?? '') === (p.placedOn ?? ''));
    if (mine) return { kind: 'done', rec: mine };
    const active = found.find((r) => r.status === 'active');
    return active ? { kind: 'adopted', rec: active } : null;
  }

  const placementKeys = (m: { kind: 'done' | 'adopted'; rec: RestHoldRecord }, p: HoldPlacePayload): Record<string, string> => ({
    holdId: String(m.rec.holdId),
    reference: String(m.rec.id).toLowerCase(),
    ...(m.kind === 'adopted' ? { placedElsewhere: placedElsewhere(m.rec, p) } : {}),
  });

  async function place(item: OutboxSendItem, p: HoldPlacePayload): Promise<SendOutcome> {
    const refs = placementReferences(p);
    // Three rounds: a console that loses the race for a free reference (409) reads again and joins the winner.
    for (let round = 0; round < 3; round++) {
      const found = await lookup(refs);
      if (!found.ok) return found.error.class === 'transient' ? { kind: 'transient', error: found.error } : ({ kind: found.error.class, error: found.error } as SendOutcome);
      const m = matchPlacement(p, found.value);
      if (m) return { kind: 'done', remoteKeys: placementKeys(m, p), ...(m.kind === 'adopted' ? { note: m.rec.placedOn ? `already placed from ${m.rec.placedOn}` : 'already placed by another console' } : {}) };
      const used = new Set(found.value.map((r) => String(r.id).toLowerCase()));
      const free = refs.find((r) => !used.has(r));
      if (!free) return { kind: 'business', error: outboxError('business', `every reference of this hold's series is taken by ${refs.length} earlier released holds on the same scope and reason; place it with another reason code`) };
      const out = await post('/holds', { ...toRestHold(p), id: free }, round === 0 && free === item.id.toLowerCase() ? item.id : free, (r) => {
        if (r.status !== 200 && r.status !== 201) return null;
        const holdId = bodyOf(r).holdId;
        return typeof holdId === 'string' ? { kind: 'done', remoteKeys: { holdId, reference: free } } : { kind: 'unknown', error: outboxError('unknown', 'the ERP accepted the hold without a hold id') };
      });
      if (out.kind !== 'done' && out.error.code === 'DUPLICATE_REFERENCE') continue;
      return out;
    }
    return { kind: 'unknown', error: outboxError('unknown', 'another console kept taking the same reference; reading back') };
  }

  async function send(item: OutboxSendItem): Promise<SendOutcome> {
    if (item.kind === 'hold.place') {
      const p = HoldPlacePayload.safeParse(item.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the hold is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      return place(item, p.data);
    }
    if (item.kind === 'hold.release') {
      const p = HoldReleasePayload.safeParse(item.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the release is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      const placed = o.remoteKeysOf?.(p.data.placeReference);
      const holdId = placed?.holdId;
      if (!holdId) return { kind: 'business', error: outboxError('business', 'the hold was never posted to the ERP, so there is nothing to release there') };
      const body = { releaseId: p.data.id, reason: p.data.reason, releasedAt: p.data.releasedAt, releasedBy: p.data.releasedBy, confirmedBy: p.data.confirmedBy, ...(p.data.releasedByName ? { releasedByName: p.data.releasedByName } : {}), ...(p.data.releasedOn ? { releasedOn: p.data.releasedOn } : {}) };
      const out = await post(`/holds/${encodeURIComponent(holdId)}/release`, body, p.data.id, (r) => (r.status === 200 || r.status === 201 ? { kind: 'done', remoteKeys: { holdId, releaseId: p.data.id } } : null));
      if (out.kind === 'done' || out.error.code !== 'ALREADY_RELEASED') return out;
      // A hold two consoles share (one adopted the other's) released on the other one first: it is released.
      const found = await lookup([placed.reference ?? p.data.placeReference]);
      const rec = found.ok ? found.value.find((r) => String(r.holdId) === holdId && r.status === 'released') : undefined;
      if (!rec) return out;
      return { kind: 'done', remoteKeys: releaseKeys(holdId, rec, p.data.id), note: 'already released in the ERP' };
    }
    return { kind: 'config', error: outboxError('config', `the REST ERP hold sender does not handle ${item.kind}`) };
  }

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>> {
    const out = new Map<string, ReadBackHit[]>();
    for (const it of items) {
      out.set(it.id, []);
      if (it.kind === 'hold.place') {
        const p = HoldPlacePayload.safeParse(it.payload);
        if (!p.success) continue;
        const found = await lookup(placementReferences(p.data));
        if (!found.ok) return errResult(found.error);
        const m = matchPlacement(p.data, found.value);
        if (m) out.set(it.id, [{ remoteKeys: placementKeys(m, p.data) }]);
      } else if (it.kind === 'hold.release') {
        // A release is found on its hold: released with our releaseId, or released by another console.
        const p = HoldReleasePayload.safeParse(it.payload);
        if (!p.success) continue;
        const placed = o.remoteKeysOf?.(p.data.placeReference);
        const found = await lookup([placed?.reference ?? p.data.placeReference]);
        if (!found.ok) return errResult(found.error);
        const rec = found.value.find((r) => r.status === 'released' && (!placed?.holdId || String(r.holdId) === placed.holdId));
        if (rec) out.set(it.id, [{ remoteKeys: releaseKeys(String(rec.holdId), rec, it.id) }]);
      }
    }
    return okResult(out);
  }

  async function releasedElsewhere(place: PostedPlacement): Promise<Result<RemoteRelease | null, OutboxError>> {
    const found = await lookup([(place.remoteKeys.reference ?? place.id).toLowerCase()]);
    if (!found.ok) return errResult(found.error);
    const rec = found.value.find((r) => r.status === 'released' && (!place.remoteKeys.holdId || String(r.holdId) === place.remoteKeys.holdId));
    return okResult(rec ? { on: rec.releasedOn || 'the ERP', by: rec.releasedByName || rec.releasedBy || 'someone', at: rec.releasedAt ?? '?' } : null);
  }

  return { kinds: HOLD_KINDS, send, readBack, releasedElsewhere };
}
