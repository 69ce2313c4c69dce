import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';

const caseItem = (id: string): OutboxSendItem => ({
  id,
  kind: 'case.create',
  orderingKey: 'asset:L1/8901',
  firstSentAt: Date.now(),
  attempts: 1,
  payload: { caseId: id, plantId: 'demo', lineId: 'L1', lineName: 'Line 1', assetId: '8901', locationId: null, title: 'L1 faulted', description: 'evidence', priority: 1, machineDown: true, malfunctionStart: null, reportedBy: 'Paul', createdAt: new Date().toISOString() },
});

describe.each(['servicenow', 'maintainx'] as const)('%s adapter against its sandbox', (kind) => {
  it('429 + Retry-After is transient with the wait; a dropped answer is unknown and the read-back finds exactly one record; bad credentials park', async () => {
    const sb = kind === 'servicenow' ? await startServiceNowSandbox() : await startMaintainXSandbox();
    const cfg = { kind, baseUrl: sb.url, credentialsSecret: 'c', table: 'incident', assets: {}, timeoutSec: 5, settleSec: 0, pollSec: 5 } as const;
    const good = createCmmsConnector(cfg, { secrets: memorySecrets({ c: kind === 'servicenow' ? 'console:demo' : 'demo-key' }), remoteKeysOf: () => null });
    const bad = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'wrong' }), remoteKeysOf: () => null });
    try {
      const id1 = crypto.randomUUID();
      sb.admin.addFault({ match: { op: 'case.create' }, action: { kind: 'rateLimit', retryAfterS: 30 } });
      const [rl] = await good.adapter.send([caseItem(id1)]);
      expect(rl).toMatchObject({ kind: 'transient', retryAfterMs: 30_000, error: { httpStatus: 429 } });
      expect(sb.admin.records('cases')).toHaveLength(0);

      sb.admin.addFault({ match: { op: 'case.create', reference: id1 }, action: { kind: 'resetAfterCommit' } });
      const [dropped] = await good.adapter.send([caseItem(id1)]);
      expect(dropped?.kind).toBe('unknown');
      const rb = await good.adapter.readBack([caseItem(id1), caseItem(crypto.randomUUID())]);
      expect(rb.ok).toBe(true);
      if (!rb.ok) return;
      const hits = [...rb.value.values()].map((h) => h.length);
      expect(hits).toEqual([1, 0]);
      expect(sb.admin.counts().duplicates).toEqual([]);

      const [parked] = await bad.adapter.send([caseItem(crypto.randomUUID())]);
      expect(parked?.kind).toBe('config');
    } finally {
      await sb.close();
    }
  });
});
