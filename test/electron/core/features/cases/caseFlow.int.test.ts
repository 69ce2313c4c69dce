import type { Actor } from '../../../../../shared/domain/actor.ts';
import { startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { caseRig } from './caseFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const paul: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] };

const downtime = (lineId: string) => ({ key: `downtime:${lineId}`, source: 'downtime' as const, lineId, assetId: null, priority: 2 as const, title: `${lineId}: faulted, stopped too long`, titleMsg: { key: 'alerts.downtimeTitle', params: { line: lineId, state: 'faulted' } }, detail: 'Faulted since …', suppressed: false });

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(['servicenow', 'maintainx'] as const)('cases through the outbox to %s', (kind) => {
  it('one case with the evidence; a repeated stop adds a note to it; the remote status comes back; all audited', async () => {
    const sb = kind === 'servicenow' ? await startServiceNowSandbox() : await startMaintainXSandbox();
    const rig = caseRig(tmp.dir, { kind, baseUrl: sb.url, credential: kind === 'servicenow' ? 'console:demo' : 'demo-key' });
    try {
      const id = rig.alerts.assert(downtime('L1'));
      const r = rig.cases.raise({ alertId: id, note: 'Star wheel jams at the infeed' }, paul);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.mode).toBe('created');
      await until(() => sb.admin.records('cases').length === 1);
      await rig.hub.whenIdle();
      rig.cases.syncKeys();
      const rec = sb.admin.records('cases')[0] as Record<string, unknown>;
      const text = String(rec.description);
      expect(text).toContain('Star wheel jams at the infeed');
      expect(text).toContain('[P2] L1: faulted, stopped too long');
      expect(text).toMatch(/Shift: |Line: /);
      // Issue 18: the item keeps the alert title's message for the Outbox screen (the reader's language); the CMMS gets the English title only.
      const payloadOf = (kind: string) => (rig.db.prepare('SELECT p.payload FROM outbox o JOIN outbox_payload p ON p.seq = o.seq WHERE o.kind = ? ORDER BY o.seq DESC LIMIT 1').get(kind) as { payload: string } | undefined)?.payload ?? '{}';
      expect(JSON.parse(payloadOf('case.create'))).toMatchObject({ title: 'L1: faulted, stopped too long', titleMsg: { key: 'alerts.downtimeTitle', params: { line: 'L1', state: 'faulted' } } });
      expect(JSON.stringify(rec)).not.toContain('downtimeTitle');
      if (kind === 'servicenow') expect(rec.correlation_id).toBe(r.value.caseId);
      else expect(rec.externalData).toEqual({ source: 'px-console', caseId: r.value.caseId });

      // The line stops again: same asset, open case → a note on it, not a second case.
      rig.alerts.clear('downtime:L1');
      rig.alerts.acknowledge([id], paul);
      const again = rig.alerts.assert(downtime('L1'));
      expect(again).not.toBe(id);
      await until(async () => {
        await rig.hub.whenIdle();
        return rig.cases.get(r.value.caseId)!.notes.length === 1 && (rig.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'case.update' AND state = 'done'").get() as { n: number }).n === 1;
      });
      expect(sb.admin.records('cases')).toHaveLength(1);
      expect(JSON.parse(payloadOf('case.update'))).toMatchObject({ repeatedStop: { lineId: 'L1', title: 'L1: faulted, stopped too long', titleMsg: { key: 'alerts.downtimeTitle' } } });
      expect(rig.cases.get(r.value.caseId)!.case.alertIds).toEqual([id, again].sort((a, b) => a - b));
      expect(sb.admin.counts().duplicates).toEqual([]);

      // A technician starts work; the poll maps it to in progress.
      (sb.admin as unknown as { setCase(ref: string, c: { status: string }): boolean }).setCase(r.value.caseId, { status: 'in_progress' });
      expect(await rig.cases.pollStatus()).toBe(1);
      expect(rig.cases.get(r.value.caseId)!.case.status).toBe('in_progress');
      (sb.admin as unknown as { setCase(ref: string, c: { status: string }): boolean }).setCase(r.value.caseId, { status: 'closed' });
      await rig.cases.pollStatus();
      expect(rig.cases.get(r.value.caseId)!.case.status).toBe('closed');
      expect(rig.cases.get(r.value.caseId)!.case.closedAt).not.toBeNull();
      // The case detail's status history: raised as new, then each change the poll read back, once each.
      await rig.cases.pollStatus();
      expect(rig.cases.get(r.value.caseId)!.statusHistory.map((h) => h.status)).toEqual(['new', 'in_progress', 'closed']);
      const url = rig.cases.get(r.value.caseId)!.cmmsUrl;
      if (kind === 'servicenow') expect(url).toMatch(new RegExp(`/incident\\.do\\?sys_id=${rig.cases.get(r.value.caseId)!.case.externalId}$`));
      else expect(url).toBeNull();

      const audit = rig.db.prepare('SELECT action, user_id AS userId FROM audit_log ORDER BY seq').all();
      expect(audit).toEqual(expect.arrayContaining([{ action: 'cases.raise', userId: 'demo-paul' }, { action: 'cases.addRepeatedStop', userId: 'system' }, { action: 'alerts.acknowledge', userId: 'demo-paul' }]));
    } finally {
      rig.dispose();
      await sb.close();
    }
  });
});
