import { AsyncLocalStorage } from 'node:async_hooks';
import { errResult, okResult, type Result } from '../../../../../shared/result.ts';
import { parseRetryAfter } from '../../../platform/outbox/backoff.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../../../platform/outbox/outboxTypes.ts';
import type { ErpConnectorOptions } from '../../../platform/erp/erpTypes.ts';
import { header, type HttpResponse } from '../../../platform/erp/httpClient.ts';
import { classifySapError, classifyStatus, outboxError, sapErrorMessage } from '../../../platform/erp/sapErrors.ts';
import { sapLocalDate } from '../../../platform/erp/sapDates.ts';
import { sapAuthorization, signedHttp } from '../../../platform/erp/sapAuth.ts';
import { sapLanguage } from '../../../platform/erp/erpLanguage.ts';
import { type HoldItem, HoldPlacePayload, HoldReleasePayload, holdHeaderText } from './holdPayloads.ts';
import { HOLD_KINDS, type HoldsPart } from './holdsPart.ts';

export const MATDOC_SRV = 'API_MATERIAL_DOCUMENT_SRV';

/** "FG201=0001,FG202=0002" (kept in a placement's remote keys) → material → storage location. */
const parseStorageKeys = (s: string | undefined): Map<string, string> => new Map((s ?? '').split(',').filter((x) => x.includes('=')).map((x) => x.split('=', 2) as [string, string]));

const strLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The material document for a hold (344: unrestricted → blocked) or its release (343: blocked →
 * unrestricted), GoodsMovementCode 04 (transfer posting). The reference goes into the header text:
 * "PXH:" + 21 hex digits, the only free field SAP keeps on the header (contracts §2.5, [verify]).
 * Posting and document date are the plant's day of the hold (`zone`, IANA): SAP keeps them with no zone.
 * 343/344 change the stock type within one storage location, so every item names its storage location.
 */
export function toMaterialDocument(args: { reference: string; postingAt: string; movement: '344' | '343'; items: readonly HoldItem[]; plant: string; storageLocationOf: (item: HoldItem) => string; zone: string }): Record<string, unknown> {
  const day = sapLocalDate(args.postingAt, args.zone);
  return {
    PostingDate: day,
    DocumentDate: day,
    GoodsMovementCode: '04',
    MaterialDocumentHeaderText: holdHeaderText(args.reference),
    to_MaterialDocumentItem: args.items.map((i) => ({
      Material: i.material,
      Plant: args.plant,
      StorageLocation: args.storageLocationOf(i),
      ...(i.batch ? { Batch: i.batch } : {}),
      GoodsMovementType: args.movement,
      EntryUnit: i.uom,
      QuantityInEntryUnit: i.qty,
    })),
  };
}

/** The logon language of the hold being sent (its author's), for every request the send makes. */
const logonLanguage = new AsyncLocalStorage<string | undefined>();

