import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { CmmsConnector } from '../../platform/cmms/cmmsTypes.ts';
import { outboxError } from '../../platform/erp/sapErrors.ts';
import type { OutboxAdapter, OutboxError, OutboxSendItem, ReadBackHit, RemoteKeys, SendOutcome } from '../../platform/outbox/outboxTypes.ts';
import { seriesReferences } from '../../platform/reference/derivedReference.ts';

/** Carried in a `case.create` payload besides the canonical case (the adapters ignore them). */
export interface CaseSeriesFields {
  /** The asset's case series (caseReference.ts). */
  series: string;
  /** The console that raised it. */
  raisedOn: string;
}

/** References of a series looked at before a create (one query on ServiceNow, one listing on MaintainX). */
export const CASE_SERIES_LENGTH = 10;

/**
 * How far back a read-back first lists the asset's work orders before a create (MaintainX: the list
 * cannot filter by our reference, docs/cmms.md; list items carry no externalData, so each candidate on
 * the asset is read by id). Most joins are of a breakdown raised on another console minutes ago, so the
 * first pass looks back this far; when no reference of the series is among those work orders, a second
 * pass pages back (sort=-createdAt, nextCursor, as the published OpenAPI gives them) to the horizon below.
 * ServiceNow finds the series by correlation_id whatever its age (its read-back ignores the window).
 */
export const CASE_LOOK_BACK_MS = 24 * 3600_000;

/**
 * The furthest back a read-back pages (the second pass above) unless the module is configured otherwise:
 * an open case on the asset older than this is not seen, and a second one is created. 30 days: an asset
 * whose breakdown case stays open longer is a planning matter, not a breakdown; each page is one request
 * plus one per work order on the asset (MaintainX lists no externalData).
 */
export const CASE_LOOK_BACK_HORIZON_MS = 30 * 24 * 3600_000;

export interface CaseOnceOptions {
  /** How far back the second pass pages (default CASE_LOOK_BACK_HORIZON_MS). */
  horizonMs?: number;
}

type Current = { kind: 'open'; reference: string; hit: ReadBackHit } | { kind: 'free'; reference: string } | { kind: 'full' };

const seriesOf = (it: OutboxSendItem): string | null => {
  const s = (it.payload as { series?: unknown } | null)?.series;
  return it.kind === 'case.create' && typeof s === 'string' && s ? s : null;
};

const caseNumber = (k: RemoteKeys): string => k.number || (k.id ? `WO-${k.id}` : k.sys_id || '?');

/**
 * Effectively-once for cases across consoles (issue 19): wraps a CMMS adapter so that a `case.create`
 * carrying a series first reads the series back BY REFERENCE (ServiceNow: `correlation_id=<reference>`;
 * MaintainX: the asset's work orders read by id and compared on `externalData.caseId`, as the published
 * OpenAPI allows, docs/cmms.md) and
 * - joins the case still open under it (this console's case then follows that CMMS record: its number,
 *   status and later notes), or
 * - creates the case under the first reference of the series no closed case uses.
 * Neither CMMS refuses a second record under one correlation: two consoles that both read an empty series
 * in the same instant both create. The create is therefore read back at once; with two records under the
 * reference, both consoles keep the one with the lower number (the same on both), and the outbox history
 * says which extra record a planner closes.
 */
