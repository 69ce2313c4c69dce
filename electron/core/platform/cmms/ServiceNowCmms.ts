import { msg } from '../../../../shared/i18n/index.ts';
import { errResult, okResult } from '../../../../shared/result.ts';
import type { CaseStatus } from '../../../../shared/domain/maintenanceCase.ts';
import { SERVICENOW_TABLES } from '../../../../shared/domain/plantConfig.ts';
import { outboxError } from '../erp/sapErrors.ts';
import type { OutboxError, OutboxSendItem, ReadBackHit, SendOutcome } from '../outbox/outboxTypes.ts';
import { authFrom, exchange, readJson } from './cmmsHttp.ts';
import type { CheckLine } from '../net/connectionCheck.ts';
import { CaseCreatePayload, CaseUpdatePayload, type CmmsConnector, type CmmsConnectorOptions, noteMarker, type RemoteCaseStatus } from './cmmsTypes.ts';

/** Priority 1…4 → impact/urgency under ServiceNow's default priority matrix (contracts §5). */
export const SN_IMPACT_URGENCY: Readonly<Record<1 | 2 | 3 | 4, { impact: string; urgency: string }>> = {
  1: { impact: '1', urgency: '1' },
  2: { impact: '1', urgency: '2' },
  3: { impact: '2', urgency: '2' },
  4: { impact: '3', urgency: '2' },
};

/**
 * The tables whose states we can map, and how. incident: the base system's state values (1 New,
 * 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled; docs "Incident states"). wm_order (Field
 * Service Management work order): the documented state labels (docs "Work order states"); the documentation
 * names no numeric values, so it is mapped by label, read with sysparm_display_value=all. Any other table is
 * refused when the plant configuration is loaded (CmmsTarget in plantConfig.ts), never guessed at.
 */
export const SN_TABLES = SERVICENOW_TABLES;

const INCIDENT: Readonly<Record<string, CaseStatus>> = { '1': 'new', '2': 'in_progress', '3': 'in_progress', '6': 'closed', '7': 'closed', '8': 'closed' };
const INCIDENT_LABEL: Readonly<Record<string, string>> = { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' };
const WM_ORDER: Readonly<Record<string, CaseStatus>> = {
  draft: 'new',
  'awaiting qualification': 'new',
  qualified: 'new',
  'ready for dispatch': 'new',
  assigned: 'assigned',
  accepted: 'assigned',
  'work in progress': 'in_progress',
  'closed complete': 'closed',
  'closed incomplete': 'closed',
  canceled: 'closed',
  cancelled: 'closed',
};

/** A record's state (stored value and display label) → ours; an assignee on a new record means assigned. */
export function mapServiceNowState(state: string, assignedTo: string, table: string = 'incident', label = ''): RemoteCaseStatus {
  let status: CaseStatus;
  let remote: string;
  if (table === 'wm_order') {
    status = WM_ORDER[label.trim().toLowerCase()] ?? 'new';
    remote = `${state} ${label}`.trim();
  } else {
    status = INCIDENT[state] ?? 'new';
    remote = `${state} ${label || INCIDENT_LABEL[state] || ''}`.trim();
  }
  if (status === 'new' && assignedTo) status = 'assigned';
  return { status, remote };
}

type DisplayPair = { display_value?: string; value?: string };
interface SnRecord {
  sys_id?: string | DisplayPair;
  number?: string;
  state?: string | DisplayPair;
  correlation_id?: string;
  assigned_to?: string | DisplayPair;
  work_notes?: string;
}
/** A field read with sysparm_display_value=all comes as { display_value, value }. */
const plain = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as DisplayPair).value ?? '') : '');
const label = (v: unknown): string => (v && typeof v === 'object' ? String((v as DisplayPair).display_value ?? '') : '');
const resultOf = (j: unknown): SnRecord[] => {
  const r = (j as { result?: unknown } | null)?.result;
  return Array.isArray(r) ? (r as SnRecord[]) : r && typeof r === 'object' ? [r as SnRecord] : [];
};
const assignee = (r: SnRecord): string => plain(r.assigned_to);

