import fs from 'node:fs';
import { createOrdersModule } from '../../../../../electron/core/features/orders/index.ts';
import { createOutboxModule } from '../../../../../electron/core/features/outbox/index.ts';
import { createShiftCloseModule } from '../../../../../electron/core/features/shiftClose/index.ts';
import type { CoreContext } from '../../../../../electron/core/platform/coreContext.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { FakeClock, memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function demoCtx(): CoreContext {
  const config = PlantConfig.parse(JSON.parse(fs.readFileSync('resources/demo-plant.json', 'utf8')));
  const db = openTestDb(tmp.dir, 'module.db');
  migrate(db);
  const log = memoryLogger();
  return { options: {}, config, db, log, gateways: new Map(), ports: { clock: new FakeClock(), online: switchableOnline(true), logger: log, secrets: memorySecrets({}), notifier: { notify() {} } }, publish() {} } as unknown as CoreContext;
}

describe('the outbox feature and the features that post through it', () => {
  it('the outbox module answers only the outbox commands; orders and shift close are modules of their own', () => {
    const ctx = demoCtx();
    const outbox = createOutboxModule(ctx);
    const orders = createOrdersModule(ctx, { erp: outbox.erp });
    const shiftClose = createShiftCloseModule(ctx, { outbox });
    expect(Object.keys(outbox.handlers).sort()).toEqual(['outbox.discard', 'outbox.get', 'outbox.list', 'outbox.resend', 'outbox.stats']);
    expect(Object.keys(orders.handlers).sort()).toEqual(['orders.list', 'orders.refresh', 'orders.running', 'orders.setRunning']);
    expect(Object.keys(shiftClose.handlers).sort()).toEqual(['shift.confirm', 'shift.draft', 'shift.history', 'shift.list', 'shift.reverse', 'shift.reverseClose']);
    // One engine: the ERP target carries the ERP adapter's confirmations and the holds feature's kinds, with the shipped requests in flight.
    expect(['confirmation.post', 'confirmation.cancel', 'hold.place', 'hold.release'].map((k) => outbox.hub.handles('erp', k as never))).toEqual([true, true, true, true]);
    expect(outbox.hub.worker('erp')!.parallelRequests).toBe(4);
    outbox.dispose?.();
    void orders.dispose?.();
    ctx.db.close();
  });
});