export function caseOnceAdapter(cmms: CmmsConnector, opts: CaseOnceOptions = {}): OutboxAdapter {
  const inner = cmms.adapter;
  const horizonMs = Math.max(CASE_LOOK_BACK_MS, opts.horizonMs ?? CASE_LOOK_BACK_HORIZON_MS);

  const since = (it: OutboxSendItem, lookBackMs = CASE_LOOK_BACK_MS): number => {
    const p = (it.payload ?? {}) as { createdAt?: string; malfunctionStart?: string | null };
    const t = Math.min(...[p.createdAt, p.malfunctionStart].map((x) => (x ? Date.parse(x) : NaN)).filter((x) => Number.isFinite(x)), it.firstSentAt);
    return t - lookBackMs;
  };
  const as = (it: OutboxSendItem, reference: string, firstSentAt = it.firstSentAt): OutboxSendItem => ({ ...it, id: reference, payload: { ...(it.payload as object), caseId: reference }, firstSentAt: firstSentAt + 5 * 60_000 });

  /** Which reference of the series is this case: the one still open, else the first free one. */
  async function current(it: OutboxSendItem, series: string): Promise<Result<Current, OutboxError>> {
    const refs = seriesReferences(series, CASE_SERIES_LENGTH);
    // The adapters look back to five minutes before firstSentAt; `as` moves it so they look back as far as
    // asked: first CASE_LOOK_BACK_MS, then (nothing of the series among those) back to the horizon.
    let rb = await inner.readBack(refs.map((r) => as(it, r, since(it))));
    if (!rb.ok) return errResult(rb.error);
    if (horizonMs > CASE_LOOK_BACK_MS && refs.every((r) => (rb.ok ? (rb.value.get(r) ?? []) : []).length === 0)) {
      rb = await inner.readBack(refs.map((r) => as(it, r, since(it, horizonMs))));
      if (!rb.ok) return errResult(rb.error);
    }
    const hitsOf = rb.value;
    const used = refs.filter((r) => (hitsOf.get(r) ?? []).length > 0);
    if (used.length > 0) {
      const st = await cmms.readStatus(used.map((r) => ({ caseId: r, remoteKeys: winner(hitsOf.get(r)!).remoteKeys })));
      if (!st.ok) return errResult(st.error);
      const open = used.find((r) => st.value.get(r)?.status !== 'closed');
      if (open) return okResult({ kind: 'open', reference: open, hit: winner(hitsOf.get(open)!) });
    }
    // References are taken in order, so every one before the last used is used too, even when its record
    // is older than the look-back: the next free one comes after the last used.
    const last = Math.max(-1, ...used.map((r) => refs.indexOf(r)));
    const free = refs[last + 1];
    return okResult(free ? { kind: 'free', reference: free } : { kind: 'full' });
  }

  /** Of two records under one reference (created in the same instant), the one every console keeps. */
  function winner(hits: readonly ReadBackHit[]): ReadBackHit {
    const key = (h: ReadBackHit) => {
      const n = h.remoteKeys.number || h.remoteKeys.id || h.remoteKeys.sys_id || '';
      return /^\d+$/.test(n) ? n.padStart(20, '0') : n;
    };
    return [...hits].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))[0]!;
  }

  const joined = (reference: string, hit: ReadBackHit): RemoteKeys => ({ ...hit.remoteKeys, reference, linked: `Already raised in ${cmms.system === 'servicenow' ? 'ServiceNow' : 'MaintainX'} as ${caseNumber(hit.remoteKeys)}; this case follows it` });

  async function createOnce(it: OutboxSendItem, series: string): Promise<SendOutcome> {
    const cur = await current(it, series);
    if (!cur.ok) return cur.error.class === 'transient' || cur.error.class === 'unknown' ? { kind: 'transient', error: cur.error } : ({ kind: cur.error.class, error: cur.error } as SendOutcome);
    if (cur.value.kind === 'full') return { kind: 'business', error: outboxError('business', `the ${CASE_SERIES_LENGTH} references of this asset's case series are taken by closed cases; a person raises it in the CMMS`) };
    if (cur.value.kind === 'open') return { kind: 'done', remoteKeys: joined(cur.value.reference, cur.value.hit), note: `joined the open case ${caseNumber(cur.value.hit.remoteKeys)}` };
    const reference = cur.value.reference;
    const [out] = await inner.send([as(it, reference)]);
    if (!out || out.kind !== 'done') return out ?? { kind: 'unknown', error: outboxError('unknown', 'the CMMS adapter gave no outcome') };
    // Created: was another console creating under the same reference in the same instant?
    const again = await inner.readBack([as(it, reference, since(it))]);
    const hits = again.ok ? (again.value.get(reference) ?? []) : [];
    if (hits.length > 1) {
      const keep = winner(hits);
      const mine = caseNumber(out.remoteKeys);
      if (caseNumber(keep.remoteKeys) !== mine) return { kind: 'done', remoteKeys: joined(reference, keep), note: `DUPLICATE IN CMMS: another console created ${caseNumber(keep.remoteKeys)} in the same instant; this case follows it, and ${mine} is to be closed by a planner` };
      return { kind: 'done', remoteKeys: { ...out.remoteKeys, reference }, note: `DUPLICATE IN CMMS: another console created a second record in the same instant; it follows this one (${mine})` };
    }
    return { kind: 'done', remoteKeys: { ...out.remoteKeys, reference }, ...(out.note ? { note: out.note } : {}) };
  }

  return {
    ...inner,
    async send(items) {
      const out: SendOutcome[] = [];
      for (const it of items) {
        const series = seriesOf(it);
        out.push(series ? await createOnce(it, series) : ((await inner.send([it]))[0] ?? { kind: 'unknown', error: outboxError('unknown', 'the CMMS adapter gave no outcome') }));
      }
      return out;
    },
    async readBack(items) {
      const found = new Map<string, ReadBackHit[]>();
      const rest = items.filter((it) => !seriesOf(it));
      for (const it of items) {
        const series = seriesOf(it);
        if (!series) continue;
        const cur = await current(it, series);
        if (!cur.ok) return errResult(cur.error);
        found.set(it.id, cur.value.kind === 'open' ? [{ remoteKeys: { ...cur.value.hit.remoteKeys, reference: cur.value.reference } }] : []);
      }
      if (rest.length > 0) {
        const r = await inner.readBack(rest);
        if (!r.ok) return r;
        for (const [k, v] of r.value) found.set(k, [...v]);
      }
      return okResult(found);
    },
  };
}