/** ServiceNow Table API: one record per request, correlation_id = our case id, work notes carry our note marker. */
export function createServiceNowCmms(o: CmmsConnectorOptions): CmmsConnector {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const now = o.now ?? Date.now;
  const table = o.table ?? 'incident';
  const base = `${o.baseUrl.replace(/\/$/, '')}/api/now/table/${table}`;
  const SYSTEM = 'ServiceNow';

  async function headers() {
    if (o.token) {
      const t = await o.token.authorization();
      if (!t.ok) return errResult(outboxError(t.error.config ? 'config' : 'transient', `ServiceNow sign-in: ${t.error.message}`));
      return okResult({ authorization: t.value });
    }
    const a = await authFrom(o.secrets, o.credentialsSecret, SYSTEM);
    if (!a.ok) return a;
    const i = a.value.indexOf(':');
    return okResult({ authorization: i > 0 ? `Basic ${Buffer.from(a.value).toString('base64')}` : `Bearer ${a.value}` });
  }

  /** A 401 with a token means it was revoked or has expired early: the next request fetches a new one. */
  function seen<T extends SendOutcome>(x: T): T {
    if (x.kind !== 'done' && x.error.httpStatus === 401) o.token?.invalidate();
    return x;
  }
  const failed = (e: OutboxError) => {
    if (e.httpStatus === 401) o.token?.invalidate();
    return errResult(e);
  };

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
      if (!rec || !plain(rec.sys_id)) return { kind: 'unknown', error: outboxError('unknown', 'ServiceNow answered without a sys_id; reading back by correlation id') };
      return { kind: 'done', remoteKeys: { sys_id: plain(rec.sys_id), number: rec.number ?? '', system: 'servicenow' } };
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
        if (!h.ok) return items.map(() => (h.error.class === 'transient' ? { kind: 'transient', error: h.error } : { kind: 'config', error: h.error }));
        const out: SendOutcome[] = [];
        for (const it of items) out.push(seen(await sendOne(it, h.value)));
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
            if (!r.ok) return failed(r.error);
            found.set(it.id, resultOf(r.value).filter((x) => plain(x.sys_id)).map((x) => ({ remoteKeys: { sys_id: plain(x.sys_id), number: x.number ?? '', system: 'servicenow' } })));
          } else {
            const p = CaseUpdatePayload.safeParse(it.payload);
            const sysId = p.success ? o.remoteKeysOf(p.data.caseId)?.sys_id : undefined;
            if (!p.success || !sysId) {
              found.set(it.id, []);
              continue;
            }
            // Journal fields (work_notes) have no stored value on the record: without display values the
            // Table API answers "" and a note that did arrive would look missing and be sent again.
            const q = new URLSearchParams({ sysparm_fields: 'sys_id,work_notes', sysparm_display_value: 'true', sysparm_exclude_reference_link: 'true' });
            const r = await readJson(SYSTEM, { url: `${base}/${encodeURIComponent(sysId)}?${q}`, headers: h.value, timeoutMs }, now);
            if (!r.ok) return failed(r.error);
            const notes = resultOf(r.value)[0]?.work_notes ?? '';
            const n = notes.split(noteMarker(p.data.updateId)).length - 1;
            found.set(it.id, Array.from({ length: n }, () => ({ remoteKeys: { sys_id: sysId, note: p.data.updateId } })));
          }
        }
        return okResult(found);
      },
    },
    async check(): Promise<CheckLine[]> {
      const h = await headers();
      if (!h.ok) return [{ step: 'signIn', ok: false, text: h.error.message }];
      // A query for a correlation id nobody has: the read-back's own query, which must come back empty.
      const q = new URLSearchParams({ sysparm_query: 'correlation_id=00000000-0000-0000-0000-000000000000', sysparm_fields: 'sys_id,correlation_id,state,work_notes', sysparm_limit: '1', sysparm_display_value: 'true', sysparm_exclude_reference_link: 'true' });
      const x = await exchange(SYSTEM, { method: 'GET', url: `${base}?${q}`, headers: h.value, timeoutMs }, now);
      const how = o.token ? 'with the OAuth client' : 'with the stored account';
      const signedIn = msg('check.servicenowSignedIn', { how: o.token ? 'oauth' : 'account' });
      if (!x.ok) {
        const e = x.outcome.kind === 'done' ? null : x.outcome.error;
        if (e?.httpStatus === 401) {
          o.token?.invalidate();
          return [{ step: 'signIn', ok: false, text: `ServiceNow refused the sign-in ${how} (401); check the account in settings`, msg: msg('check.servicenowSignInRefused', { how: o.token ? 'oauth' : 'account' }) }];
        }
        if (e?.httpStatus === 403) return [{ step: 'signIn', ok: true, text: `Signed in ${how}`, msg: signedIn }, { step: 'definition', ok: false, text: `The account may not read the ${table} table (403); it needs read and write on ${table}`, msg: msg('check.servicenowTableForbidden', { table }) }];
        if (e?.httpStatus === 400 || e?.httpStatus === 404) return [{ step: 'signIn', ok: true, text: `Signed in ${how}`, msg: signedIn }, { step: 'definition', ok: false, text: `ServiceNow does not offer the ${table} table here (${e.message})` }];
        return [{ step: 'signIn', ok: false, text: e?.message ?? 'no answer' }];
      }
      const rows = resultOf(x.json);
      return [
        { step: 'signIn', ok: true, text: `Signed in ${how}`, msg: signedIn },
        { step: 'definition', ok: true, text: `The ${table} table can be read${table === 'wm_order' ? ' (states mapped by their labels)' : ''}`, msg: msg('check.servicenowTableOk', { table }) },
        rows.length === 0
          ? { step: 'readBack', ok: true, text: 'Cases are found again by correlation id: a query for an id nobody has returns nothing', msg: msg('check.servicenowReadBackOk') }
          : { step: 'readBack', ok: false, text: 'ServiceNow ignored the correlation_id condition (it returned records for an id nobody has), so the console cannot tell whether a case arrived; ask the ServiceNow administrator to check the field and glide.invalid_query.returns_no_rows', msg: msg('check.servicenowReadBackIgnored') },
      ];
    },
    async readStatus(refs) {
      const h = await headers();
      if (!h.ok) return errResult(h.error);
      const out = new Map<string, RemoteCaseStatus>();
      const byId = new Map(refs.filter((r) => r.remoteKeys.sys_id).map((r) => [r.remoteKeys.sys_id!, r.caseId]));
      const ids = [...byId.keys()];
      for (let i = 0; i < ids.length; i += 50) {
        const part = ids.slice(i, i + 50);
        const q = new URLSearchParams({ sysparm_query: `sys_idIN${part.join(',')}`, sysparm_fields: 'sys_id,state,assigned_to', sysparm_limit: String(part.length), sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true' });
        const r = await readJson(SYSTEM, { url: `${base}?${q}`, headers: h.value, timeoutMs }, now);
        if (!r.ok) return failed(r.error);
        for (const rec of resultOf(r.value)) {
          const sid = plain(rec.sys_id);
          const caseId = sid ? byId.get(sid) : undefined;
          // assigned_to read with display values (sysparm_display_value=all): the technician's name, not the sys_id.
          if (caseId) out.set(caseId, { ...mapServiceNowState(plain(rec.state) || '1', assignee(rec), table, label(rec.state)), technician: assignee(rec) ? label(rec.assigned_to) || assignee(rec) : null });
        }
      }
      return okResult(out);
    },
  };
}
