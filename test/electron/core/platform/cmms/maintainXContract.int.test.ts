import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import type { OutboxSendItem, RemoteKeys } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { MAINTAINX_OPENAPI, startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { CmmsTarget } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';

const create = (id: string, assetId: string | null = '8901'): OutboxSendItem => ({
  id,
  kind: 'case.create',
  orderingKey: `case:${id}`,
  firstSentAt: Date.now(),
  attempts: 1,
  payload: { caseId: id, plantId: 'demo', lineId: 'L1', lineName: 'Line 1', assetId, locationId: null, title: 'L1 faulted', description: 'evidence', priority: 2, machineDown: true, malfunctionStart: null, reportedBy: 'Paul', createdAt: new Date().toISOString() },
});
const note = (caseId: string, updateId: string, text = 'Seal replaced'): OutboxSendItem => ({ id: updateId, kind: 'case.update', orderingKey: `case:${caseId}`, firstSentAt: Date.now(), attempts: 1, payload: { caseId, updateId, text } });
const auth = { authorization: 'Bearer demo-key', 'content-type': 'application/json' };

async function rig() {
  const sb = await startMaintainXSandbox();
  const keys = new Map<string, RemoteKeys>();
  const cfg = CmmsTarget.parse({ kind: 'maintainx', baseUrl: sb.url, credentialsSecret: 'c', timeoutSec: 5, settleSec: 0 });
  const c = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'demo-key' }), remoteKeysOf: (id) => keys.get(id) ?? null });
  return { sb, c, keys };
}

describe('MaintainX REST contract (published OpenAPI description)', () => {
  it('the sandbox is built on the published description and says where it comes from', () => {
    expect(MAINTAINX_OPENAPI['x-source'].published).toContain('https://api.getmaintainx.com/v1/openapi.json');
    expect(Object.keys(MAINTAINX_OPENAPI.paths)).toContain('/workorders/{id}/comments');
  });

  it('refuses what the description does not have: a misspelt body field or query parameter', async () => {
    const { sb } = await rig();
    try {
      const bad = await fetch(`${sb.url}/v1/workorders`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'x', assigneeIds: [1] }) });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ errors: [{ error: 'is not a property of this object', fieldPath: 'assigneeIds' }] });
      const badQ = await fetch(`${sb.url}/v1/workorders?assetId=8901`, { headers: auth });
      expect(badQ.status).toBe(400);
      const badStatus = await fetch(`${sb.url}/v1/workorders?statuses=COMPLETED`, { headers: auth });
      expect(badStatus.status).toBe(400);
    } finally {
      await sb.close();
    }
  });

  it('status is read from { workOrder } with the described status names (DONE, CANCELED → closed)', async () => {
    const { sb, c } = await rig();
    try {
      const caseId = crypto.randomUUID();
      const [made] = await c.adapter.send([create(caseId)]);
      if (made?.kind !== 'done') throw new Error(JSON.stringify(made));
      const status = async () => {
        const r = await c.readStatus([{ caseId, remoteKeys: made.remoteKeys }]);
        if (!r.ok) throw new Error(r.error.message);
        return r.value.get(caseId)?.status;
      };
      expect(await status()).toBe('new');
      const id = made.remoteKeys.id!;
      await fetch(`${sb.url}/v1/workorders/${id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ assignees: [{ type: 'TEAM', id: 7 }] }) });
      expect(await status()).toBe('assigned');
      await fetch(`${sb.url}/v1/workorders/${id}/status`, { method: 'PATCH', headers: auth, body: JSON.stringify({ status: 'IN_PROGRESS' }) });
      expect(await status()).toBe('in_progress');
      await fetch(`${sb.url}/v1/workorders/${id}/status`, { method: 'PATCH', headers: auth, body: JSON.stringify({ status: 'DONE' }) });
      expect(await status()).toBe('closed');
    } finally {
      await sb.close();
    }
  });

  it('read-back goes beyond the first page: a case behind 120 newer work orders, a note behind 210 comments', async () => {
    const { sb, c, keys } = await rig();
    try {
      const caseId = crypto.randomUUID();
      const [made] = await c.adapter.send([create(caseId)]);
      if (made?.kind !== 'done') throw new Error(JSON.stringify(made));
      keys.set(caseId, made.remoteKeys);
      for (let i = 0; i < 120; i++) await fetch(`${sb.url}/v1/workorders`, { method: 'POST', headers: auth, body: JSON.stringify({ title: `other ${i}`, assetId: 8901 }) });
      const rb = await c.adapter.readBack([create(caseId)]);
      expect(rb.ok && rb.value.get(caseId)).toHaveLength(1);

      const updateId = crypto.randomUUID();
      const [sent] = await c.adapter.send([note(caseId, updateId)]);
      expect(sent?.kind).toBe('done');
      for (let i = 0; i < 210; i++) await fetch(`${sb.url}/v1/workorders/${made.remoteKeys.id}/comments`, { method: 'POST', headers: auth, body: JSON.stringify({ content: `later ${i}` }) });
      // Comments come oldest first, 200 at most per page: ours is on the first page, and a missing one must be searched to the last.
      const other = crypto.randomUUID();
      await fetch(`${sb.url}/v1/workorders/${made.remoteKeys.id}/comments`, { method: 'POST', headers: auth, body: JSON.stringify({ content: `[PX:${other}] late note` }) });
      const nb = await c.adapter.readBack([note(caseId, updateId), note(caseId, other)]);
      expect(nb.ok).toBe(true);
      if (nb.ok) expect([nb.value.get(updateId)?.length, nb.value.get(other)?.length]).toEqual([1, 1]);
    } finally {
      await sb.close();
    }
  }, 60_000);
});
