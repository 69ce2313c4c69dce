import type { HoldView } from '../../../../../shared/contract/domains/holds.ts';
import { type HoldsRig, startHoldsRig, until, untilConnected } from './holdsHarness.ts';

let rig: HoldsRig;
beforeAll(async () => {
  rig = await startHoldsRig();
  await untilConnected(rig);
}, 60_000);
afterAll(async () => rig?.stop());

describe('a hold the ERP refused', () => {
  it('shows FAILED with the ERP’s reason; after a resend the hold follows the new outbox item, and its release reaches the ERP', async () => {
    rig.erp.admin.addFault({ match: { op: 'hold.create' }, action: { kind: 'reject', status: 422, code: 'PLANT_BLOCKED', message: 'Plant 1710 is in inventory count' } });
    const quinn = await rig.session('quinn');
    const view = async (id: string) => {
      const l = await rig.call<{ holds: HoldView[] }>(quinn, 'holds.list', {});
      return l.ok ? l.value.holds.find((h) => h.id === id)! : null;
    };
    const placed = await rig.call<HoldView>(quinn, 'holds.place', { scope: { kind: 'order', erpOrderId: '1002130' }, reason: 'supplier recall', defectCategory: 'foreign-body' });
    if (!placed.ok) throw new Error(placed.error.message);
    const id = placed.value.id;
    await until(async () => (await view(id))?.erp.place.state === 'failed', 20_000, 'the rejection');
    expect((await view(id))!.erp.place).toMatchObject({ outboxState: 'rejected', message: expect.stringMatching(/inventory count/) });

    const list = await rig.call<{ id: string; kind: string; summary: string }[]>(quinn, 'outbox.list', { states: ['rejected'] });
    expect(list.ok && list.value.find((x) => x.id === id)?.summary).toMatch(/^Hold on order 1002130/);
    const resent = await rig.call<{ id: string }>(quinn, 'outbox.resend', { id, reason: 'count finished, send again' });
    if (!resent.ok) throw new Error(resent.error.message);
    await until(async () => (await view(id))?.erp.place.state === 'posted', 20_000, 'the resend');
    expect((await view(id))!.erp.place.reference).toBe(resent.value.id);

    const v = (await view(id))!;
    const rel = await rig.call<HoldView>(quinn, 'holds.release', { holdId: id, reason: 'recall withdrawn', expectedRevision: v.revision, confirmer: { method: 'name', userName: 'ada', pin: '4444' } });
    if (!rel.ok) throw new Error(rel.error.message);
    await until(async () => (await view(id))?.erp.release?.state === 'posted', 20_000, 'the release');
    // One hold in the ERP, under the hold's series reference (issue 19: the series, not the outbox item's
    // reference, names the hold in the ERP; the resend found it free and took it).
    expect(rig.erp.admin.records('holds')).toEqual([expect.objectContaining({ id, status: 'released' })]);
  }, 60_000);
});
