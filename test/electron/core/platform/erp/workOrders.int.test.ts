import { OrderSync } from '../../../../../electron/core/features/orders/OrderSync.ts';
import { createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { createSapOdataErp } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { countWorkOrders, getSync, getWorkOrder } from '../../../../../electron/core/features/orders/workOrderRepo.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe.each([
  ['sap', startSapSandbox, createSapOdataErp, 'CONSOLE:demo'],
  ['rest', startRestErpSandbox, createRestErp, 'demo-key'],
] as const)('released orders from the %s ERP', (name, start, create, secret) => {
  it('reads all pages into the SQLite cache, then only what changed', async () => {
    const sandbox = await start({});
    const db = openTestDb(tmp.dir, `${name}.db`);
    migrate(db);
    const erp = create({ baseUrl: sandbox.url, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: secret }), batchSize: 20 });
    const sync = new OrderSync({ db, connector: erp, clock: systemClock, logger: memoryLogger(), plant: '1710', workCenters: ['LINE01', 'LINE02', 'LINE03'], everyMs: 3_600_000 });
    const full = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01', 'LINE02', 'LINE03'] });
    expect(full.ok && full.value.orders.length).toBe(600);
    expect(full.ok && full.value.requests).toBeGreaterThan(3); // paged
    await sync.refresh(true);
    expect(countWorkOrders(db)).toBe(600);
    expect(getWorkOrder(db, '1001123')).toMatchObject({ erpOrderId: '1001123', material: name === 'sap' ? 'FG201' : 'FG201', operations: [{ operationId: '0010', workCenterId: 'LINE01', plannedQty: '50000' }] });
    sandbox.admin.setOrder('1002130', { locked: true });
    await new Promise((r) => setTimeout(r, 1100)); // change stamps have one-second resolution
    sandbox.admin.setOrder('1002130', { locked: false });
    const delta = await erp.fetchWorkOrders({ plant: '1710', workCenters: ['LINE01', 'LINE02', 'LINE03'], changedSince: getSync(db, 'erp').lastChange });
    expect(delta.ok && delta.value.orders.map((o) => o.erpOrderId)).toEqual(['1002130']);
    // Offline: the cache stays and says why.
    await sandbox.close();
    const s = await sync.refresh(false);
    expect(s.lastError).toMatch(/not reachable/);
    expect(countWorkOrders(db)).toBe(600);
    db.close();
  });
});
