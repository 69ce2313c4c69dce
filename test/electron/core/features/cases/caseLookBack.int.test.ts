import { randomUUID } from 'node:crypto';
import { caseSeries } from '../../../../../electron/core/features/cases/caseReference.ts';
import { CASE_LOOK_BACK_MS, caseOnceAdapter } from '../../../../../electron/core/features/cases/cmmsOnce.ts';
import { createMaintainXCmms } from '../../../../../electron/core/platform/cmms/MaintainXCmms.ts';
import type { OutboxSendItem, RemoteKeys } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { seriesReference } from '../../../../../electron/core/platform/reference/derivedReference.ts';
import { startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';

// Issue 19 item 5, MaintainX: the list of work orders cannot be filtered by our reference and its items
// carry no externalData (published OpenAPI, electron/demo/cmms/maintainx-openapi.workorders.json), so the
// read-back before a create pages back through the asset's work orders (sort=-createdAt, cursor). It used to
// stop 24 h before the breakdown: a case another console raised three days ago and still open was not
// seen, and a second work order was created for the same asset.

const DAY = 24 * 3600_000;
let offset = 0;
const sb = await startMaintainXSandbox({ now: () => Date.now() + offset });
afterAll(() => sb.close());

type Wo = { id: number; status: string; assetId: number | null; externalData: { caseId?: string } | null };
const workOrders = () => sb.admin.records('workorders') as Wo[];

function connector(remote: Map<string, RemoteKeys>) {
  return createMaintainXCmms({ baseUrl: sb.url, credentialsSecret: 'cmms', secrets: memorySecrets({ cmms: 'demo-key' }), remoteKeysOf: (id) => remote.get(id) ?? null, timeoutMs: 5_000 });
}

function caseItem(at: number, raisedOn: string): OutboxSendItem {
  const id = randomUUID();
  const iso = new Date(at).toISOString();
  return {
    id,
    kind: 'case.create',
    orderingKey: 'asset:L1/8901',
    firstSentAt: at,
    attempts: 0,
    payload: { caseId: id, plantId: 'DEMO', lineId: 'L1', lineName: 'Line 1', assetId: '8901', locationId: '2345', title: 'L1: star wheel jams', description: 'Faulted', priority: 2, machineDown: true, malfunctionStart: iso, reportedBy: 'paul', createdAt: iso, series: caseSeries('DEMO', 'L1/8901'), raisedOn },
  };
}

async function filler(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${sb.url}/v1/workorders`, { method: 'POST', headers: { authorization: 'Bearer demo-key', 'content-type': 'application/json' }, body: JSON.stringify({ title: `Lubrication round ${i}`, assetId: 8901 }) });
    expect(r.status).toBe(200);
  }
}

describe('MaintainX: a case raised on another console three days ago and still open', () => {
  it('is found by paging back past the first day and joined: one work order for the asset’s series', async () => {
    sb.admin.reset();
    const series = caseSeries('DEMO', 'L1/8901');
    // Console A raised the case three days ago.
    offset = -3 * DAY;
    const a = caseOnceAdapter(connector(new Map()));
    const [made] = await a.send([caseItem(Date.now() + offset, 'QA-LAB')]);
    expect(made?.kind).toBe('done');
    const first = workOrders();
    expect(first).toHaveLength(1);
    expect(first[0]!.externalData?.caseId).toBe(seriesReference(series, 0));
    // Since then: 130 other work orders on the asset two days ago (more than one page of 100), 5 today.
    offset = -2 * DAY;
    await filler(130);
    offset = -3600_000;
    await filler(5);
    offset = 0;

    // Console B: the same asset breaks down now.
    const b = caseOnceAdapter(connector(new Map()));
    const [joined] = await b.send([caseItem(Date.now(), 'LINE-1')]);
    expect(joined?.kind).toBe('done');
    if (joined?.kind !== 'done') return;
    expect(joined.remoteKeys.id).toBe(String(first[0]!.id));
    expect(joined.remoteKeys.reference).toBe(seriesReference(series, 0));
    expect(joined.note).toContain('joined the open case');
    expect(workOrders().filter((w) => w.externalData?.caseId)).toHaveLength(1);
    expect(workOrders()).toHaveLength(136);
  }, 60_000);

  it('a closed case older than the first day: the next reference of the series is taken, not the first one again', async () => {
    sb.admin.reset();
    const series = caseSeries('DEMO', 'L1/8901');
    offset = -3 * DAY;
    const [made] = await caseOnceAdapter(connector(new Map())).send([caseItem(Date.now() + offset, 'QA-LAB')]);
    expect(made?.kind).toBe('done');
    (sb.admin as unknown as { setCase(ref: string, c: Record<string, unknown>): boolean }).setCase(seriesReference(series, 0), { status: 'closed' });
    offset = 0;
    const [next] = await caseOnceAdapter(connector(new Map())).send([caseItem(Date.now(), 'LINE-1')]);
    expect(next?.kind).toBe('done');
    if (next?.kind !== 'done') return;
    expect(next.remoteKeys.reference).toBe(seriesReference(series, 1));
    expect(workOrders().map((w) => w.externalData?.caseId)).toEqual([seriesReference(series, 0), seriesReference(series, 1)]);
  }, 60_000);

  it('beyond the configured horizon the case is not seen (the documented limit)', async () => {
    sb.admin.reset();
    offset = -3 * DAY;
    await caseOnceAdapter(connector(new Map())).send([caseItem(Date.now() + offset, 'QA-LAB')]);
    offset = 0;
    const [again] = await caseOnceAdapter(connector(new Map()), { horizonMs: 2 * DAY }).send([caseItem(Date.now(), 'LINE-1')]);
    expect(again?.kind).toBe('done');
    expect(workOrders().filter((w) => w.externalData?.caseId)).toHaveLength(2);
    expect(CASE_LOOK_BACK_MS).toBe(DAY);
  }, 60_000);
});
