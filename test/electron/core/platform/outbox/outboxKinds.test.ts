import { randomUUID } from 'node:crypto';
import { assetKeyOf, CASE_CREATE, CASE_UPDATE } from '../../../../../electron/core/platform/cmms/cmmsTypes.ts';
import { CONFIRMATION_CANCEL, CONFIRMATION_POST, correctConfirmation, duplicateCancel } from '../../../../../electron/core/platform/erp/erpPayloads.ts';
import { HOLD_PLACE, HOLD_RELEASE } from '../../../../../electron/core/features/holds/erp/holdPayloads.ts';
import { getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

// Issue 15 item 3: each kind declares its target and ordering key once; every path that writes an item
// of the kind (enqueue, a corrected resend, the undo of a duplicate) keys it the same way.
describe('outbox kinds declare their ordering key', () => {
  const tmp = makeTempDir('outbox-kinds-');
  afterAll(() => tmp.cleanup());
  const db = openTestDb(tmp.dir, 'kinds.db');
  migrate(db);

  const post = (erpOrderId: string) => ({
    id: randomUUID(),
    plantId: '1710',
    lineId: 'L1',
    workCenterId: 'LINE01',
    shift: { date: '2026-12-05', code: 'N' },
    order: { erpOrderId, operationId: '0010', sequence: '0' },
    postingDate: '2026-12-05',
    finality: 'partial' as const,
    quantities: { yield: '10', scrap: '0', rework: '0', uom: 'PC' },
    execution: { start: '2026-12-05T22:00:00', end: '2026-12-06T06:00:00' },
    capturedAt: '2026-12-06T06:01:00',
    capturedBy: 'anna',
  });

  it('keys a confirmation and its reversal by the production order, on the ERP target', () => {
    const p = post('1000123');
    const id = db.transaction(() => CONFIRMATION_POST.enqueue(db, { id: p.id, payload: p, at: 1 }))();
    expect(getItem(db, id)).toMatchObject({ target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1000123' });
    const cancelId = randomUUID();
    db.transaction(() => CONFIRMATION_CANCEL.enqueue(db, { id: cancelId, payload: { order: { erpOrderId: '1000123', operationId: '0010' } }, at: 2 }))();
    expect(getItem(db, cancelId)).toMatchObject({ kind: 'confirmation.cancel', orderingKey: 'order:1000123' });
  });

  it('gives a corrected resend naming another order that order’s key, and a duplicate’s undo the key of its order', () => {
    const p = post('1000123');
    const corrected = correctConfirmation(p, { erpOrderId: '1000999' });
    expect(corrected.ok && corrected.value.orderingKey).toBe('order:1000999');
    const undo = duplicateCancel({ id: p.id, kind: 'confirmation.post', orderingKey: 'stale-key', payload: p }, { ConfirmationCount: '7' }, 3);
    expect(undo?.orderingKey).toBe('order:1000123');
  });

  it('puts a hold’s release on its placement’s key, and a case’s notes on its asset’s key with the case', () => {
    const holdId = randomUUID();
    expect(HOLD_PLACE.orderingKey({ id: holdId })).toBe(HOLD_RELEASE.orderingKey({ holdId }));
    const created = CASE_CREATE.orderingKey({ lineId: 'L2', assetId: '8901' });
    expect(created).toBe(CASE_UPDATE.orderingKey({ caseId: randomUUID(), assetKey: assetKeyOf('L2', '8901') }));
    expect(CASE_CREATE.orderingKey({ lineId: 'L2', assetId: null })).toBe('asset:L2/L2');
  });
});
