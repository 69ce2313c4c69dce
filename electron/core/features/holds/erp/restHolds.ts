import { errResult, okResult, type Result } from '../../../../../shared/result.ts';
import { parseRetryAfter } from '../../../platform/outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';
import type { ErpConnectorOptions } from '../../../platform/erp/erpTypes.ts';
import { header, type HttpResponse, httpRequest } from '../../../platform/erp/httpClient.ts';
import { problemMessage } from '../../../platform/erp/RestErp.ts';
import { classifyStatus, outboxError } from '../../../platform/erp/sapErrors.ts';
import { HoldPlacePayload, HoldReleasePayload } from './holdPayloads.ts';
import { HOLD_KINDS, type HoldsPart } from './holdsPart.ts';

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

  async function send(item: OutboxSendItem): Promise<SendOutcome> {
    if (item.kind === 'hold.place') {
      const p = HoldPlacePayload.safeParse(item.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the hold is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      return post('/holds', toRestHold(p.data), item.id, (r) => {
        if (r.status !== 200 && r.status !== 201) return null;
        const holdId = bodyOf(r).holdId;
        return typeof holdId === 'string' ? { kind: 'done', remoteKeys: { holdId } } : { kind: 'unknown', error: outboxError('unknown', 'the ERP accepted the hold without a hold id') };
      });
    }
    if (item.kind === 'hold.release') {
      const p = HoldReleasePayload.safeParse(item.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the release is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      const holdId = o.remoteKeysOf?.(p.data.placeReference)?.holdId;
      if (!holdId) return { kind: 'business', error: outboxError('business', 'the hold was never posted to the ERP, so there is nothing to release there') };
      const body = { releaseId: p.data.id, reason: p.data.reason, releasedAt: p.data.releasedAt, releasedBy: p.data.releasedBy, confirmedBy: p.data.confirmedBy };
      return post(`/holds/${encodeURIComponent(holdId)}/release`, body, p.data.id, (r) => (r.status === 200 || r.status === 201 ? { kind: 'done', remoteKeys: { holdId, releaseId: p.data.id } } : null));
    }
    return { kind: 'config', error: outboxError('config', `the REST ERP hold sender does not handle ${item.kind}`) };
  }

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const out = new Map<string, ReadBackHit[]>();
    // A placement is found by its own reference; a release by its hold carrying our releaseId.
    const lookFor = new Map<string, OutboxSendItem[]>();
    for (const it of items) {
      out.set(it.id, []);
      const ref = it.kind === 'hold.release' ? HoldReleasePayload.safeParse(it.payload).data?.placeReference : it.id;
      if (ref) lookFor.set(ref.toLowerCase(), [...(lookFor.get(ref.toLowerCase()) ?? []), it]);
    }
    const refs = [...lookFor.keys()];
    for (let i = 0; i < refs.length; i += 50) {
      const q = refs.slice(i, i + 50).map((r) => `reference=${encodeURIComponent(r)}`).join('&');
      const r = await httpRequest({ method: 'GET', url: `${base}/holds?${q}`, headers: { ...a.value, accept: 'application/json' }, timeoutMs });
      if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
      if (r.value.status !== 200) {
        const pm = problemMessage(r.value);
        return errResult(outboxError(classifyStatus(r.value.status, false), pm.message, r.value.status, pm.code));
      }
      const records = (bodyOf(r.value).items ?? []) as { id?: unknown; holdId?: unknown; status?: unknown; releaseId?: unknown }[];
      for (const rec of records) {
        for (const it of lookFor.get(String(rec.id).toLowerCase()) ?? []) {
          if (it.kind === 'hold.place') out.get(it.id)!.push({ remoteKeys: { holdId: String(rec.holdId) } });
          else if (rec.status === 'released' && String(rec.releaseId).toLowerCase() === it.id.toLowerCase()) out.get(it.id)!.push({ remoteKeys: { holdId: String(rec.holdId), releaseId: it.id } });
        }
      }
    }
    return okResult(out);
  }

  return { kinds: HOLD_KINDS, send, readBack };
}
