import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { holdFaults, type HoldsSandboxPart } from './holdsSandbox.ts';
import { bodyProblem, queryProblem } from './edmxRules.ts';
import { parseFilter } from './odataFilter.ts';
import type { SapDefinitions } from './sapMetadata.ts';
import { type RequestCtx, type SandboxBase, sendJson } from './sandboxBase.ts';

export const MATDOC_PATH = '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV';

interface MatDocItem {
  MaterialDocumentItem: string;
  Material: string;
  Plant: string;
  StorageLocation: string;
  Batch: string;
  GoodsMovementType: string;
  EntryUnit: string;
  QuantityInEntryUnit: string;
  /** The item text (MaxLength 50 in the published EDMX): SAP keeps what is posted; holds put who, when, where in it. */
  MaterialDocumentItemText: string;
  GoodsMovementIsCancelled: boolean;
  ReversedMaterialDocumentYear: string;
  ReversedMaterialDocument: string;
  ReversedMaterialDocumentItem: string;
}

interface MatDoc {
  MaterialDocument: string;
  MaterialDocumentYear: string;
  PostingDate: string;
  DocumentDate: string;
  GoodsMovementCode: string;
  MaterialDocumentHeaderText: string;
  /** Sandbox bookkeeping, not a property of the service: A_MaterialDocumentHeader has no IsCancelled. */
  cancelled: boolean;
  items: MatDocItem[];
}

const DEC = /^\d{1,10}(\.\d{1,3})?$/;

function sapFail(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message: { lang: 'en', value: message }, innererror: { application: { service_id: 'API_MATERIAL_DOCUMENT_SRV' }, transactionid: randomUUID().replace(/-/g, ''), errordetails: [{ code, message, propertyref: '', severity: 'error', target: '' }] } } }, headers);
}

/**
 * SAP's material documents as far as holds use them (contracts §2.5): `POST A_MaterialDocumentHeader`
 * (GoodsMovementCode 04, items 344 into blocked stock / 343 back), `POST Cancel`, and reading headers
 * back by `MaterialDocumentHeaderText`. Blocked stock is kept per material and batch, so releasing
 * more than is blocked is refused as SAP does (M7/021). Creates are counted by header text.
 * Requests are held to the published API_MATERIAL_DOCUMENT_SRV definition (edmx/). Movement types 343/344
 * (blocked ↔ unrestricted) are stock-type transfers within one storage location, so an item without
 * `StorageLocation` is refused (SAP: "Enter storage location", M7/018 in the sandbox's wording; the number
 * is NOT VERIFIED). A cancellation posts a reversal document whose items name the original in
 * `ReversedMaterialDocument(Year/Item)` and marks the original items `GoodsMovementIsCancelled`.
 */
