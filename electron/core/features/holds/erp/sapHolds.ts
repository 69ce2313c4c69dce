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
import { type HoldItem, HoldPlacePayload, HoldReleasePayload, holdHeaderText, holdItemText, parseHoldItemText, releaseHeaderText } from './holdPayloads.ts';
import { HOLD_SERIES_LENGTH } from './restHolds.ts';
import { seriesReferences } from '../../../platform/reference/derivedReference.ts';
import { HOLD_KINDS, type HoldsPart, type PostedPlacement, type RemoteRelease } from './holdsPart.ts';

export const MATDOC_SRV = 'API_MATERIAL_DOCUMENT_SRV';

/** "FG201=0001,FG202=0002" (kept in a placement's remote keys) → material → storage location. */
const parseStorageKeys = (s: string | undefined): Map<string, string> => new Map((s ?? '').split(',').filter((x) => x.includes('=')).map((x) => x.split('=', 2) as [string, string]));

const strLit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The material document for a hold (344: unrestricted → blocked) or its release (343: blocked →
 * unrestricted), GoodsMovementCode 04 (transfer posting). The reference goes into the header text:
 * "PXH:" + 21 hex digits for a hold, "PXR:" + the hold's 21 for its release, the only free field SAP keeps
 * on the header (MaterialDocumentHeaderText, MaxLength 25 in the published EDMX); who, when and where go
 * into every item's MaterialDocumentItemText (MaxLength 50): holdItemText in holdPayloads.ts.
 * Posting and document date are the plant's day of the hold (`zone`, IANA): SAP keeps them with no zone.
 * 343/344 change the stock type within one storage location, so every item names its storage location.
 */
