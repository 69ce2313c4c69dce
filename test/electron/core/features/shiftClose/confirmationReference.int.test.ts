import { afterEach, describe, expect, it } from 'vitest';
import { cancelReference, confirmationReference, repostReference } from '../../../../../electron/core/features/shiftClose/confirmationReference.ts';
import { ConfirmationPostPayload } from '../../../../../electron/core/platform/erp/erpPayloads.ts';
import { ALREADY_IN_ERP, createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { isDerivedReference } from '../../../../../electron/core/platform/reference/derivedReference.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { confirmationPayload, demoOrderId } from '../../platform/outbox/outboxFixture.ts';

const key = { plant: '1710', lineId: 'L1', shiftDate: '2026-03-02', shiftCode: 'Early', erpOrderId: '1000001', operationId: '10', correction: 0 };

describe('confirmation references derived from the business key (issue 19)', () => {
  it('are the same on every console for the same shift, order and operation, and differ for anything else', () => {
    const a = confirmationReference(key);
    expect(a).toBe(confirmationReference({ ...key, operationId: '0010' }));
    expect(isDerivedReference(a)).toBe(true);
    expect(ConfirmationPostPayload.shape.id.safeParse(a).success).toBe(true); // the ERP field takes it (a GUID)
    for (const change of [{ plant: '1720' }, { lineId: 'L2' }, { shiftDate: '2026-03-03' }, { shiftCode: 'Late' }, { erpOrderId: '1000002' }, { operationId: '0020' }, { correction: 1 }]) {
      expect(confirmationReference({ ...key, ...change })).not.toBe(a);
    }
    expect(repostReference(a)).not.toBe(cancelReference(a));
    expect(cancelReference(a)).toBe(cancelReference(a.toUpperCase()));
    expect(isDerivedReference('0b7c7d02-55a1-4e0f-9d6c-3a3f1f0f9a10')).toBe(false); // an older random reference
  });
});

describe('two standalone consoles confirming the same shift against one REST ERP', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('leave exactly one confirmation; the second console gets a conflict naming the first console, person and time', async () => {
    const sandbox = await startRestErpSandbox();
    closers.push(sandbox.close);
    const adapter = (workstation: string) =>
      createRestErp({ baseUrl: sandbox.url, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'demo-key' }), batchSize: 20, timeoutMs: 5_000, settleMs: 0, minKeyGapMs: 0, workstation }).adapter;
    const order = demoOrderId(0, 1);
    const ref = confirmationReference({ ...key, erpOrderId: order });
    const item = (payload: object) => ({ id: ref, kind: 'confirmation.post' as const, orderingKey: `order:${order}`, payload, firstSentAt: Date.now(), attempts: 1 });
    const onA = { ...confirmationPayload(ref, order, 100, 2), capturedBy: 'u-anna', capturedByName: 'Anna Berg', capturedOn: 'CONSOLE-A', capturedAt: '2026-03-02T13:05:00.000Z' };
    const onB = { ...confirmationPayload(ref, order, 98, 4), capturedBy: 'u-bob', capturedByName: 'Bob Stone', capturedOn: 'CONSOLE-B', capturedAt: '2026-03-02T13:05:00.200Z' };
    // At the same moment: both requests are in flight together.
    const [a, b] = await Promise.all([adapter('A').send([item(onA)]), adapter('B').send([item(onB)])]);
    const outcomes = [a[0]!, b[0]!];
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1);
    const conflict = outcomes.find((o) => o.kind !== 'done')!;
    expect(conflict.kind).toBe('business');
    const winner = outcomes[0]!.kind === 'done' ? { on: 'CONSOLE-A', by: 'Anna Berg', at: onA.capturedAt, good: '100' } : { on: 'CONSOLE-B', by: 'Bob Stone', at: onB.capturedAt, good: '98' };
    if (conflict.kind === 'business') {
      expect(conflict.error.code).toBe(ALREADY_IN_ERP);
      expect(conflict.error.message).toContain(`already confirmed from ${winner.on} by ${winner.by} at ${winner.at}, with ${winner.good} PC good`);
    }
    const records = sandbox.admin.records('confirmations') as { id: string }[];
    expect(records.filter((r) => r.id === ref)).toHaveLength(1);
    // The first console sending its own item again (an earlier attempt applied) is done, not a conflict.
    const again = await adapter('A').send([item(outcomes[0]!.kind === 'done' ? onA : onB)]);
    expect(again[0]!.kind).toBe('done');
    expect((sandbox.admin.records('confirmations') as { id: string }[]).filter((r) => r.id === ref)).toHaveLength(1);
  });
});
