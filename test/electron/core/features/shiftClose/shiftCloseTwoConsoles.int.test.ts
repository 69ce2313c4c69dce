import type { ShiftCloseView, ShiftDraft } from '../../../../../shared/contract/domains/shift.ts';
import { type Console, startTwoConsoles, type TwoConsoles, until } from '../holds/twoConsoles.ts';

// Issue 19, "Done when": two standalone consoles (not attached) closing the same shift post it once. Two
// real cores, each with its own SQLite file, its own outbox and its own session on the demo plant, close
// the same shift at the same moment against one REST ERP sandbox: the derived reference makes both post
// the same confirmation under the same reference; the ERP keeps one, and the second console shows the
// first one's posting as a conflict naming console, person, time and quantities (never a silent drop).

let two: TwoConsoles;
beforeAll(async () => {
  two = await startTwoConsoles();
}, 60_000);
afterAll(async () => two?.stop());

type ErpConfirmation = { id: string; erpId: string; orderId: string; yield: string };

async function ready(c: Console, sid: string): Promise<ShiftDraft> {
  let draft: ShiftDraft | undefined;
  await until(async () => {
    const r = await c.call<ShiftDraft>(sid, 'shift.draft', {});
    draft = r.ok ? r.value : undefined;
    return !!draft && draft.lines.filter((l) => l.orders.length > 0).length === 3;
  }, 30_000, `running orders on ${c.name}`);
  return draft!;
}

async function closeOf(c: Console, sid: string): Promise<ShiftCloseView> {
  const r = await c.call<ShiftCloseView[]>(sid, 'shift.history', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]!;
}

describe('two standalone consoles closing the same shift', () => {
  it('post it once: one confirmation in the ERP, and a conflict on the second console naming the first', async () => {
    const [sa, sb] = await Promise.all([two.a.session('anna'), two.b.session('anna')]);
    const [da, db] = await Promise.all([ready(two.a, sa), ready(two.b, sb)]);
    expect([db.date, db.code]).toEqual([da.date, da.code]);
    const l1 = da.lines.find((l) => l.lineId === 'L1')!.orders[0]!;
    const lines = (good: number) => [{ lineId: 'L1', erpOrderId: l1.erpOrderId, operationId: l1.operationId, good, reject: 3 }];
    const confirm = (c: Console, sid: string, good: number) =>
      c.call<ShiftCloseView>(sid, 'shift.confirm', { date: da.date, code: da.code, lines: lines(good), overrideReason: 'closing for the test', acknowledgeNotEnded: true, acknowledgeZeroProduction: true });
    // At the same moment, with slightly different counts (each console counted on its own).
    const [ra, rb] = await Promise.all([confirm(two.a, sa, 480), confirm(two.b, sb, 478)]);
    if (!ra.ok) throw new Error(`A: ${ra.error.message}`);
    if (!rb.ok) throw new Error(`B: ${rb.error.message}`);
    const ref = ra.value.confirmations[0]!.id;
    expect(rb.value.confirmations[0]!.id).toBe(ref); // derived from the business key on both consoles

    const settled = (v: ShiftCloseView) => v.confirmations.every((x) => x.outboxState === 'done' || x.outboxState === 'rejected');
    await until(async () => settled(await closeOf(two.a, sa)) && settled(await closeOf(two.b, sb)), 30_000, 'both confirmations answered');
    const records = (two.erp.admin.records('confirmations') as ErpConfirmation[]).filter((r) => r.id === ref);
    expect(records).toHaveLength(1);
    const [ca, cb] = [(await closeOf(two.a, sa)).confirmations[0]!, (await closeOf(two.b, sb)).confirmations[0]!];
    const winner = records[0]!.yield === '480' ? { c: ca, on: 'CONSOLE-A', good: '480' } : { c: cb, on: 'CONSOLE-B', good: '478' };
    const loser = winner.c === ca ? cb : ca;
    expect(winner.c.outboxState).toBe('done');
    expect(winner.c.conflict).toBeNull();
    expect(loser.outboxState).toBe('rejected');
    expect(loser.conflict).toMatch(new RegExp(`already confirmed from ${winner.on} by Anna Berg at .*, with ${winner.good} PC good`));
  }, 120_000);
});
