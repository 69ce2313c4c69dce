import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import type { OutboxSendItem, RemoteKeys } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { CmmsTarget } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';

const create = (id: string): OutboxSendItem => ({
  id,
  kind: 'case.create',
  orderingKey: `case:${id}`,
  firstSentAt: Date.now(),
  attempts: 1,
  payload: { caseId: id, plantId: 'demo', lineId: 'L1', lineName: 'Line 1', assetId: null, locationId: null, title: 'L1 faulted', description: 'evidence', priority: 2, machineDown: true, malfunctionStart: null, reportedBy: 'Paul', createdAt: new Date().toISOString() },
});
const note = (caseId: string, updateId: string): OutboxSendItem => ({ id: updateId, kind: 'case.update', orderingKey: `case:${caseId}`, firstSentAt: Date.now(), attempts: 1, payload: { caseId, updateId, text: 'Seal replaced' } });

async function rig(table: 'incident' | 'wm_order') {
  const sb = await startServiceNowSandbox();
  const keys = new Map<string, RemoteKeys>();
  const cfg = CmmsTarget.parse({ kind: 'servicenow', baseUrl: sb.url, credentialsSecret: 'c', table, timeoutSec: 5, settleSec: 0 });
  const c = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'console:demo' }), remoteKeysOf: (id) => keys.get(id) ?? null });
  return { sb, c, keys };
}
const auth = { authorization: `Basic ${Buffer.from('console:demo').toString('base64')}` };

describe('ServiceNow Table API contract', () => {
  it('a note that arrived is found by the read-back (journal fields need display values), so it is not sent twice', async () => {
    const { sb, c, keys } = await rig('incident');
    try {
      const caseId = crypto.randomUUID();
      const [made] = await c.adapter.send([create(caseId)]);
      expect(made?.kind).toBe('done');
      if (made?.kind !== 'done') return;
      keys.set(caseId, made.remoteKeys);
      const updateId = crypto.randomUUID();
      // The note is stored; had its answer been lost, this read-back would decide whether to send it again.
      const [sent] = await c.adapter.send([note(caseId, updateId)]);
      expect(sent?.kind).toBe('done');
      const rb = await c.adapter.readBack([note(caseId, updateId)]);
      expect(rb.ok).toBe(true);
      if (rb.ok) expect(rb.value.get(updateId)).toHaveLength(1);

      // The sandbox answers journal fields as the real Table API does.
      const sysId = made.remoteKeys.sys_id!;
      const get = async (q: string) => (await (await fetch(`${sb.url}/api/now/table/incident/${sysId}?sysparm_fields=work_notes,state&${q}`, { headers: auth })).json()) as { result: Record<string, unknown> };
      expect((await get('')).result).toEqual({ work_notes: '', state: '1' });
      expect(String((await get('sysparm_display_value=true')).result.work_notes)).toContain(`[PX:${updateId}] Seal replaced`);
      expect((await get('sysparm_display_value=true')).result.state).toBe('New');
      expect((await get('sysparm_display_value=all')).result.state).toEqual({ display_value: 'New', value: '1' });
    } finally {
      await sb.close();
    }
  });

  it('lists page with X-Total-Count and a Link header', async () => {
    const { sb, c } = await rig('incident');
    try {
      for (let i = 0; i < 5; i++) await c.adapter.send([create(crypto.randomUUID())]);
      const res = await fetch(`${sb.url}/api/now/table/incident?sysparm_limit=2&sysparm_offset=2&sysparm_fields=sys_id`, { headers: auth });
      expect(res.headers.get('x-total-count')).toBe('5');
      const link = res.headers.get('link') ?? '';
      expect(link.startsWith(`<${sb.url}/api/now/table/incident?`)).toBe(true);
      expect(link).toMatch(/sysparm_offset=4[^>]*>;rel="next"/);
      expect(link).toMatch(/sysparm_offset=0[^>]*>;rel="prev"/);
      expect(link).toMatch(/sysparm_offset=4[^>]*>;rel="last"/);
      expect(((await res.json()) as { result: unknown[] }).result).toHaveLength(2);
    } finally {
      await sb.close();
    }
  });

  it('wm_order states map by their documented labels; a table we cannot map is refused when the configuration loads', async () => {
    const { sb, c, keys } = await rig('wm_order');
    try {
      const caseId = crypto.randomUUID();
      const [made] = await c.adapter.send([create(caseId)]);
      if (made?.kind !== 'done') throw new Error('not created');
      keys.set(caseId, made.remoteKeys);
      expect(made.remoteKeys.number).toMatch(/^WO/);
      const status = async () => {
        const r = await c.readStatus([{ caseId, remoteKeys: made.remoteKeys }]);
        if (!r.ok) throw new Error(r.error.message);
        return r.value.get(caseId);
      };
      expect(await status()).toEqual({ status: 'new', remote: '16 Ready for Dispatch', technician: null });
      const setCase = (sb.admin as unknown as { setCase(ref: string, ch: Record<string, string>): boolean }).setCase;
      setCase(caseId, { status: 'assigned' });
      expect((await status())?.status).toBe('assigned');
      setCase(caseId, { status: 'in_progress' });
      expect(await status()).toEqual({ status: 'in_progress', remote: '19 Work in Progress', technician: 'Tess Technician' });
      setCase(caseId, { status: 'closed' });
      expect((await status())?.status).toBe('closed');
    } finally {
      await sb.close();
    }
    const bad = CmmsTarget.safeParse({ kind: 'servicenow', baseUrl: 'https://x.service-now.com', credentialsSecret: 'c', table: 'sn_eam_work_order' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.message).toMatch(/incident or wm_order/);
  });
});