/** Holds on SAP S/4HANA as blocked stock through API_MATERIAL_DOCUMENT_SRV, with its own CSRF token. */
export function sapHolds(o: ErpConnectorOptions): HoldsPart {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const root = `${o.baseUrl.replace(/\/$/, '')}/${MATDOC_SRV}`;
  const withClientOnly = (url: string) => (o.sapClient ? `${url}${url.includes('?') ? '&' : '?'}sap-client=${encodeURIComponent(o.sapClient)}` : url);
  /** sap-client and the logon language (erpLanguage.ts): the person's who placed or released the hold, else the plant's. */
  const withClient = (url: string) => {
    const u = withClientOnly(url);
    const lang = logonLanguage.getStore() ?? o.language?.plant;
    return lang ? `${u}${u.includes('?') ? '&' : '?'}sap-language=${sapLanguage(lang)}` : u;
  };
  let csrf: { token: string; cookies: string } | null = null;

  /** Basic with the stored account, or the SAP BTP OAuth client's bearer token (platform/erp/sapAuth.ts). */
  const auth = sapAuthorization(o);
  /** A 401 under OAuth fetches a fresh token and tries once more (nothing was applied on a 401). */
  const signed = signedHttp(o, auth);

  async function fetchToken(authz: string): Promise<SendOutcome | { token: string; cookies: string }> {
    let status = 0;
    for (const url of [`${root}/`, root]) {
      const r = await signed({ method: 'HEAD', url: withClient(url), headers: { authorization: authz, 'x-csrf-token': 'fetch' }, timeoutMs });
      if (!r.ok) return { kind: 'transient', error: outboxError('transient', `ERP not reachable: ${r.error.message}`) };
      status = r.value.status;
      const token = header(r.value.headers, 'x-csrf-token');
      if (status < 300 && token && token !== 'Required') return { token, cookies: (r.value.headers['set-cookie'] ?? []).map((c) => c.split(';', 1)[0]).join('; ') };
      if (status === 401) return { kind: 'config', error: outboxError('config', 'the ERP refused the stored credentials (401)', 401) };
    }
    const cls = status >= 500 ? 'transient' : 'config';
    return { kind: cls, error: outboxError(cls, `could not get a CSRF token from the ERP (HTTP ${status})`, status) };
  }

  function failure(res: HttpResponse): SendOutcome {
    const { message, code } = sapErrorMessage(res.body, res.status);
    const retryAfter = header(res.headers, 'retry-after');
    const cls = classifySapError(res.status, retryAfter !== undefined, res.body);
    const error = outboxError(cls, message, res.status, code);
    if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) };
    return { kind: cls, error } as SendOutcome;
  }

  async function postDocument(reference: string, doc: Record<string, unknown>, extraKeys: Record<string, string>): Promise<SendOutcome> {
    const a = await auth();
    if (!a.ok) return { kind: 'config', error: a.error };
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!csrf) {
        const t = await fetchToken(a.value);
        if ('kind' in t) return t;
        csrf = t;
      }
      const r = await signed({
        method: 'POST',
        url: withClient(`${root}/A_MaterialDocumentHeader`),
        headers: { authorization: a.value, 'x-csrf-token': csrf.token, cookie: csrf.cookies, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(doc),
        timeoutMs,
      });
      if (!r.ok) {
        return r.error.phase === 'notSent'
          ? { kind: 'transient', error: outboxError('transient', `ERP not reachable: ${r.error.message}`) }
          : { kind: 'unknown', error: outboxError('unknown', `sent, but ${r.error.message}`) };
      }
      if (r.value.status === 403 && (header(r.value.headers, 'x-csrf-token') ?? '').toLowerCase() === 'required') {
        csrf = null; // expired: fetch once more and resend now; a second refusal parks
        continue;
      }
      if (r.value.status !== 201 && r.value.status !== 200) return failure(r.value);
      let d: Record<string, unknown> = {};
      try {
        d = ((JSON.parse(r.value.body) as { d?: Record<string, unknown> }).d ?? {}) as Record<string, unknown>;
      } catch {
        return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with an unreadable body') };
      }
      if (d.MaterialDocumentHeaderText !== undefined && d.MaterialDocumentHeaderText !== holdHeaderText(reference)) {
        return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with another header text than ours') };
      }
      return { kind: 'done', remoteKeys: { MaterialDocument: String(d.MaterialDocument ?? ''), MaterialDocumentYear: String(d.MaterialDocumentYear ?? ''), ...extraKeys } };
    }
    return { kind: 'config', error: outboxError('config', 'the ERP refused our CSRF token twice in a row', 403) };
  }

  async function send(item: OutboxSendItem): Promise<SendOutcome> {
    const parsed = item.kind === 'hold.place' ? HoldPlacePayload.safeParse(item.payload) : item.kind === 'hold.release' ? HoldReleasePayload.safeParse(item.payload) : null;
    if (!parsed) return { kind: 'config', error: outboxError('config', `the SAP hold sender does not handle ${item.kind}`) };
    if (!parsed.success) return { kind: 'business', error: outboxError('business', `the hold is incomplete: ${parsed.error.issues[0]?.message ?? 'invalid'}`) };
    const p = parsed.data;
    if ('holdId' in p) {
      const placed = o.remoteKeysOf?.(p.placeReference);
      if (!placed) return { kind: 'business', error: outboxError('business', 'the hold was never posted to the ERP, so there is no blocked stock to release there') };
      if (!placed.MaterialDocument) return { kind: 'done', remoteKeys: { MaterialDocument: '', note: 'nothing was blocked' }, note: 'the hold blocked no stock: nothing to release' };
    }
    const items = p.items.filter((i) => Number(i.qty) > 0);
    // Nothing made yet (a line hold placed before its first part): there is no stock to block.
    if (items.length === 0) return { kind: 'done', remoteKeys: { MaterialDocument: '', note: 'no stock to block when placed' }, note: 'no stock in scope: nothing posted' };
    const unknown = items.filter((i) => !i.material).map((i) => i.erpOrderId);
    if (unknown.length > 0) return { kind: 'business', error: outboxError('business', `order ${unknown.join(', ')} is not in the ERP order cache, so its material is unknown; refresh orders, then resend`) };
    // Storage location: the material's, else the line's (plant configuration); a release takes what its
    // placement posted (kept with the placement's keys), so stock goes back where it was blocked.
    const placedAt = 'holdId' in p ? parseStorageKeys(o.remoteKeysOf?.(p.placeReference)?.StorageLocations) : new Map<string, string>();
    const lineId = 'scope' in p ? p.scope.lineId : null;
    const where = (i: HoldItem): string | null => placedAt.get(i.material) ?? o.storageLocations?.materials[i.material] ?? (lineId ? o.storageLocations?.lines[lineId] : undefined) ?? p.storageLocation ?? null;
    const without = items.filter((i) => !where(i));
    if (without.length > 0) {
      return { kind: 'config', error: outboxError('config', `no storage location is set for ${lineId ? `line ${lineId}` : 'this hold'} (material ${[...new Set(without.map((i) => i.material))].join(', ')}); SAP posts blocked stock per storage location. Add it under erp.storageLocations in the plant configuration, then resend`) };
    }
    const used = new Map(items.map((i) => [i.material, where(i)!]));
    const postingAt = 'placedAt' in p ? p.placedAt : p.releasedAt;
    return postDocument(
      item.id,
      toMaterialDocument({ reference: item.id, postingAt, movement: item.kind === 'hold.place' ? '344' : '343', items, plant: p.plantId, storageLocationOf: (i) => used.get(i.material)!, zone: o.timeZone ?? 'UTC' }),
      { StorageLocations: [...used].map(([m, sl]) => `${m}=${sl}`).join(',') },
    );
  }

  async function getRows(url: string, authz: string): Promise<Result<Record<string, unknown>[], OutboxError>> {
    const r = await signed({ method: 'GET', url: withClient(url), headers: { authorization: authz, accept: 'application/json' }, timeoutMs });
    if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
    if (r.value.status !== 200) {
      const { message, code } = sapErrorMessage(r.value.body, r.value.status);
      return errResult(outboxError(classifyStatus(r.value.status, false), message, r.value.status, code));
    }
    try {
      return okResult((JSON.parse(r.value.body) as { d?: { results?: Record<string, unknown>[] } }).d?.results ?? []);
    } catch {
      return errResult(outboxError('unknown', 'the ERP answered with unreadable JSON'));
    }
  }

  /**
   * Which of these documents were reversed. A_MaterialDocumentHeader has no cancellation flag (published
   * API_MATERIAL_DOCUMENT_SRV); a reversal is a new document whose items name the original in
   * ReversedMaterialDocument / ReversedMaterialDocumentYear, and the original's items carry
   * GoodsMovementIsCancelled. Both are read from A_MaterialDocumentItem; either one counts.
   */
  async function reversedDocuments(docs: readonly { doc: string; year: string }[], authz: string): Promise<Result<Set<string>, OutboxError>> {
    const out = new Set<string>();
    for (let i = 0; i < docs.length; i += 10) {
      const chunk = docs.slice(i, i + 10);
      const byRef = chunk.map((d) => `(ReversedMaterialDocument eq ${strLit(d.doc)} and ReversedMaterialDocumentYear eq ${strLit(d.year)})`).join(' or ');
      const refs = await getRows(`${root}/A_MaterialDocumentItem?$filter=${encodeURIComponent(byRef)}&$select=ReversedMaterialDocument,ReversedMaterialDocumentYear&$top=500`, authz);
      if (!refs.ok) return errResult(refs.error);
      for (const r of refs.value) out.add(`${String(r.ReversedMaterialDocumentYear)}/${String(r.ReversedMaterialDocument)}`);
      const own = chunk.map((d) => `(MaterialDocument eq ${strLit(d.doc)} and MaterialDocumentYear eq ${strLit(d.year)})`).join(' or ');
      const items = await getRows(`${root}/A_MaterialDocumentItem?$filter=${encodeURIComponent(own)}&$select=MaterialDocument,MaterialDocumentYear,GoodsMovementIsCancelled&$top=500`, authz);
      if (!items.ok) return errResult(items.error);
      for (const r of items.value) if (r.GoodsMovementIsCancelled === true) out.add(`${String(r.MaterialDocumentYear)}/${String(r.MaterialDocument)}`);
    }
    return okResult(out);
  }

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const out = new Map<string, ReadBackHit[]>();
    const byText = new Map<string, string>();
    for (const it of items) {
      out.set(it.id, []);
      byText.set(holdHeaderText(it.id), it.id);
    }
    const texts = [...byText.keys()];
    for (let i = 0; i < texts.length; i += 20) {
      const filter = texts.slice(i, i + 20).map((t) => `MaterialDocumentHeaderText eq ${strLit(t)}`).join(' or ');
      const url = `${root}/A_MaterialDocumentHeader?$filter=${encodeURIComponent(filter)}&$select=MaterialDocument,MaterialDocumentYear,MaterialDocumentHeaderText&$top=200`;
      const r = await signed({ method: 'GET', url: withClient(url), headers: { authorization: a.value, accept: 'application/json' }, timeoutMs });
      if (!r.ok) return errResult(outboxError('transient', `ERP not reachable: ${r.error.message}`));
      if (r.value.status !== 200) {
        const { message, code } = sapErrorMessage(r.value.body, r.value.status);
        return errResult(outboxError(classifyStatus(r.value.status, false), message, r.value.status, code));
      }
      let rows: Record<string, unknown>[] = [];
      try {
        rows = (JSON.parse(r.value.body) as { d?: { results?: Record<string, unknown>[] } }).d?.results ?? [];
      } catch {
        return errResult(outboxError('unknown', 'the ERP answered with unreadable JSON'));
      }
      const found = rows.filter((row) => byText.has(String(row.MaterialDocumentHeaderText)));
      const reversed = await reversedDocuments(found.map((row) => ({ doc: String(row.MaterialDocument), year: String(row.MaterialDocumentYear) })), a.value);
      if (!reversed.ok) return errResult(reversed.error);
      for (const row of found) {
        const id = byText.get(String(row.MaterialDocumentHeaderText))!;
        const key = `${String(row.MaterialDocumentYear)}/${String(row.MaterialDocument)}`;
        out.get(id)!.push({ remoteKeys: { MaterialDocument: String(row.MaterialDocument), MaterialDocumentYear: String(row.MaterialDocumentYear) }, reversed: reversed.value.has(key) });
      }
    }
    return okResult(out);
  }

  /** A hold goes out in the language of the person who placed (or released) it: SAP's texts come back in it. */
  const languageOf = (item: OutboxSendItem): string | undefined => {
    const p = item.payload as { placedBy?: unknown; releasedBy?: unknown } | null;
    const by = typeof p?.releasedBy === 'string' ? p.releasedBy : typeof p?.placedBy === 'string' ? p.placedBy : null;
    return (by ? o.language?.ofPerson?.(by) : null) ?? o.language?.plant;
  };
  return { kinds: HOLD_KINDS, send: (item: OutboxSendItem) => logonLanguage.run(languageOf(item), () => send(item)), readBack };
}
