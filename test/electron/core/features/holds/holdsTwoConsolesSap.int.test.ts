import path from 'node:path';
import { holdHeaderText, releaseHeaderText } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { holdSeries } from '../../../../../electron/core/features/holds/holdReference.ts';
import { writeFlush } from '../../../../../electron/core/features/production/productionRepo.ts';
import { openDatabase } from '../../../../../electron/core/platform/storage/db.ts';
import { type Console, holdOn, place, release, startTwoConsoles, type TwoConsoles, until } from './twoConsoles.ts';

// Issue 19, item 5, on SAP: two standalone consoles (two real cores, each with its own SQLite file) against
// the same SAP sandbox, holds as blocked stock (API_MATERIAL_DOCUMENT_SRV, movement 344 / 343). SAP keeps no
// uniqueness on a document's header text, so the console reads the hold's series back by header text
// before it posts: the same hold placed on both consoles is ONE 344 document, the second console names the
// first (from the item text: console, person, time) and releases through it, and the release is ONE 343
// whichever console releases first.

const MIN = 60_000;
const ORDER = '1002130'; // a seeded Line 2 order (material FG202)

let two: TwoConsoles;
beforeAll(async () => {
  two = await startTwoConsoles({ erp: 'sap' });
  // Both consoles saw the same 30 minutes of the order's production (each keeps its own records).
  const floorNow = Math.floor(Date.now() / MIN) * MIN;
  for (const c of [two.a, two.b]) {
    const opened = openDatabase(path.join(c.dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    for (let k = 1; k <= 30; k++) writeFlush(opened.db, { minutes: [{ lineId: 'L2', minuteAt: floorNow - k * MIN, orderId: ORDER, good: 90, reject: 2, runMs: 60_000, gapGood: 0, gapReject: 0 }], baselines: [], counterEvents: [], counterSamples: [], stateSamples: [] });
    // The order's material comes from the console's ERP order cache (order sync from SAP).
    await until(() => (opened.db.prepare('SELECT material FROM work_order WHERE erp_order_id = ?').get(ORDER) as { material?: string } | undefined)?.material === 'FG202', 30_000, `the order cache on ${c.name}`);
    opened.db.close();
  }
}, 90_000);
afterAll(async () => two?.stop());

type Item = { MaterialDocumentItemText: string; GoodsMovementType: string; QuantityInEntryUnit: string; GoodsMovementIsCancelled: boolean };
type Doc = { MaterialDocument: string; MaterialDocumentHeaderText: string; cancelled: boolean; items: Item[] };
const docs = () => two.erp.admin.records('holds') as Doc[];
const live = (text: string) => docs().filter((d) => d.MaterialDocumentHeaderText === text && !d.cancelled);

async function posted(c: Console, sid: string, id: string, part: 'place' | 'release'): Promise<void> {
  let last: unknown = null;
  try {
    await until(async () => {
      const v = await holdOn(c, sid, id);
      last = part === 'place' ? v.erp.place : v.erp.release;
      return (last as { state?: string } | null)?.state === 'posted';
    }, 30_000, `${part} on ${c.name}`);
  } catch (e) {
    throw new Error(`${(e as Error).message}: ${JSON.stringify(last)}`);
  }
}

describe('SAP holds placed on two standalone consoles', () => {
  it('placed on A, then on B: one 344 document; B joins it and says from where, by whom, when; released from B: one 343, and A learns it from SAP', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const scope = { kind: 'order', erpOrderId: ORDER };
    const ha = await place(two.a, qa, scope, 'supplier recall');
    await posted(two.a, qa, ha.id, 'place');
    const series = holdSeries('1710', { kind: 'order', erpOrderId: ORDER } as never, 'supplier recall');
    expect(ha.id).toBe(series);
    expect(live(holdHeaderText(series))).toHaveLength(1);
    const placedDoc = live(holdHeaderText(series))[0]!;
    expect(placedDoc.items[0]).toMatchObject({ GoodsMovementType: '344', QuantityInEntryUnit: '2700' });
    expect(placedDoc.items[0]!.MaterialDocumentItemText).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ CONSOLE-A \/ Quinn Adler$/);

    const hb = await place(two.b, qb, scope, 'supplier recall');
    expect(hb.id).toBe(ha.id);
    await posted(two.b, qb, hb.id, 'place');
    expect(live(holdHeaderText(series))).toHaveLength(1); // B did not post a second block
    expect(docs().filter((d) => d.items.some((i) => i.GoodsMovementType === '344'))).toHaveLength(1);
    expect((await holdOn(two.b, qb, hb.id)).erp.place.message).toMatch(new RegExp(`^Already placed from CONSOLE-A by Quinn Adler at \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z \\(SAP material document ${placedDoc.MaterialDocument}/\\d{4}\\); this console uses that hold`));

    await release(two.b, qb, hb.id);
    await posted(two.b, qb, hb.id, 'release');
    expect(live(releaseHeaderText(series))).toHaveLength(1);
    expect(live(releaseHeaderText(series))[0]!.items).toEqual([expect.objectContaining({ GoodsMovementType: '343', QuantityInEntryUnit: '2700' })]);

    // A learns the release from SAP (its holds list asks SAP for the hold's 343): released there too, nothing posted.
    await until(async () => (await holdOn(two.a, qa, ha.id)).status === 'released', 30_000, 'A learning the release');
    expect((await holdOn(two.a, qa, ha.id)).released?.reason).toMatch(/^Released from CONSOLE-B by Quinn Adler at \d{4}-\d\d-\d\dT[\d:]+Z$/);
    expect(docs().filter((d) => d.items.some((i) => i.GoodsMovementType === '343'))).toHaveLength(1);
  }, 120_000);

  it('placed on both at the same moment: one 344 stands (a second one posted in the same instant is reversed at once); released from A: one 343, and B learns it from SAP', async () => {
    const [qa, qb] = await Promise.all([two.a.session('quinn'), two.b.session('quinn')]);
    const scope = { kind: 'order', erpOrderId: ORDER };
    const [ha, hb] = await Promise.all([place(two.a, qa, scope, 'seal defect'), place(two.b, qb, scope, 'seal defect')]);
    expect(ha.id).toBe(hb.id);
    await Promise.all([posted(two.a, qa, ha.id, 'place'), posted(two.b, qb, hb.id, 'place')]);
    const text = holdHeaderText(ha.id);
    expect(live(text)).toHaveLength(1);
    const all = docs().filter((d) => d.MaterialDocumentHeaderText === text);
    expect(all.length).toBeLessThanOrEqual(2);
    const [va, vb] = [await holdOn(two.a, qa, ha.id), await holdOn(two.b, qb, hb.id)];
    expect([va.erp.place.message, vb.erp.place.message].filter((m) => m?.startsWith('Already placed from '))).toHaveLength(1);

    await release(two.a, qa, ha.id);
    await posted(two.a, qa, ha.id, 'release');
    await until(async () => (await holdOn(two.b, qb, hb.id)).status === 'released', 30_000, 'B learning the release');
    expect((await holdOn(two.b, qb, hb.id)).released?.reason).toMatch(/^Released from CONSOLE-A by Quinn Adler at /);
    expect(live(releaseHeaderText(ha.id))).toHaveLength(1);
  }, 120_000);
});
