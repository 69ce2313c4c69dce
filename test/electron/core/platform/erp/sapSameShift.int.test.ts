import { afterEach, describe, expect, it } from 'vitest';
import { confirmationReference } from '../../../../../electron/core/features/shiftClose/confirmationReference.ts';
import { createSapOdataErp, repeatabilityHeaders } from '../../../../../electron/core/platform/erp/SapOdataErp.ts';
import { ALREADY_IN_ERP } from '../../../../../electron/core/platform/erp/RestErp.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { confirmationPayload, demoOrderId } from '../outbox/outboxFixture.ts';

const key = { plant: '1710', lineId: 'L1', shiftDate: '2026-03-02', shiftCode: 'Early', operationId: '10', correction: 0 };

describe('two standalone consoles confirming the same shift to SAP (issue 19 item 5)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('the second finds the first in SAP before it posts: one confirmation in SAP, one conflict naming who, when and what', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    closers.push(sap.close);
    // Two cores' adapters, each its own session, CSRF token and connect-time probe.
    const adapter = (workstation: string) =>
      createSapOdataErp({ baseUrl: sap.url, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'CONSOLE:demo' }), batchSize: 20, timeoutMs: 5_000, settleMs: 0, minKeyGapMs: 0, workstation, timeZone: 'Europe/Berlin' }).adapter;
    const order = demoOrderId(0, 1);
    const ref = confirmationReference({ ...key, erpOrderId: order });
    const item = (payload: object): OutboxSendItem => ({ id: ref, kind: 'confirmation.post', orderingKey: `order:${order}`, payload, firstSentAt: Date.now(), attempts: 1 });
    const onA = { ...confirmationPayload(ref, order, 100, 2), capturedBy: 'ANNA', capturedByName: 'Anna Berg', capturedOn: 'CONSOLE-A', capturedAt: '2026-03-02T13:05:00.000Z' };
    const onB = { ...confirmationPayload(ref, order, 98, 4), capturedBy: 'BOB', capturedByName: 'Bob Stone', capturedOn: 'CONSOLE-B', capturedAt: '2026-03-02T13:07:00.000Z' };
    const a = adapter('CONSOLE-A');
    const b = adapter('CONSOLE-B');

    expect((await a.send([item(onA)]))[0]?.kind).toBe('done');
    const [second] = await b.send([item(onB)]);
    expect(second?.kind).toBe('business');
    if (second?.kind === 'business') {
      expect(second.error.code).toBe(ALREADY_IN_ERP);
      // 13:05 UTC is 14:05 in Berlin (plant time), as SAP keeps it.
      expect(second.error.message).toMatch(/^Not sent: already confirmed in SAP from another console by ANNA at 2026-03-02 14:05 \(plant time\), with 100 PC good, 2 scrap \(SAP confirmation \d+\/1\)\. Accept theirs/);
    }
    const records = (sap.admin.records('confirmations') as { ExternalSystemConfirmation: string }[]).filter((r) => r.ExternalSystemConfirmation === ref);
    expect(records).toHaveLength(1);

    // The first console sending its own item again (an earlier attempt applied) is done, not a conflict, and posts nothing.
    const again = await adapter('CONSOLE-A').send([item(onA)]);
    expect(again[0]).toMatchObject({ kind: 'done', note: 'already in the ERP under this reference' });
    expect((sap.admin.records('confirmations') as { ExternalSystemConfirmation: string }[]).filter((r) => r.ExternalSystemConfirmation === ref)).toHaveLength(1);
  });

  it('at the same moment (both look up before either posts): one live confirmation stays in SAP, the second console reverses its own and shows the conflict', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    closers.push(sap.close);
    const adapter = (workstation: string) =>
      createSapOdataErp({ baseUrl: sap.url, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'CONSOLE:demo' }), batchSize: 20, timeoutMs: 5_000, settleMs: 0, minKeyGapMs: 0, workstation, timeZone: 'Europe/Berlin' });
    const order = demoOrderId(2, 1);
    const ref = confirmationReference({ ...key, erpOrderId: order });
    const item = (payload: object): OutboxSendItem => ({ id: ref, kind: 'confirmation.post', orderingKey: `order:${order}`, payload, firstSentAt: Date.now(), attempts: 1 });
    const onA = { ...confirmationPayload(ref, order, 100, 2), capturedBy: 'ANNA', capturedAt: '2026-03-02T13:05:00.000Z' };
    const onB = { ...confirmationPayload(ref, order, 98, 4), capturedBy: 'BOB', capturedAt: '2026-03-02T13:05:01.000Z' };
    const a = adapter('CONSOLE-A');
    const b = adapter('CONSOLE-B');
    await Promise.all([a.check!(), b.check!()]); // both connected: the next sends go straight to the look-up
    // Both look-ups arrive together and are held 300 ms, so both are answered before either console posts.
    sap.admin.addFault({ match: { op: 'confirmation.read' }, action: { kind: 'delay', ms: 300 }, times: 2 });
    const [oa, ob] = await Promise.all([a.adapter.send([item(onA)]), b.adapter.send([item(onB)])]);
    const outcomes = [oa[0]!, ob[0]!];
    const all = sap.admin.records('confirmations') as { ExternalSystemConfirmation: string | null; IsReversed: boolean; IsReversal: boolean; EnteredByExternalUser: string }[];
    const live = all.filter((r) => r.ExternalSystemConfirmation === ref && !r.IsReversed);
    expect(live).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1);
    const conflict = outcomes.find((o) => o.kind !== 'done')!;
    expect(conflict).toMatchObject({ kind: 'business', error: { code: ALREADY_IN_ERP } });
    const winner = live[0]!.EnteredByExternalUser;
    if (conflict.kind === 'business') expect(conflict.error.message).toContain(`already confirmed in SAP from another console by ${winner}`);
    // Both really posted; the second one's record was reversed at once (one reversal record).
    expect(all.filter((r) => r.ExternalSystemConfirmation === ref)).toHaveLength(2);
    expect(all.filter((r) => r.IsReversal)).toHaveLength(1);
    if (conflict.kind === 'business') expect(conflict.error.message).toContain('was reversed at once');
  });

  it('a random (older) reference is not looked up before it is sent', async () => {
    const sap = await startSapSandbox({ minOrderGapMs: 0 });
    closers.push(sap.close);
    const erp = createSapOdataErp({ baseUrl: sap.url, plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'CONSOLE:demo' }), batchSize: 20, timeoutMs: 5_000, settleMs: 0, minKeyGapMs: 0, workstation: 'A' });
    await erp.check!(); // the connect-time probe: one read of ProdnOrdConf2
    const reads = () => sap.admin.counts().requests['GET CONF/ProdnOrdConf2'] ?? 0;
    const before = reads();
    const id = crypto.randomUUID();
    expect((await erp.adapter.send([{ id, kind: 'confirmation.post', orderingKey: 'o', payload: confirmationPayload(id, demoOrderId(1, 1)), firstSentAt: Date.now(), attempts: 1 }]))[0]?.kind).toBe('done');
    expect(reads()).toBe(before);
  });

  it('two consoles sending the same derived references make two different SAP RequestIDs (SAP would answer the second with the first\'s result)', () => {
    const it1 = { id: confirmationReference({ ...key, erpOrderId: '1001000' }), kind: 'confirmation.post' as const, orderingKey: 'o', payload: {}, firstSentAt: 0, attempts: 1 };
    expect(repeatabilityHeaders([it1], () => 0, 'CONSOLE-A').RequestID).not.toBe(repeatabilityHeaders([it1], () => 0, 'CONSOLE-B').RequestID);
    expect(repeatabilityHeaders([it1], () => 0, 'CONSOLE-A').RequestID).toBe(repeatabilityHeaders([it1], () => 0, 'CONSOLE-A').RequestID);
  });
});