export function toMaterialDocument(args: { headerText: string; itemText?: string; postingAt: string; movement: '344' | '343'; items: readonly HoldItem[]; plant: string; storageLocationOf: (item: HoldItem) => string; zone: string }): Record<string, unknown> {
  const day = sapLocalDate(args.postingAt, args.zone);
  return {
    PostingDate: day,
    DocumentDate: day,
    GoodsMovementCode: '04',
    MaterialDocumentHeaderText: args.headerText,
    to_MaterialDocumentItem: args.items.map((i) => ({
      Material: i.material,
      Plant: args.plant,
      StorageLocation: args.storageLocationOf(i),
      ...(i.batch ? { Batch: i.batch } : {}),
      GoodsMovementType: args.movement,
      EntryUnit: i.uom,
      QuantityInEntryUnit: i.qty,
      ...(args.itemText ? { MaterialDocumentItemText: args.itemText } : {}),
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

  /** POST to the service with a CSRF token (fetched once, fetched again once when SAP says it expired). */
  async function postSap(path: string, body: string | null): Promise<{ kind: 'ok'; d: Record<string, unknown> } | SendOutcome> {
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
        url: withClient(`${root}/${path}`),
        headers: { authorization: a.value, 'x-csrf-token': csrf.token, cookie: csrf.cookies, accept: 'application/json', ...(body !== null ? { 'content-type': 'application/json' } : {}) },
        ...(body !== null ? { body } : {}),
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
      try {
        return { kind: 'ok', d: ((JSON.parse(r.value.body) as { d?: Record<string, unknown> }).d ?? {}) as Record<string, unknown> };
      } catch {
        return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with an unreadable body') };
      }
    }
    return { kind: 'config', error: outboxError('config', 'the ERP refused our CSRF token twice in a row', 403) };
  }

  async function postDocument(headerText: string, doc: Record<string, unknown>, extraKeys: Record<string, string>): Promise<SendOutcome> {
    const r = await postSap('A_MaterialDocumentHeader', JSON.stringify(doc));
    if (r.kind !== 'ok') return r;
    if (r.d.MaterialDocumentHeaderText !== undefined && r.d.MaterialDocumentHeaderText !== headerText) {
      return { kind: 'unknown', error: outboxError('unknown', 'the ERP answered with another header text than ours') };
    }
    return { kind: 'done', remoteKeys: { MaterialDocument: String(r.d.MaterialDocument ?? ''), MaterialDocumentYear: String(r.d.MaterialDocumentYear ?? ''), ...extraKeys } };
  }

  /** Reverses a document of ours that another console's came before (function import Cancel of the published EDMX). */
  async function cancelDocument(doc: string, year: string): Promise<string | null> {
    const r = await postSap(`Cancel?MaterialDocumentYear=${encodeURIComponent(strLit(year))}&MaterialDocument=${encodeURIComponent(strLit(doc))}`, null);
    return r.kind === 'ok' ? null : r.kind === 'done' ? null : r.error.message;
  }

  const asOutcome = (e: OutboxError): SendOutcome => (e.class === 'transient' ? { kind: 'transient', error: e } : ({ kind: e.class, error: e } as SendOutcome));

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
    }
    return okResult(out);
  }

  /**
   * The hold documents SAP keeps under these header texts, each with its items (who posted it, from the
   * item text; what it moved) and whether it still stands (not reversed). One read of the headers per 20
   * texts, one of the items per 10 documents, one for reversals.
   */
  async function documents(wanted: ReadonlyMap<string, { kind: 'place' | 'release'; ref: string }>, authz: string): Promise<Result<SapHoldDoc[], OutboxError>> {
    const texts = [...wanted.keys()];
    const heads: Record<string, unknown>[] = [];
    for (let i = 0; i < texts.length; i += 20) {
      const filter = texts.slice(i, i + 20).map((t) => `MaterialDocumentHeaderText eq ${strLit(t)}`).join(' or ');
      const r = await getRows(`${root}/A_MaterialDocumentHeader?$filter=${encodeURIComponent(filter)}&$select=MaterialDocument,MaterialDocumentYear,MaterialDocumentHeaderText&$top=200`, authz);
      if (!r.ok) return errResult(r.error);
      heads.push(...r.value.filter((row) => wanted.has(String(row.MaterialDocumentHeaderText))));
    }
    const docs: SapHoldDoc[] = heads.map((h) => ({ doc: String(h.MaterialDocument), year: String(h.MaterialDocumentYear), text: String(h.MaterialDocumentHeaderText), ...wanted.get(String(h.MaterialDocumentHeaderText))!, by: null, items: [], live: true }));
    const byKey = new Map(docs.map((d) => [`${d.year}/${d.doc}`, d]));
    for (let i = 0; i < docs.length; i += 10) {
      const own = docs.slice(i, i + 10).map((d) => `(MaterialDocument eq ${strLit(d.doc)} and MaterialDocumentYear eq ${strLit(d.year)})`).join(' or ');
      const sel = 'MaterialDocument,MaterialDocumentYear,MaterialDocumentItemText,Material,Plant,StorageLocation,Batch,EntryUnit,QuantityInEntryUnit,GoodsMovementIsCancelled';
      const items = await getRows(`${root}/A_MaterialDocumentItem?$filter=${encodeURIComponent(own)}&$select=${sel}&$top=500`, authz);
      if (!items.ok) return errResult(items.error);
      for (const it of items.value) {
        const d = byKey.get(`${String(it.MaterialDocumentYear)}/${String(it.MaterialDocument)}`);
        if (!d) continue;
        if (it.GoodsMovementIsCancelled === true) d.live = false;
        d.by ??= parseHoldItemText(it.MaterialDocumentItemText);
        d.items.push({ material: String(it.Material ?? ''), plant: String(it.Plant ?? ''), storageLocation: String(it.StorageLocation ?? ''), batch: it.Batch ? String(it.Batch) : null, uom: String(it.EntryUnit ?? 'PC'), qty: String(it.QuantityInEntryUnit ?? '0') });
      }
    }
    const reversed = await reversedDocuments(docs, authz);
    if (!reversed.ok) return errResult(reversed.error);
    for (const d of docs) if (reversed.value.has(`${d.year}/${d.doc}`)) d.live = false;
    // Lowest document number first: of two posted in the same instant, the first stands on every console.
    return okResult(docs.sort((x, y) => x.year.localeCompare(y.year) || x.doc.padStart(10, '0').localeCompare(y.doc.padStart(10, '0'))));
  }

  const seriesTexts = (refs: readonly string[]): Map<string, { kind: 'place' | 'release'; ref: string }> =>
    new Map<string, { kind: 'place' | 'release'; ref: string }>(refs.flatMap((ref) => [[holdHeaderText(ref), { kind: 'place' as const, ref }], [releaseHeaderText(ref), { kind: 'release' as const, ref }]]));

  /** The references a placement may have in SAP: its series, or (a hold placed before issue 19) its outbox reference. */
  const placementRefs = (item: OutboxSendItem, p: HoldPlacePayload): string[] => (p.series ? seriesReferences(p.series, HOLD_SERIES_LENGTH) : [item.id.toLowerCase()]);

  const storageKeys = (d: SapHoldDoc): string => [...new Map(d.items.map((i) => [i.material, i.storageLocation]))].map(([m, sl]) => `${m}=${sl}`).join(',');
  const said = (d: SapHoldDoc) => `${d.by ? `from ${d.by.on} by ${d.by.by} at ${d.by.at}` : 'by someone in SAP'}`;
  const placedElsewhere = (d: SapHoldDoc) => `Already placed ${said(d)} (SAP material document ${d.doc}/${d.year}); this console uses that hold`;
  const releasedElsewhere = (d: SapHoldDoc) => `Already released ${said(d)} (SAP material document ${d.doc}/${d.year})`;

  /**
   * The document in SAP that this placement is (issue 19): ours (an earlier attempt of ours arrived: the
   * same item text), else the hold of its series still active (placed, not reversed, no release under it:
   * another console placed the same hold, and this console joins it), else none. A hold placed before
   * issue 19 has no series and no item text: whatever stands under its own reference is its own.
   */
  function matchPlacement(item: OutboxSendItem, p: HoldPlacePayload, docs: readonly SapHoldDoc[]): { kind: 'done' | 'adopted'; doc: SapHoldDoc } | null {
    const places = docs.filter((d) => d.kind === 'place' && d.live);
    const ours = holdItemText(p.placedAt, p.placedOn, p.placedByName || p.placedBy);
    const mine = places.find((d) => d.by && holdItemText(d.by.at, d.by.on, d.by.by) === ours) ?? (p.series ? undefined : places[0]);
    if (mine) return { kind: 'done', doc: mine };
    const released = new Set(docs.filter((d) => d.kind === 'release' && d.live).map((d) => d.ref));
    const active = places.find((d) => !released.has(d.ref));
    void item;
    return active ? { kind: 'adopted', doc: active } : null;
  }

  const placementKeys = (m: { kind: 'done' | 'adopted'; doc: SapHoldDoc }): Record<string, string> => ({
    MaterialDocument: m.doc.doc,
    MaterialDocumentYear: m.doc.year,
    StorageLocations: storageKeys(m.doc),
    reference: m.doc.ref,
    ...(m.kind === 'adopted' ? { placedElsewhere: placedElsewhere(m.doc) } : {}),
  });

  /**
   * After our post: did another console post under the same header text in the same instant? SAP does not
   * refuse a second document with one header text. The first (lowest number) stands on every console; the
   * console whose document came second reverses its own at once and uses the first.
   */
  async function settleRace(headerText: string, kind: 'place' | 'release', ref: string, posted: SendOutcome, authz: string, elsewhere: (d: SapHoldDoc) => Record<string, string>): Promise<SendOutcome> {
    if (posted.kind !== 'done') return posted;
    const again = await documents(new Map([[headerText, { kind, ref }]]), authz);
    if (!again.ok) return posted; // posted; a later read-back of the other console settles it
    const live = again.value.filter((d) => d.live);
    const first = live[0];
    const ours = posted.remoteKeys.MaterialDocument;
    if (live.length < 2 || !first || first.doc === ours) return posted;
    const failed = await cancelDocument(ours!, posted.remoteKeys.MaterialDocumentYear ?? '');
    if (failed) {
      return { kind: 'done', remoteKeys: posted.remoteKeys, note: `DUPLICATE IN ERP: another console posted document ${first.doc} for the same hold in the same instant, and this console's document ${ours} could not be reversed (${failed}); reverse ${ours} in SAP` };
    }
    return { kind: 'done', remoteKeys: elsewhere(first), note: `another console posted document ${first.doc} for the same hold in the same instant; this console reversed its own ${ours}` };
  }

  async function send(item: OutboxSendItem): Promise<SendOutcome> {
    const parsed = item.kind === 'hold.place' ? HoldPlacePayload.safeParse(item.payload) : item.kind === 'hold.release' ? HoldReleasePayload.safeParse(item.payload) : null;
    if (!parsed) return { kind: 'config', error: outboxError('config', `the SAP hold sender does not handle ${item.kind}`) };
    if (!parsed.success) return { kind: 'business', error: outboxError('business', `the hold is incomplete: ${parsed.error.issues[0]?.message ?? 'invalid'}`) };
    const p = parsed.data;
    const a = await auth();
    if (!a.ok) return { kind: 'config', error: a.error };
    if ('holdId' in p) return release(item, p, a.value);
    const items = p.items.filter((i) => Number(i.qty) > 0);
    // Nothing made yet (a line hold placed before its first part): there is no stock to block.
    if (items.length === 0) return { kind: 'done', remoteKeys: { MaterialDocument: '', note: 'no stock to block when placed' }, note: 'no stock in scope: nothing posted' };
    const unknown = items.filter((i) => !i.material).map((i) => i.erpOrderId);
    if (unknown.length > 0) return { kind: 'business', error: outboxError('business', `order ${unknown.join(', ')} is not in the ERP order cache, so its material is unknown; refresh orders, then resend`) };
    // Storage location: the material's, else the line's (plant configuration).
    const lineId = p.scope.lineId;
    const where = (i: HoldItem): string | null => o.storageLocations?.materials[i.material] ?? (lineId ? o.storageLocations?.lines[lineId] : undefined) ?? p.storageLocation ?? null;
    const without = items.filter((i) => !where(i));
    if (without.length > 0) {
      return { kind: 'config', error: outboxError('config', `no storage location is set for ${lineId ? `line ${lineId}` : 'this hold'} (material ${[...new Set(without.map((i) => i.material))].join(', ')}); SAP posts blocked stock per storage location. Add it under erp.storageLocations in the plant configuration, then resend`) };
    }
    // Read the series back first (issue 19): ours already there, or another console's hold to join.
    const refs = placementRefs(item, p);
    const found = await documents(seriesTexts(refs), a.value);
    if (!found.ok) return asOutcome(found.error);
    const m = matchPlacement(item, p, found.value);
    if (m) return { kind: 'done', remoteKeys: placementKeys(m), ...(m.kind === 'adopted' ? { note: m.doc.by ? `already placed from ${m.doc.by.on}` : 'already placed in SAP' } : {}) };
    // References are taken in order: the next free one comes after the last used (a released or reversed hold's).
    const used = new Set(found.value.filter((d) => d.kind === 'place').map((d) => d.ref));
    const last = Math.max(-1, ...refs.map((r, n) => (used.has(r) ? n : -1)));
    const free = refs[last + 1];
    if (!free) return { kind: 'business', error: outboxError('business', `every reference of this hold's series is taken by ${refs.length} earlier released holds on the same scope and reason; place it with another reason code`) };
    const used2 = new Map(items.map((i) => [i.material, where(i)!]));
    const text = holdHeaderText(free);
    const posted = await postDocument(
      text,
      toMaterialDocument({ headerText: text, itemText: holdItemText(p.placedAt, p.placedOn, p.placedByName || p.placedBy), postingAt: p.placedAt, movement: '344', items, plant: p.plantId, storageLocationOf: (i) => used2.get(i.material)!, zone: o.timeZone ?? 'UTC' }),
      { StorageLocations: [...used2].map(([mat, sl]) => `${mat}=${sl}`).join(','), reference: free },
    );
    return settleRace(text, 'place', free, posted, a.value, (d) => placementKeys({ kind: 'adopted', doc: d }));
  }

  /**
   * A release returns what the hold's document blocked (read from SAP: the placement this console joined
   * may be another console's, with other quantities), under "PXR:" + the hold's reference. A release
   * already posted under it (another console's) is not posted again: this one says who released it.
   */
  async function release(item: OutboxSendItem, p: HoldReleasePayload, authz: string): Promise<SendOutcome> {
    const placed = o.remoteKeysOf?.(p.placeReference);
    if (!placed) return { kind: 'business', error: outboxError('business', 'the hold was never posted to the ERP, so there is no blocked stock to release there') };
    if (!placed.MaterialDocument) return { kind: 'done', remoteKeys: { MaterialDocument: '', note: 'nothing was blocked' }, note: 'the hold blocked no stock: nothing to release' };
    const ref = (placed.reference ?? p.placeReference).toLowerCase();
    const text = releaseHeaderText(ref);
    const wanted = new Map<string, { kind: 'place' | 'release'; ref: string }>([[text, { kind: 'release' as const, ref }], [holdHeaderText(placed.reference ?? p.placeReference), { kind: 'place' as const, ref }]]);
    const found = await documents(wanted, authz);
    if (!found.ok) return asOutcome(found.error);
    const ours = holdItemText(p.releasedAt, p.releasedOn, p.releasedByName || p.releasedBy);
    const releases = found.value.filter((d) => d.kind === 'release' && d.live);
    const done = releases.find((d) => d.by && holdItemText(d.by.at, d.by.on, d.by.by) === ours);
    if (done) return { kind: 'done', remoteKeys: { MaterialDocument: done.doc, MaterialDocumentYear: done.year, reference: ref } };
    if (releases[0]) return { kind: 'done', remoteKeys: { MaterialDocument: releases[0].doc, MaterialDocumentYear: releases[0].year, reference: ref, releasedElsewhere: releasedElsewhere(releases[0]) }, note: 'already released in SAP' };
    const blockedBy = found.value.find((d) => d.kind === 'place' && d.doc === placed.MaterialDocument && d.year === placed.MaterialDocumentYear);
    if (blockedBy && !blockedBy.live) return { kind: 'done', remoteKeys: { MaterialDocument: '', reference: ref, releasedElsewhere: `The hold's document ${blockedBy.doc}/${blockedBy.year} was reversed in SAP: nothing is blocked to release` }, note: 'the hold document was reversed in SAP' };
    // What the document blocked; a placement SAP no longer shows is released as this console knew it.
    const fromSap: HoldItem[] = (blockedBy?.items ?? []).map((i) => ({ erpOrderId: '', material: i.material, batch: i.batch, qty: i.qty, uom: i.uom }));
    const storage = new Map((blockedBy?.items ?? []).map((i) => [i.material, i.storageLocation]));
    const placedAt = parseStorageKeys(placed.StorageLocations);
    const items = fromSap.length > 0 ? fromSap : p.items.filter((i) => Number(i.qty) > 0);
    if (items.length === 0) return { kind: 'done', remoteKeys: { MaterialDocument: '', note: 'nothing was blocked' }, note: 'the hold blocked no stock: nothing to release' };
    const where = (i: HoldItem): string | null => storage.get(i.material) ?? placedAt.get(i.material) ?? o.storageLocations?.materials[i.material] ?? p.storageLocation ?? null;
    const without = items.filter((i) => !where(i));
    if (without.length > 0) return { kind: 'config', error: outboxError('config', `no storage location is known for material ${[...new Set(without.map((i) => i.material))].join(', ')}; add it under erp.storageLocations in the plant configuration, then resend`) };
    const posted = await postDocument(
      text,
      toMaterialDocument({ headerText: text, itemText: ours, postingAt: p.releasedAt, movement: '343', items, plant: blockedBy?.items[0]?.plant || p.plantId, storageLocationOf: (i) => where(i)!, zone: o.timeZone ?? 'UTC' }),
      { reference: ref },
    );
    void item;
    return settleRace(text, 'release', ref, posted, authz, (d) => ({ MaterialDocument: d.doc, MaterialDocumentYear: d.year, reference: ref, releasedElsewhere: releasedElsewhere(d) }));
  }

  async function readBack(items: readonly OutboxSendItem[]): Promise<Result<Map<string, ReadBackHit[]>, OutboxError>> {
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const out = new Map<string, ReadBackHit[]>();
    for (const it of items) {
      out.set(it.id, []);
      if (it.kind === 'hold.place') {
        const p = HoldPlacePayload.safeParse(it.payload);
        if (!p.success) continue;
        const found = await documents(seriesTexts(placementRefs(it, p.data)), a.value);
        if (!found.ok) return errResult(found.error);
        if (!p.data.series) {
          // Placed before issue 19: every document under its own reference, reversed ones flagged.
          out.set(it.id, found.value.filter((d) => d.kind === 'place').map((d) => ({ remoteKeys: { MaterialDocument: d.doc, MaterialDocumentYear: d.year, StorageLocations: storageKeys(d), reference: d.ref }, reversed: !d.live })));
          continue;
        }
        const m = matchPlacement(it, p.data, found.value);
        if (m) out.set(it.id, [{ remoteKeys: placementKeys(m) }]);
      } else if (it.kind === 'hold.release') {
        const p = HoldReleasePayload.safeParse(it.payload);
        if (!p.success) continue;
        const placed = o.remoteKeysOf?.(p.data.placeReference);
        const ref = (placed?.reference ?? p.data.placeReference).toLowerCase();
        // Under the hold's reference ("PXR:"), or (sent before issue 19) under the release's own ("PXH:").
        const found = await documents(new Map<string, { kind: 'place' | 'release'; ref: string }>([[releaseHeaderText(ref), { kind: 'release' as const, ref }], [holdHeaderText(it.id), { kind: 'release' as const, ref: it.id.toLowerCase() }]]), a.value);
        if (!found.ok) return errResult(found.error);
        const ours = holdItemText(p.data.releasedAt, p.data.releasedOn, p.data.releasedByName || p.data.releasedBy);
        out.set(
          it.id,
          found.value.map((d) => ({
            remoteKeys: { MaterialDocument: d.doc, MaterialDocumentYear: d.year, reference: ref, ...(d.by && holdItemText(d.by.at, d.by.on, d.by.by) !== ours && d.ref === ref ? { releasedElsewhere: releasedElsewhere(d) } : {}) },
            reversed: !d.live,
          })),
        );
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
  /** Is the hold this console posted or joined released in SAP (a live 343 under "PXR:" + its reference)? */
  async function remoteRelease(place: PostedPlacement): Promise<Result<RemoteRelease | null, OutboxError>> {
    if (!place.remoteKeys.MaterialDocument) return okResult(null); // nothing was blocked: nothing to release in SAP
    const a = await auth();
    if (!a.ok) return errResult(a.error);
    const ref = (place.remoteKeys.reference ?? place.id).toLowerCase();
    const found = await documents(new Map<string, { kind: 'place' | 'release'; ref: string }>([[releaseHeaderText(ref), { kind: 'release', ref }]]), a.value);
    if (!found.ok) return errResult(found.error);
    const d = found.value.find((x) => x.live);
    return okResult(d ? { on: d.by?.on ?? 'SAP', by: d.by?.by ?? 'someone in SAP', at: d.by?.at ?? '?' } : null);
  }

  return { kinds: HOLD_KINDS, send: (item: OutboxSendItem) => logonLanguage.run(languageOf(item), () => send(item)), readBack, releasedElsewhere: remoteRelease };
}

/** A hold document in SAP as the read-back sees it. */
interface SapHoldDoc {
  doc: string;
  year: string;
  text: string;
  kind: 'place' | 'release';
  /** The hold's reference (its series member, or its own id before issue 19). */
  ref: string;
  /** Who posted it, when, from which console (the item text), when it carries ours. */
  by: { at: string; on: string; by: string } | null;
  items: { material: string; plant: string; storageLocation: string; batch: string | null; uom: string; qty: string }[];
  /** Not reversed. */
  live: boolean;
}
