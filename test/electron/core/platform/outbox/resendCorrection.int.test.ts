import { correctConfirmation } from '../../../../../electron/core/platform/erp/erpPayloads.ts';
import { enqueueOutbox, getItem, markRejected } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { outboxHandlers } from '../../../../../electron/core/features/outbox/outboxHandlers.ts';
import { outboxCommands } from '../../../../../shared/contract/domains/outbox.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { confirmationPayload, demoOrderId, outboxRig } from './outboxFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const anna = { userId: 'anna', displayName: 'Anna', roles: ['supervisor' as const] };

describe('D: outbox.resend with a correction of named fields', () => {
  it('changes only the named fields, checks them by the kind’s schema, moves the ordering key with the order, and audits each change', async () => {
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock });
    const handlers = outboxHandlers({ db: rig.db, hub: rig.hub, describers: [], supersedeHooks: new Map(), correctors: new Map([['confirmation.post', (f, x) => correctConfirmation(f, x)]]) });
    const id = crypto.randomUUID();
    const bad = demoOrderId(30);
    const good = demoOrderId(31);
    rig.db.transaction(() => {
      enqueueOutbox(rig.db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${bad}`, payload: confirmationPayload(id, bad, 480, 12), at: 1 });
      markRejected(rig.db, getItem(rig.db, id)!, 2, { class: 'business', message: `Order ${bad} is closed` });
    })();
    const ctx = { actor: anna, sessionId: 's', now: 10 };
    const nothing = await handlers['outbox.resend']({ id, reason: 'try', correction: { kind: 'confirmation.post', fields: { erpOrderId: bad } } }, ctx);
    expect(nothing).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('changes nothing') } });
    const r = await handlers['outbox.resend']({ id, reason: 'wrong order on the tag', correction: { kind: 'confirmation.post', fields: { erpOrderId: good, scrap: '10' } } }, ctx);
    expect(r.ok).toBe(true);
    const next = getItem(rig.db, (r as { value: { id: string } }).value.id)!;
    const before = confirmationPayload(id, bad, 480, 12);
    const after = JSON.parse(next.payload) as typeof before & { supersedes: string };
    expect(next.orderingKey).toBe(`order:${good}`);
    // Everything not named stays as frozen: plant, work centre, dates, quantities not corrected.
    expect(after).toMatchObject({ plantId: before.plantId, workCenterId: before.workCenterId, postingDate: before.postingDate, execution: before.execution, shift: before.shift, capturedBy: before.capturedBy, id: next.id, supersedes: id });
    expect(after.order).toEqual({ erpOrderId: good, operationId: '0010', sequence: '0' });
    expect(after.quantities).toEqual({ yield: '480', scrap: '10', rework: '0', uom: 'PC' });
    const audit = rig.db.prepare(`SELECT details FROM audit_log WHERE action = 'outbox.resend'`).pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ edited: true, changes: { erpOrderId: [bad, good], scrap: ['12', '10'] } });
    await rig.close();
  });

  it('refuses a whole replacement payload, a field that is not a quantity, and corrections of kinds that have none', async () => {
    const req = outboxCommands['outbox.resend'].req;
    const id = crypto.randomUUID();
    expect(req.safeParse({ id, reason: 'fix it', payload: { anything: 1 } }).success).toBe(false);
    const notQty = req.safeParse({ id, reason: 'fix it', correction: { kind: 'confirmation.post', fields: { yield: 'lots' } } });
    expect(notQty.success).toBe(false);
    expect(notQty.error!.issues[0]!.message).toContain('a quantity like 120');
    expect(req.safeParse({ id, reason: 'fix it', correction: { kind: 'confirmation.post', fields: { plantId: 'X' } } }).success).toBe(false);

    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock });
    const handlers = outboxHandlers({ db: rig.db, hub: rig.hub, describers: [], supersedeHooks: new Map(), correctors: new Map([['confirmation.post', (f, x) => correctConfirmation(f, x)]]) });
    const hold = crypto.randomUUID();
    rig.db.transaction(() => {
      enqueueOutbox(rig.db, { id: hold, target: 'erp', kind: 'hold.place', orderingKey: 'hold:1', payload: { id: hold }, at: 1 });
      markRejected(rig.db, getItem(rig.db, hold)!, 2, { class: 'business', message: 'no stock' });
    })();
    const admin = { userId: 'ada', displayName: 'Ada', roles: ['admin' as const] };
    const r = await handlers['outbox.resend']({ id: hold, reason: 'fix it', correction: { kind: 'confirmation.post', fields: { yield: '1' } } }, { actor: admin, sessionId: 's', now: 5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // An impossible combination is caught by the confirmation schema, in words.
    const c = correctConfirmation(confirmationPayload(crypto.randomUUID(), '1'), { erpOrderId: '1234567890123' });
    expect(c).toMatchObject({ ok: false, message: expect.stringContaining('order.erpOrderId') });
    await rig.close();
  });
});