export function sapHoldsRoutes(base: SandboxBase, materials: () => ReadonlySet<string>, defs: SapDefinitions): HoldsSandboxPart {
  const headerSet = defs.set('matdoc', 'A_MaterialDocumentHeader');
  const itemSet = defs.set('matdoc', 'A_MaterialDocumentItem');
  let docs: MatDoc[] = [];
  let nextDoc = 4_900_000_001;
  const blocked = new Map<string, number>();
  const stockKey = (i: { Material: string; Plant: string; Batch: string }) => `${i.Plant}/${i.Material}/${i.Batch}`;

  function create(body: string): { ok: true; doc: MatDoc } | { ok: false; status: number; code: string; message: string } {
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { ok: false, status: 400, code: 'SY/530', message: 'The request body is not valid JSON' };
    }
    const bad = bodyProblem(headerSet, b, ['GoodsMovementCode']);
    if (bad) return { ok: false, ...bad };
    const text = String(b.MaterialDocumentHeaderText ?? '');
    if (text.length > 25) return { ok: false, status: 400, code: 'SY/530', message: 'MaterialDocumentHeaderText is longer than 25 characters' };
    if (b.GoodsMovementCode !== '04') return { ok: false, status: 400, code: 'M7/162', message: `GoodsMovementCode ${String(b.GoodsMovementCode)} is not a transfer posting (04)` };
    const raw = b.to_MaterialDocumentItem;
    const list = (Array.isArray(raw) ? raw : Array.isArray((raw as { results?: unknown })?.results) ? (raw as { results: unknown[] }).results : null) as Record<string, unknown>[] | null;
    if (!list || list.length === 0) return { ok: false, status: 400, code: 'M7/022', message: 'A material document needs at least one item' };
    const items: MatDocItem[] = [];
    const delta = new Map<string, number>();
    for (const [n, it] of list.entries()) {
      // Items are created through the header's navigation (the item set itself is not creatable).
      const badItem = bodyProblem({ ...itemSet, creatable: true }, it, ['Material', 'Plant', 'GoodsMovementType']);
      if (badItem) return { ok: false, ...badItem, message: `Item ${n + 1}: ${badItem.message}` };
      const mvt = String(it.GoodsMovementType ?? '');
      if (mvt !== '344' && mvt !== '343') return { ok: false, status: 400, code: 'M7/146', message: `Movement type ${mvt} is not supported here (344, 343)` };
      const material = String(it.Material ?? '');
      if (!materials().has(material)) return { ok: false, status: 400, code: 'M7/001', message: `Material ${material} does not exist in plant ${String(it.Plant ?? '')}` };
      if (!DEC.test(String(it.QuantityInEntryUnit ?? ''))) return { ok: false, status: 400, code: 'SY/530', message: 'QuantityInEntryUnit must be a decimal string' };
      if (!it.StorageLocation) return { ok: false, status: 400, code: 'M7/018', message: `Item ${n + 1}: enter a storage location (movement type ${mvt} posts within a storage location)` };
      const item: MatDocItem = { MaterialDocumentItem: String(n + 1), Material: material, Plant: String(it.Plant ?? ''), StorageLocation: String(it.StorageLocation ?? ''), Batch: String(it.Batch ?? ''), GoodsMovementType: mvt, EntryUnit: String(it.EntryUnit ?? 'PC'), QuantityInEntryUnit: String(it.QuantityInEntryUnit), MaterialDocumentItemText: String(it.MaterialDocumentItemText ?? ''), GoodsMovementIsCancelled: false, ReversedMaterialDocumentYear: '', ReversedMaterialDocument: '', ReversedMaterialDocumentItem: '' };
      const k = stockKey(item);
      delta.set(k, (delta.get(k) ?? 0) + (mvt === '344' ? 1 : -1) * Number(item.QuantityInEntryUnit));
      items.push(item);
    }
    for (const [k, d] of delta) {
      if ((blocked.get(k) ?? 0) + d < 0) return { ok: false, status: 400, code: 'M7/021', message: `Deficit of blocked stock for ${k}: ${-((blocked.get(k) ?? 0) + d)} PC` };
    }
    for (const [k, d] of delta) blocked.set(k, (blocked.get(k) ?? 0) + d);
    const doc: MatDoc = { MaterialDocument: String(nextDoc++), MaterialDocumentYear: String(new Date().getUTCFullYear()), PostingDate: String(b.PostingDate ?? ''), DocumentDate: String(b.DocumentDate ?? b.PostingDate ?? ''), GoodsMovementCode: '04', MaterialDocumentHeaderText: text, cancelled: false, items };
    docs.push(doc);
    if (text) base.countCreate(text);
    return { ok: true, doc };
  }

  const header = (d: MatDoc) => ({ MaterialDocument: d.MaterialDocument, MaterialDocumentYear: d.MaterialDocumentYear, PostingDate: d.PostingDate, DocumentDate: d.DocumentDate, GoodsMovementCode: d.GoodsMovementCode, MaterialDocumentHeaderText: d.MaterialDocumentHeaderText });
  const itemRow = (d: MatDoc, i: MatDocItem) => ({ MaterialDocumentYear: d.MaterialDocumentYear, MaterialDocument: d.MaterialDocument, ...i });
  /** A read of one entity set, held to its definition. */
  function list(res: http.ServerResponse, rows: Record<string, unknown>[], url: URL, set: typeof headerSet, say: (status: number, code: string, message: string) => void): boolean {
    for (const k of url.searchParams.keys()) if (!['$filter', '$select', '$top', '$skip', 'sap-client', 'sap-language', '$format'].includes(k)) return say(400, 'SY/530', `System query option ${k} is not supported`), true;
    const refused = queryProblem(set, url);
    if (refused) return say(refused.status, refused.code, refused.message), true;
    let out = rows;
    const filter = url.searchParams.get('$filter');
    if (filter) {
      try {
        out = out.filter(parseFilter(filter));
      } catch (e) {
        return say(400, 'SY/530', `Invalid $filter: ${(e as Error).message}`), true;
      }
    }
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    out = out.slice(skip, skip + Number(url.searchParams.get('$top') ?? 1000));
    const select = url.searchParams.get('$select');
    const fields = select ? select.split(',') : [...set.properties.keys()];
    sendJson(res, 200, { d: { results: out.map((r) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null]))) } });
    return true;
  }

  return {
    async handle(ctx: RequestCtx): Promise<boolean> {
      const { req, res, url } = ctx;
      const p = url.pathname.replace(/\/$/, '');
      if (!p.startsWith(MATDOC_PATH)) return false;
      const method = req.method ?? 'GET';
      const rest = p.slice(MATDOC_PATH.length);
      const say = (status: number, code: string, message: string, headers?: Record<string, string>) => sapFail(res, status, code, message, headers);
      if (rest === '/A_MaterialDocumentHeader' && method === 'POST') {
        let text = '';
        let op: 'hold.create' | 'hold.release' = 'hold.create';
        try {
          const b = JSON.parse(ctx.body) as { MaterialDocumentHeaderText?: unknown; to_MaterialDocumentItem?: unknown };
          text = String(b.MaterialDocumentHeaderText ?? '');
          const first = (Array.isArray(b.to_MaterialDocumentItem) ? b.to_MaterialDocumentItem[0] : (b.to_MaterialDocumentItem as { results?: unknown[] } | undefined)?.results?.[0]) as { GoodsMovementType?: unknown } | undefined;
          if (String(first?.GoodsMovementType) === '343') op = 'hold.release';
        } catch {
          /* create() answers the bad body */
        }
        ctx.log.references.push(text);
        const f = holdFaults(ctx, base.faults.take({ op, reference: text }), say);
        if (await f.before()) return true;
        const r = create(ctx.body);
        if (!r.ok) return say(r.status, r.code, r.message), true;
        ctx.log.committed = 1;
        if (await f.after()) return true;
        sendJson(res, 201, { d: { ...header(r.doc), to_MaterialDocumentItem: { results: r.doc.items } } });
        return true;
      }
      if (rest === '/A_MaterialDocumentHeader' && method === 'GET') return list(res, docs.map(header), url, headerSet, say);
      if (rest === '/A_MaterialDocumentItem' && method === 'GET') return list(res, docs.flatMap((d) => d.items.map((i) => itemRow(d, i))), url, itemSet, say);
      if (rest === '/Cancel' && method === 'POST') {
        const year = /^'(.*)'$/.exec(url.searchParams.get('MaterialDocumentYear') ?? '')?.[1];
        const no = /^'(.*)'$/.exec(url.searchParams.get('MaterialDocument') ?? '')?.[1];
        const d = docs.find((x) => x.MaterialDocument === no && x.MaterialDocumentYear === year);
        if (!d) return say(404, 'M7/064', `Material document ${no ?? '?'}/${year ?? '?'} does not exist`), true;
        if (d.cancelled) return say(400, 'M7/089', `Material document ${d.MaterialDocument} is already cancelled`), true;
        for (const it of d.items) {
          const k = stockKey(it);
          const back = (it.GoodsMovementType === '344' ? -1 : 1) * Number(it.QuantityInEntryUnit);
          if ((blocked.get(k) ?? 0) + back < 0) return say(400, 'M7/021', `Deficit of blocked stock for ${k}`), true;
        }
        for (const it of d.items) blocked.set(stockKey(it), (blocked.get(stockKey(it)) ?? 0) + (it.GoodsMovementType === '344' ? -1 : 1) * Number(it.QuantityInEntryUnit));
        d.cancelled = true;
        for (const it of d.items) it.GoodsMovementIsCancelled = true;
        const reversal: MatDoc = {
          ...d,
          MaterialDocument: String(nextDoc++),
          MaterialDocumentHeaderText: '',
          cancelled: false,
          items: d.items.map((it) => ({ ...it, GoodsMovementType: it.GoodsMovementType === '344' ? '345' : '344', GoodsMovementIsCancelled: false, ReversedMaterialDocumentYear: d.MaterialDocumentYear, ReversedMaterialDocument: d.MaterialDocument, ReversedMaterialDocumentItem: it.MaterialDocumentItem })),
        };
        docs.push(reversal);
        ctx.log.committed = 1;
        sendJson(res, 201, { d: header(reversal) });
        return true;
      }
      const one = /^\/A_MaterialDocumentHeader\(MaterialDocumentYear='([^']*)',MaterialDocument='([^']*)'\)$/.exec(rest);
      if (one && method === 'GET') {
        const d = docs.find((x) => x.MaterialDocumentYear === one[1] && x.MaterialDocument === one[2]);
        if (!d) return say(404, 'M7/064', 'Resource not found'), true;
        sendJson(res, 200, { d: { ...header(d), to_MaterialDocumentItem: { results: d.items } } });
        return true;
      }
      return false;
    },
    records: () => structuredClone(docs),
    reset() {
      docs = [];
      blocked.clear();
      nextDoc = 4_900_000_001;
    },
  };
}
