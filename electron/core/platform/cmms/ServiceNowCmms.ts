import { errResult, okResult } from '../../../../shared/result.ts';
import type { CaseStatus } from '../../../../shared/domain/maintenanceCase.ts';
import { outboxError } from '../erp/sapErrors.ts';
import type { OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { authFrom, exchange, readJson } from './cmmsHttp.ts';
import { CaseCreatePayload, CaseUpdatePayload, type CmmsConnector, type CmmsConnectorOptions, noteMarker, type RemoteCaseStatus } from './cmmsTypes.ts';

/** Priority 1…4 → impact/urgency under ServiceNow's default priority matrix (contracts §5). */
export const SN_IMPACT_URGENCY: Readonly<Record<1 | 2 | 3 | 4, { impact: string; urgency: string }>> = {
  1: { impact: '1', urgency: '1' },
  2: { impact: '1', urgency: '2' },
  3: { impact: '2', urgency: '2' },
  4: { impact: '3', urgency: '2' },
};

/** Incident states (1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled) → ours. */
export function mapServiceNowState(state: string, assignedTo: string): RemoteCaseStatus {
  const names: Record<string, string> = { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' };
  let status: CaseStatus = 'new';
  if (state === '2' || state === '3') status = 'in_progress';
  else if (state === '6' || state === '7' || state === '8') status = 'closed';
  else if (assignedTo) status = 'assigned';
  return { status, remote: `${state} ${names[state] ?? ''}`.trim() };
}

interface SnRecord {
  sys_id?: string;
  number?: string;
  state?: string;
  correlation_id?: string;
  assigned_to?: string | { value?: string };
  work_notes?: string;
}
const resultOf = (j: unknown): SnRecord[] => {
  const r = (j as { result?: unknown } | null)?.result;
  return Array.isArray(r) ? (r as SnRecord[]) : r && typeof r === 'object' ? [r as SnRecord] : [];
};
const assignee = (r: SnRecord): string => (typeof r.assigned_to === 'string' ? r.assigned_to : (r.assigned_to?.value ?? ''));

/** ServiceNow Table API: one record per request, correlation_id = our case id, work notes carry our note marker. */
export function createServiceNowCmms(o: CmmsConnectorOptions): CmmsConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const now = o.now ?? Date.now;
  const table = o.table ?? 'incident';
  const base = `${o.baseUrl.replace(/\/$/, '')}/api/now/table/${table}`;
  const SYSTEM = 'ServiceNow';

  async function headers() {
    const a = await authFrom(o.secrets, o.credentialsSecret, SYSTEM);
    if (!a.ok) return a;
    const i = a.value.indexOf(':');
    return okResult({ authorization: i > 0 ? `Basic ${Buffer.from(a.value).toString('base64')}` : `Bearer ${a.value}` });
  }

  async function sendOne(it: OutboxSendItem, h: Record<string, string>): Promise<SendOutcome> {
    if (it.kind === 'case.create') {
      const p = CaseCreatePayload.safeParse(it.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', `the case is incomplete: ${p.error.issues[0]?.message ?? 'invalid'}`) };
      const c = p.data;
      const body = {
        short_description: c.title,
        description: c.description,
        ...SN_IMPACT_URGENCY[c.priority],
        ...(c.assetId ? { cmdb_ci: c.assetId } : {}),
        correlation_id: c.caseId,
        correlation_display: 'PX-CONSOLE',
        u_machine_down: c.machineDown ? 'true' : 'false',
      };
      const x = await exchange(SYSTEM, { method: 'POST', url: `${base}?sysparm_fields=sys_id,number,state,correlation_id&sysparm_exclude_reference_link=true`, headers: h, body, timeoutMs }, now);
      if (!x.ok) return x.outcome;
      const rec = resultOf(x.json)[0];
      if (!rec?.sys_id) return { kind: 'unknown', error: outboxError('unknown', 'ServiceNow answered without a sys_id; reading back by correlation id') };
      return { kind: 'done', remoteKeys: { sys_id: rec.sys_id, number: rec.number ?? '', system: 'servicenow' } };
    }
    if (it.kind === 'case.update') {
      const p = CaseUpdatePayload.safeParse(it.payload);
      if (!p.success) return { kind: 'business', error: outboxError('business', 'the case note is incomplete') };
      const sysId = o.remoteKeysOf(p.data.caseId)?.sys_id;
      // The create goes first on the same ordering key; without its sys_id it has not arrived yet.
      if (!sysId) return { kind: 'transient', error: outboxError('transient', 'the case is not in ServiceNow yet; the note waits for it') };
      const x = await exchange(SYSTEM, { method: 'PATCH', url: `${base}/${encodeURIComponent(sysId)}?sysparm_fields=sys_id`, headers: h, body: { work_notes: `${noteMarker(p.data.updateId)} ${p.data.text}` }, timeoutMs }, now);
      if (!x.ok) return x.outcome;
      return { kind: 'done', remoteKeys: { sys_id: sysId, note: p.data.updateId } };
    }
    return { kind: 'config', error: outboxError('config', `the ServiceNow adapter does not send ${it.kind}`) };
  }

  return {
    system: 'servicenow',
    adapter: {
      target: 'cmms',
      label: 'CMMS (ServiceNow)',
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
        for (const it of items) {
          if (it.kind === 'case.create') {
            const q = new URLSearchParams({ sysparm_query: `correlation_id=${it.id}`, sysparm_fields: 'sys_id,number,state,correlation_id', sysparm_limit: '10' });
            const r = await readJson(SYSTEM, { url: `${base}?${q}`, headers: h.value, timeoutMs }, now);
            if (!r.ok) return errResult(r.error);
            found.set(it.id, resultOf(r.value).filter((x) => x.sys_id).map((x) => ({ remoteKeys: { sys_id: x.sys_id!, number: x.number ?? '', system: 'servicenow' } })));
          } else {
            const p = CaseUpdatePayload.safeParse(it.payload);
            const sysId = p.success ? o.remoteKeysOf(p.data.caseId)?.sys_id : undefined;
            if (!p.success || !sysId) {
              found.set(it.id, []);
              continue;
            }
            const r = await readJson(SYSTEM, { url: `${base}/${encodeURIComponent(sysId)}?sysparm_fields=sys_id,work_notes`, headers: h.value, timeoutMs }, now);
            if (!r.ok) return errResult(r.error);
            const notes = resultOf(r.value)[0]?.work_notes ?? '';
            const n = notes.split(noteMarker(p.data.updateId)).length - 1;
            found.set(it.id, Array.from({ length: n }, () => ({ remoteKeys: { sys_id: sysId, note: p.data.updateId } })));
          }
        }
        return okResult(found);
      },
    },
    async readStatus(refs) {
      const h = await headers();
      if (!h.ok) return errResult(h.error);
      const out = new Map<string, RemoteCaseStatus>();
      const byId = new Map(refs.filter((r) => r.remoteKeys.sys_id).map((r) => [r.remoteKeys.sys_id!, r.caseId]));
      const ids = [...byId.keys()];
      for (let i = 0; i < ids.length; i += 50) {
        const part = ids.slice(i, i + 50);
        const q = new URLSearchParams({ sysparm_query: `sys_idIN${part.join(',')}`, sysparm_fields: 'sys_id,state,assigned_to', sysparm_limit: String(part.length) });
        const r = await readJson(SYSTEM, { url: `${base}?${q}`, headers: h.value, timeoutMs }, now);
        if (!r.ok) return errResult(r.error);
        for (const rec of resultOf(r.value)) {
          const caseId = rec.sys_id ? byId.get(rec.sys_id) : undefined;
          if (caseId) out.set(caseId, mapServiceNowState(String(rec.state ?? '1'), assignee(rec)));
        }
      }
      return okResult(out);
    },
  };
}
