import { CaseService } from '../../../../../electron/core/features/cases/CaseService.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { caseRig } from './caseFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const paul: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] };
const downtime = (lineId: string) => ({ key: `downtime:${lineId}`, source: 'downtime' as const, lineId, assetId: null, priority: 2 as const, title: `${lineId}: faulted, stopped too long`, detail: 'Faulted since …', suppressed: false });

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the technician the CMMS assigned, by name, on the case (issue 18 item 6)', () => {
  it.each(['servicenow', 'maintainx'] as const)('%s: read back with the status and kept on the case; the evidence is unchanged', async (kind) => {
    const sb = kind === 'servicenow' ? await startServiceNowSandbox() : await startMaintainXSandbox();
    const rig = caseRig(tmp.dir, { kind, baseUrl: sb.url, credential: kind === 'servicenow' ? 'console:demo' : 'demo-key' });
    try {
      const r = rig.cases.raise({ alertId: rig.alerts.assert(downtime('L1')), note: 'Star wheel jams at the infeed' }, paul);
      if (!r.ok) throw new Error(r.message);
      const caseId = r.value.caseId;
      await until(async () => {
        await rig.hub.whenIdle();
        return rig.cases.get(caseId)!.case.externalId !== null || (await rig.cases.pollStatus(), rig.cases.get(caseId)!.case.externalId !== null);
      });
      await rig.cases.pollStatus();
      expect(rig.cases.get(caseId)!.technician).toBeNull();

      const setCase = (sb.admin as unknown as { setCase(ref: string, c: Record<string, unknown>): boolean }).setCase;
      if (kind === 'servicenow') setCase(caseId, { status: 'assigned' }); // assigned_to = tech.demo (Tess Technician)
      else setCase(caseId, { assigneeIds: [501], teamIds: [77] });
      await rig.cases.pollStatus();
      const got = rig.cases.get(caseId)!;
      expect(got.case.status).toBe('assigned');
      expect(got.technician).toBe(kind === 'servicenow' ? 'Tess Technician' : 'Tess Technician, Mechanics');
      expect(Object.keys(got.evidence)).not.toContain('cmmsTechnician');

      if (kind === 'maintainx') {
        // Names are asked once per connector, not at every poll.
        const users = () => sb.admin.counts().requests['GET /v1/users/{id}'] ?? 0;
        const before = users();
        await rig.cases.pollStatus();
        expect(users()).toBe(before);
        setCase(caseId, { assigneeIds: [502], teamIds: [] });
        await rig.cases.pollStatus();
        expect(rig.cases.get(caseId)!.technician).toBe('Marco Rossi');
      } else {
        setCase(caseId, { assigned_to: '' });
        await rig.cases.pollStatus();
        expect(rig.cases.get(caseId)!.technician).toBeNull();
      }
    } finally {
      rig.dispose();
      await sb.close();
    }
  });

  it("MaintainX: the case links to the web app's work order when the API is MaintainX's own, not for a sandbox", async () => {
    const sb = await startMaintainXSandbox();
    const rig = caseRig(tmp.dir, { kind: 'maintainx', baseUrl: sb.url, credential: 'demo-key' });
    try {
      const r = rig.cases.raise({ alertId: rig.alerts.assert(downtime('L1')), note: 'Star wheel jams at the infeed' }, paul);
      if (!r.ok) throw new Error(r.message);
      await until(async () => (await rig.cases.pollStatus(), rig.cases.get(r.value.caseId)!.case.externalId !== null));
      const externalId = rig.cases.get(r.value.caseId)!.case.externalId!;
      expect(rig.cases.get(r.value.caseId)!.cmmsUrl).toBeNull();
      // The same database read by a console configured for MaintainX's own API.
      const real = PlantConfig.parse({ ...rig.plant, cmms: { ...rig.plant.cmms!, baseUrl: 'https://api.getmaintainx.com/v1' } });
      const onReal = new CaseService({ db: rig.db, plant: real, clock: systemClock, logger: memoryLogger(), alerts: rig.alerts, cmms: null, kick: () => undefined });
      try {
        expect(onReal.get(r.value.caseId)!.cmmsUrl).toBe(`https://app.getmaintainx.com/workorders/${externalId}`);
      } finally {
        onReal.dispose();
      }
    } finally {
      rig.dispose();
      await sb.close();
    }
  });
});
