import { msg } from '../../../../shared/i18n/index.ts';
import { errResult, okResult } from '../../../../shared/result.ts';
import type { CaseStatus } from '../../../../shared/domain/maintenanceCase.ts';
import { outboxError } from '../erp/sapErrors.ts';
import type { OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { authFrom, exchange, readJson } from './cmmsHttp.ts';
import type { CheckLine } from '../net/connectionCheck.ts';
import { CaseCreatePayload, CaseUpdatePayload, type CmmsConnector, type CmmsConnectorOptions, noteMarker, type RemoteCaseStatus } from './cmmsTypes.ts';

export const MX_PRIORITY: Readonly<Record<1 | 2 | 3 | 4, string>> = { 1: 'HIGH', 2: 'MEDIUM', 3: 'LOW', 4: 'NONE' };

/**
 * Work-order status → ours. The published OpenAPI description (https://api.getmaintainx.com/v1/openapi.json,
 * see docs/cmms.md) names OPEN, IN_PROGRESS, ON_HOLD, DONE, CANCELED, SKIPPED; an open order with an assignee
 * (user or team) counts as assigned.
 */
export function mapMaintainXStatus(status: string, assignees: number): RemoteCaseStatus {
  let s: CaseStatus = 'new';
  if (status === 'IN_PROGRESS' || status === 'ON_HOLD') s = 'in_progress';
  else if (status === 'DONE' || status === 'CANCELED' || status === 'SKIPPED') s = 'closed';
  else if (assignees > 0) s = 'assigned';
  return { status: s, remote: status };
}

/** GET /workorders/{id} → { workOrder }; list items carry neither externalData nor assigneeIds. */
interface MxWorkOrder {
  id?: number;
  status?: string;
  assigneeIds?: unknown[];
  teamIds?: unknown[];
  assignees?: unknown[];
  createdAt?: string;
  externalData?: { caseId?: unknown } | null;
}
const assigneeCount = (w: MxWorkOrder): number => Math.max(Array.isArray(w.assignees) ? w.assignees.length : 0, (Array.isArray(w.assigneeIds) ? w.assigneeIds.length : 0) + (Array.isArray(w.teamIds) ? w.teamIds.length : 0));
const MAX_PAGES = 50;

/**
 * MaintainX REST (field names from the published OpenAPI description): externalData.caseId carries our
 * case id. The list cannot filter on it and its items do not carry externalData, so a read-back lists the
 * asset's work orders newest first (`assets`, `sort=-createdAt`, cursor paging by `nextCursor`) back to
 * five minutes before the first send and reads each candidate by id to compare externalData.caseId.
 */
export function createMaintainXCmms(o: CmmsConnectorOptions): CmmsConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const now = o.now ?? Date.now;
  const base = `${o.baseUrl.replace(/\/$/, '')}/v1`;
  const SYSTEM = 'MaintainX';

  async function headers() {
    const a = await authFrom(o.secrets, o.credentialsSecret, SYSTEM);
    if (!a.ok) return a;
    return okResult({ authorization: `Bearer ${a.value}`, ...(o.organizationId ? { 'x-organization-id': o.organizationId } : {}) });
  }

  /** Names of users and teams by "USER:501" / "TEAM:77", kept for the connector's life (people rarely rename). */
  const names = new Map<string, string>();
  async function nameOf(kind: 'USER' | 'TEAM', id: string, h: Record<string, string>): Promise<string> {
    const key = `${kind}:${id}`;
    const known = names.get(key);
    if (known) return known;
    // GET /users/{id} → { user: { firstName, lastName } }; GET /teams/{id} → { team: { name } } (published OpenAPI).
    const r = await readJson(SYSTEM, { url: `${base}/${kind === 'USER' ? 'users' : 'teams'}/${encodeURIComponent(id)}`, headers: h, timeoutMs }, now);
    const v = (r.ok ? r.value : null) as { user?: { firstName?: unknown; lastName?: unknown }; team?: { name?: unknown } } | null;
    const name = kind === 'USER' ? [v?.user?.firstName, v?.user?.lastName].filter((x) => typeof x === 'string' && x).join(' ') : typeof v?.team?.name === 'string' ? v.team.name : '';
    if (!name) return kind === 'USER' ? `MaintainX user ${id}` : `MaintainX team ${id}`; // not kept: asked again next time
    names.set(key, name);
    return name;
  }
  /** The work order's assignees by name, users first; null when nobody is assigned. */
  async function technicianOf(w: MxWorkOrder, h: Record<string, string>): Promise<string | null> {
    const listed = Array.isArray(w.assignees) ? (w.assignees as { type?: unknown; id?: unknown }[]).filter((a) => (a.type === 'USER' || a.type === 'TEAM') && a.id !== undefined && a.id !== null) : [];
    const who: { type: 'USER' | 'TEAM'; id: string }[] =
      listed.length > 0
        ? listed.map((a) => ({ type: a.type as 'USER' | 'TEAM', id: String(a.id) }))
        : [...(Array.isArray(w.assigneeIds) ? w.assigneeIds : []).map((id) => ({ type: 'USER' as const, id: String(id) })), ...(Array.isArray(w.teamIds) ? w.teamIds : []).map((id) => ({ type: 'TEAM' as const, id: String(id) }))];
    if (who.length === 0) return null;
    who.sort((a, b) => (a.type === b.type ? 0 : a.type === 'USER' ? -1 : 1));
    const out: string[] = [];
    for (const x of who) out.push(await nameOf(x.type, x.id, h));
    return out.join(', ');
  }

  async function sendOne(it: OutboxSendItem, h: Record<string, string>): Promise<SendOutcome> {
    if (it.kind === 'case.create') {
      const p = CaseCreatePayload.safeParse(it.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the case is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      const c = p.data;
      const assetId = c.assetId && /^\d+$/.test(c.assetId) ? Number(c.assetId) : undefined;
      const locationId = c.locationId && /^\d+$/.test(c.locationId) ? Number(c.locationId) : undefined;
      const body = {
        title: c.title,
        description: c.description,
        priority: MX_PRIORITY[c.priority],
        ...(assetId !== undefined ? { assetId } : {}),
        ...(locationId !== undefined ? { locationId } : {}),
        // extraFields keys must be custom-field labels the organisation has defined; we define none, so
        // line and machine-down travel in the description the case text already carries.
        externalData: { source: 'px-console', caseId: c.caseId },
      };
      const x = await exchange(SYSTEM, { method: 'POST', url: `${base}/workorders?skipWebhook=true`, headers: h, body, timeoutMs }, now);
      if (!x.ok) return x.outcome;
      const id = (x.json as MxWorkOrder | null)?.id;
      if (typeof id !== 'number') return { kind: 'unknown', error: outboxError('unknown', 'MaintainX answered without an id; reading back') };
      return { kind: 'done', remoteKeys: { id: String(id), system: 'maintainx', ...(assetId !== undefined ? { assetId: String(assetId) } : {}) } };
    }
    if (it.kind === 'case.update') {
      const p = CaseUpdatePayload.safeParse(it.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', 'the case note is incomplete') };
      const id = o.remoteKeysOf(p.data.caseId)?.id;
      if (!id) return { kind: 'transient', error: outboxError('transient', 'the case is not in MaintainX yet; the note waits for it') };
      const x = await exchange(SYSTEM, { method: 'POST', url: `${base}/workorders/${encodeURIComponent(id)}/comments`, headers: h, body: { content: `${noteMarker(p.data.updateId)} ${p.data.text}` }, timeoutMs }, now);
      if (!x.ok) return x.outcome;
      return { kind: 'done', remoteKeys: { id, note: p.data.updateId } };
    }
    return { kind: 'config', error: outboxError('config', `the MaintainX adapter does not send ${it.kind}`) };
  }

  /** Work orders newest first, back to `since`; each candidate read by id and matched on externalData.caseId. */
  async function findByCaseId(caseIds: ReadonlySet<string>, assetId: string | null, since: number, h: Record<string, string>) {
    const hits = new Map<string, ReadBackHit[]>();
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({ limit: '100', sort: '-createdAt', ...(assetId ? { assets: assetId } : {}), ...(cursor ? { cursor } : {}) });
      const r = await readJson(SYSTEM, { url: `${base}/workorders?${q}`, headers: h, timeoutMs }, now);
      if (!r.ok) return errResult(r.error);
      const body = (r.value ?? {}) as { workOrders?: MxWorkOrder[]; nextCursor?: string | null };
      let older = false;
      for (const item of body.workOrders ?? []) {
        if (item.createdAt && Date.parse(item.createdAt) < since) {
          older = true;
          continue;
        }
        if (typeof item.id !== 'number') continue;
        const one = await readJson(SYSTEM, { url: `${base}/workorders/${item.id}`, headers: h, timeoutMs }, now);
        if (!one.ok) return errResult(one.error);
        const w = ((one.value ?? {}) as { workOrder?: MxWorkOrder }).workOrder;
        const ref = typeof w?.externalData?.caseId === 'string' ? w.externalData.caseId.toLowerCase() : null;
        if (ref && caseIds.has(ref)) hits.set(ref, [...(hits.get(ref) ?? []), { remoteKeys: { id: String(item.id), system: 'maintainx' } }]);
      }
      cursor = body.nextCursor ?? null;
      if (!cursor || older) break;
    }
    return okResult(hits);
  }

  /** Every comment of a work order, following nextCursor. */
  async function comments(id: string, h: Record<string, string>) {
    const all: { content?: unknown }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
      const r = await readJson(SYSTEM, { url: `${base}/workorders/${encodeURIComponent(id)}/comments?${q}`, headers: h, timeoutMs }, now);
      if (!r.ok) return errResult(r.error);
      const body = (r.value ?? {}) as { comments?: { content?: unknown }[]; nextCursor?: string | null };
      all.push(...(body.comments ?? []));
      cursor = body.nextCursor ?? null;
      if (!cursor) break;
    }
    return okResult(all);
  }

  return {
    system: 'maintainx',
    adapter: {
      target: 'cmms',
      label: 'CMMS (MaintainX)',
      kinds: ['case.create', 'case.update'],
      batchSize: 1,
      minKeyGapMs: 0,
      settleMs: o.settleMs ?? 30_000,
      async send(items) {
        const h = await headers();
        if (!h.ok) return items.map(() => ({ kind: 'config', error: h.error }));
        const out: SendOutcome[] = [];
        for (const it of items) out.push(await sendOne(it, h.value));
        return out;
      },
      async readBack(items) {
        const h = await headers();
        if (!h.ok) return errResult(h.error);
        const found = new Map<string, ReadBackHit[]>();
        const creates = items.filter((it) => it.kind === 'case.create');
        // One listing per asset covers every create of that asset in this read-back.
        const byAsset = new Map<string | null, typeof creates>();
        for (const it of creates) {
          const p = CaseCreatePayload.safeParse(it.payload);
          const asset = p.success && p.data.assetId && /^\d+$/.test(p.data.assetId) ? p.data.assetId : null;
          byAsset.set(asset, [...(byAsset.get(asset) ?? []), it]);
        }
        for (const [asset, group] of byAsset) {
          const since = Math.min(...group.map((it) => it.firstSentAt)) - 5 * 60_000;
          const r = await findByCaseId(new Set(group.map((it) => it.id.toLowerCase())), asset, since, h.value);
          if (!r.ok) return errResult(r.error);
          for (const it of group) found.set(it.id, r.value.get(it.id.toLowerCase()) ?? []);
        }
        for (const it of items.filter((x) => x.kind === 'case.update')) {
          const p = CaseUpdatePayload.safeParse(it.payload);
          const id = p.success ? o.remoteKeysOf(p.data.caseId)?.id : undefined;
          if (!p.success || !id) {
            found.set(it.id, []);
            continue;
          }
          const r = await comments(id, h.value);
          if (!r.ok) return errResult(r.error);
          const n = r.value.filter((c) => typeof c.content === 'string' && c.content.includes(noteMarker(p.data.updateId))).length;
          found.set(it.id, Array.from({ length: n }, () => ({ remoteKeys: { id, note: p.data.updateId } })));
        }
        return okResult(found);
      },
    },
    async check(): Promise<CheckLine[]> {
      const h = await headers();
      if (!h.ok) return [{ step: 'signIn', ok: false, text: h.error.message }];
      const x = await exchange(SYSTEM, { method: 'GET', url: `${base}/workorders?limit=1&sort=-createdAt`, headers: h.value, timeoutMs }, now);
      if (!x.ok) {
        const e = x.outcome.kind === 'done' ? null : x.outcome.error;
        if (e?.httpStatus === 401) return [{ step: 'signIn', ok: false, text: 'MaintainX refused the API key (401); enter a key from Settings > Integrations > API Keys', msg: msg('check.maintainxKeyRefused') }];
        if (e?.httpStatus === 400 || e?.httpStatus === 403) return [{ step: 'signIn', ok: false, text: `MaintainX refused the request: ${e.message}${o.organizationId ? '' : ' (a key for several organisations also needs organizationId)'}` }];
        return [{ step: 'signIn', ok: false, text: e?.message ?? 'no answer' }];
      }
      const list = (x.json ?? {}) as { workOrders?: MxWorkOrder[] };
      const lines: CheckLine[] = [{ step: 'signIn', ok: true, text: `Signed in with the API key${o.organizationId ? ` for organisation ${o.organizationId}` : ''}`, msg: msg('check.signedInApiKey') }];
      if (!Array.isArray(list.workOrders)) return [...lines, { step: 'definition', ok: false, text: 'The answer has no workOrders list: this address is not the MaintainX REST API (…/v1)' }];
      lines.push({ step: 'definition', ok: true, text: 'Work orders can be listed', msg: msg('check.maintainxDefinitionOk') });
      const first = list.workOrders[0]?.id;
      if (typeof first !== 'number') return [...lines, { step: 'readBack', ok: null, text: 'No work order yet to try the read-back on; it is tried again at the next check', msg: msg('check.maintainxNoWorkOrder') }];
      const one = await readJson(SYSTEM, { url: `${base}/workorders/${first}`, headers: h.value, timeoutMs }, now);
      const w = one.ok ? ((one.value ?? {}) as { workOrder?: MxWorkOrder }).workOrder : undefined;
      lines.push(w && typeof w.status === 'string' ? { step: 'readBack', ok: true, text: 'A work order can be read by id with its status and external data (the read-back compares externalData.caseId)', msg: msg('check.maintainxReadBackOk') } : { step: 'readBack', ok: false, text: `Reading a work order by id did not give { workOrder }${one.ok ? '' : `: ${one.error.message}`}` });
      return lines;
    },
    async readStatus(refs) {
      const h = await headers();
      if (!h.ok) return errResult(h.error);
      const out = new Map<string, RemoteCaseStatus>();
      for (const ref of refs) {
        const id = ref.remoteKeys.id;
        if (!id) continue;
        // expand=assignees: the published description says the assignees come "expand with query parameter".
        const r = await readJson(SYSTEM, { url: `${base}/workorders/${encodeURIComponent(id)}?expand=assignees`, headers: h.value, timeoutMs }, now);
        if (!r.ok) return errResult(r.error);
        const w = ((r.value ?? {}) as { workOrder?: MxWorkOrder }).workOrder;
        if (!w?.status) return errResult(outboxError('unknown', `MaintainX answered work order ${id} without a status`));
        out.set(ref.caseId, { ...mapMaintainXStatus(w.status, assigneeCount(w)), technician: await technicianOf(w, h.value) });
      }
      return okResult(out);
    },
  };
}
