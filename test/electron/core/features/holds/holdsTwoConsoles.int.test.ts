import type { HoldView } from '../../../../../shared/contract/domains/holds.ts';
import { holdSeries } from '../../../../../electron/core/features/holds/holdReference.ts';
import { type Console, holdOn, place, release, startTwoConsoles, type TwoConsoles, until } from './twoConsoles.ts';

// Issue 19, item 5: two standalone consoles (two real cores, each with its own SQLite file) against the
// same REST ERP sandbox. The same hold placed on both leaves ONE hold in the ERP; the console that comes
// second says where it was placed, by whom and when, and uses that hold, so its release works too.

let two: TwoConsoles;
beforeAll(async () => {
  two = await startTwoConsoles();
}, 60_000);
afterAll(async () => two?.stop());

type ErpHold = { id: string; holdId: string; status: string; placedOn: string | null; placedByName: string | null; releasedOn: string | null };
const erpHolds = () => two.erp.admin.records('holds') as ErpHold[];

describe('holds placed on two standalone consoles', () => {
  it('the same hold placed on both at the same moment: one hold in the ERP; the second console names the first and releases through it', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const scope = { kind: 'order', erpOrderId: '1002130' };
    const [ha, hb] = await Promise.all([place(two.a, qa, scope, 'supplier recall'), place(two.b, qb, scope, 'supplier recall')]);
    expect(ha.id).toBe(hb.id); // the same series on both consoles
    await until(async () => (await holdOn(two.a, qa, ha.id)).erp.place.state === 'posted' && (await holdOn(two.b, qb, hb.id)).erp.place.state === 'posted', 30_000, 'both placements answered');
    expect(erpHolds()).toHaveLength(1);
    const [erpHold] = erpHolds();
    const first = erpHold!.placedOn === 'CONSOLE-A' ? two.a : two.b;
    const second = first === two.a ? two.b : two.a;
    const sidOf = (c: Console) => (c === two.a ? qa : qb);
    const onSecond = await holdOn(second, sidOf(second), hb.id);
    expect(onSecond.erp.place.message).toMatch(new RegExp(`^Already placed from ${first.name} by Quinn Adler at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(ERP hold ${erpHold!.holdId}\\); this console uses that hold`));
    expect((await holdOn(first, sidOf(first), ha.id)).erp.place.message).toBe(`holdId ${erpHold!.holdId}`);

    // The second console releases: the ERP's one hold is released from there.
    await release(second, sidOf(second), hb.id);
    await until(async () => (await holdOn(second, sidOf(second), hb.id)).erp.release?.state === 'posted', 20_000, 'the release from the second console');
    expect(erpHolds()).toEqual([expect.objectContaining({ holdId: erpHold!.holdId, status: 'released', releasedOn: second.name })]);
    // The first console learns the release from the ERP (its holds list asks): released there too, nothing sent.
    await until(async () => (await holdOn(first, sidOf(first), ha.id)).status === 'released', 30_000, 'the first console learning the release');
    expect((await holdOn(first, sidOf(first), ha.id)).released?.reason).toMatch(new RegExp(`^Released from ${second.name} by Quinn Adler at `));
    const again = await first.call<HoldView>(sidOf(first), 'holds.release', { holdId: ha.id, reason: 'recall withdrawn', expectedRevision: (await holdOn(first, sidOf(first), ha.id)).revision, confirmer: { method: 'name', userName: 'ada', pin: '4444' } });
    expect(again.ok).toBe(false);
    expect(erpHolds()).toHaveLength(1);
  }, 90_000);

  it('after a release the same hold placed again is a new hold in the ERP, and the other console joins that one, not the released one', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const scope = { kind: 'order', erpOrderId: '1002131' };
    const h1 = await place(two.a, qa, scope, 'seal defect');
    await until(async () => (await holdOn(two.a, qa, h1.id)).erp.place.state === 'posted', 20_000, 'the first hold');
    await release(two.a, qa, h1.id);
    await until(async () => (await holdOn(two.a, qa, h1.id)).erp.release?.state === 'posted', 20_000, 'its release');
    const before = erpHolds().length;
    // B never saw A's hold; it places the same one now, then A places it again too.
    const h2 = await place(two.b, qb, scope, 'seal defect');
    await until(async () => (await holdOn(two.b, qb, h2.id)).erp.place.state === 'posted', 20_000, 'the new hold from B');
    const h3 = await place(two.a, qa, scope, 'seal defect');
    expect(h3.id).not.toBe(h1.id); // a new hold on A (its first one is released), in the same series
    await until(async () => (await holdOn(two.a, qa, h3.id)).erp.place.state === 'posted', 20_000, 'A placing it again');
    const mine = erpHolds().slice(before);
    expect(mine).toEqual([expect.objectContaining({ status: 'active', placedOn: 'CONSOLE-B' })]);
    expect((await holdOn(two.a, qa, h3.id)).erp.place.message).toMatch(new RegExp(`^Already placed from CONSOLE-B by Quinn Adler at .*\\(ERP hold ${mine[0]!.holdId}\\)`));
  }, 90_000);

  it('line holds a minute apart ("Line from now on" on each console) are one hold: a line hold’s start is not part of its key', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const now = Date.now();
    const h1 = await place(two.a, qa, { kind: 'line', lineId: 'L3', from: now - 60_000 }, 'contamination');
    await until(async () => (await holdOn(two.a, qa, h1.id)).erp.place.state === 'posted', 20_000, 'A’s line hold');
    const before = erpHolds().length;
    const h2 = await place(two.b, qb, { kind: 'line', lineId: 'L3', from: now }, 'contamination');
    await until(async () => (await holdOn(two.b, qb, h2.id)).erp.place.state === 'posted', 20_000, 'B’s line hold');
    expect(erpHolds().length).toBe(before);
    expect((await holdOn(two.b, qb, h2.id)).erp.place.message).toMatch(/^Already placed from CONSOLE-A by Quinn Adler/);
  }, 60_000);
});

describe('a hold released on one standalone console', () => {
  it('is shown released on the other, learnt from the ERP: "Released from <console> by <person> at <time>", and that console sends no release', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const scope = { kind: 'order', erpOrderId: '1002133' };
    const ha = await place(two.a, qa, scope, 'glass splinter');
    await until(async () => (await holdOn(two.a, qa, ha.id)).erp.place.state === 'posted', 20_000, 'A’s hold');
    const hb = await place(two.b, qb, scope, 'glass splinter');
    await until(async () => (await holdOn(two.b, qb, hb.id)).erp.place.state === 'posted', 20_000, 'B joining it');
    const erpHold = erpHolds().find((h) => h.id === ha.id)!;
    expect(erpHold).toMatchObject({ status: 'active', placedOn: 'CONSOLE-A' });
    await release(two.a, qa, ha.id);
    await until(async () => (await holdOn(two.a, qa, ha.id)).erp.release?.state === 'posted', 20_000, 'the release from A');
    // B has not released it; opening its holds list (and its periodic check) asks the ERP.
    await until(async () => (await holdOn(two.b, qb, hb.id)).status === 'released', 30_000, 'B learning the release');
    const onB = await holdOn(two.b, qb, hb.id);
    expect(onB.released?.reason).toMatch(/^Released from CONSOLE-A by Quinn Adler at \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(onB.erp.release).toMatchObject({ state: 'posted', message: onB.released?.reason });
    const active = await two.b.call<{ active: { id: string }[] }>(qb, 'holds.list', {});
    expect(active.ok && active.value.active.map((x) => x.id)).not.toContain(hb.id);
    expect(erpHolds().filter((h) => h.holdId === erpHold.holdId)).toEqual([expect.objectContaining({ status: 'released', releasedOn: 'CONSOLE-A' })]);
  }, 90_000);
});

describe('a hold’s key', () => {
  it('has no time in it: placements across a quarter-hour boundary, a minute apart, name the same hold', () => {
    // The first cut keyed holds by the quarter hour of placement: 12:14:30 and 12:15:30 were two holds.
    // Now the placement time is not an input at all; a line hold's start is left out, a window's is kept.
    const line = (from: number) => ({ kind: 'line' as const, lineId: 'L1', from });
    const t = Date.UTC(2026, 11, 6, 12, 15);
    expect(holdSeries('1710', line(t - 60_000), 'recall')).toBe(holdSeries('1710', line(t), 'recall'));
    const win = (from: number) => ({ kind: 'window' as const, lineId: 'L1', from, to: t + 3_600_000 });
    expect(holdSeries('1710', win(t - 60_000), 'recall')).not.toBe(holdSeries('1710', win(t), 'recall'));
    expect(holdSeries('1710', line(t), 'recall')).not.toBe(holdSeries('1710', line(t), 'seal defect'));
  });
});
