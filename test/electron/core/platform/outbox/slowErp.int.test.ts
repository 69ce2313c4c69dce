import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { duplicatesOf, eventsOf, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { enqueueConfirmations, outboxRig, states, until } from './outboxFixture.ts';

/**
 * Issue 14 A: an ERP that commits a $batch later than the request timeout (lock waits, goods movements)
 * must never end with two records for one confirmation, whatever the timing. Short real timings: the
 * request timeout is 300 ms and the sandbox commits 2× and 5× later, after the client gave up.
 */
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const TIMEOUT = 300;
type Rec = { ExternalSystemConfirmation: string | null; IsReversed: boolean; IsReversal: boolean };
const liveRecords = (recs: Rec[], id: string) => recs.filter((r) => r.ExternalSystemConfirmation === id && !r.IsReversed && !r.IsReversal).length;

describe('outbox against an ERP that commits after the client gave up', () => {
  for (const factor of [2, 5]) {
    it(`waits out the ERP's processing limit before the read-back: commit at ${factor}× the timeout, one record each`, async () => {
      // The ERP may run a request up to 2.5 s (its processing limit); the console is told so.
      const sandbox = await startSapSandbox({ minOrderGapMs: 0, processingLimitMs: 2_500, repeatability: false });
      const rig = await outboxRig({ dir: tmp.dir, clock: systemClock, sandbox, timeoutMs: TIMEOUT, settleMs: 100, processingLimitMs: 2_500 });
      sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'slowCommit', commitAfterMs: factor * TIMEOUT }, times: 1 });
      const ids = enqueueConfirmations(rig.db, 6, Date.now());
      rig.hub.start();
      await until(() => states(rig.db).done === 6, 30_000);
      // Anything still running in the ERP would have committed by now.
      await new Promise((r) => setTimeout(r, 3_000));
      const counts = sandbox.admin.counts();
      expect(counts.duplicates).toEqual([]);
      expect(ids.map((id) => counts.creates[id])).toEqual(ids.map(() => 1));
      // The late commit was found by the read-back: nothing sent twice.
      expect(ids.every((id) => getItem(rig.db, id)!.resolvedBy === 'readback')).toBe(true);
      expect(counts.batches).toBe(1);
      await rig.close();
      await sandbox.close();
    }, 60_000);
  }

  it('when the processing limit is set too short, the duplicate a resend makes is found and cancelled through the outbox', async () => {
    const sandbox = await startSapSandbox({ minOrderGapMs: 0, repeatability: false });
    // The console believes the ERP stops at once; the ERP commits 2× the timeout late.
    // The first read-back (300 + 400 ms) finds nothing, the resend is answered at once, and the read-back
    // that confirms it (800 ms later: the settle of round 2) finds the late commit beside it.
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock, sandbox, timeoutMs: TIMEOUT, settleMs: 400, processingLimitMs: 0 });
    sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'slowCommit', commitAfterMs: 3 * TIMEOUT }, times: 1 });
    const ids = enqueueConfirmations(rig.db, 3, Date.now());
    rig.hub.start();
    const open = () => { const st = states(rig.db); return (st.queued ?? 0) + (st.sending ?? 0) + (st.needs_check ?? 0); };
    await until(() => ids.every((id) => getItem(rig.db, id)!.state === 'done') && open() === 0, 30_000);
    const recs = sandbox.admin.records('confirmations') as Rec[];
    const dupCount = ids.filter((id) => duplicatesOf(rig.db, id).length > 0).length;
    // Whatever the timing did, the ERP ends with one live record per confirmation.
    expect(ids.map((id) => liveRecords(recs, id))).toEqual(ids.map(() => 1));
    if (dupCount > 0) {
      const stats = rig.hub.stats().targets.find((t) => t.target === 'erp')!;
      expect(stats.duplicates.repaired).toBe(dupCount);
      expect(stats.duplicates.open).toBe(0);
      const dupId = ids.find((id) => duplicatesOf(rig.db, id).length > 0)!;
      expect(eventsOf(rig.db, dupId).at(-1)!.note).toContain('DUPLICATE IN ERP');
      const audit = rig.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'outbox.duplicateFound'").pluck().get() as number;
      expect(audit).toBe(dupCount);
    }
    // This timing does make duplicates with a zero limit: the repair path really ran.
    expect(dupCount).toBeGreaterThan(0);
    await rig.close();
    await sandbox.close();
  }, 60_000);

  it('sends SAP Gateway repeatability headers; a repeat of a known request id is answered without running again', async () => {
    const sandbox = await startSapSandbox({ minOrderGapMs: 0 });
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock, sandbox, timeoutMs: TIMEOUT, settleMs: 50, processingLimitMs: 0 });
    sandbox.admin.addFault({ match: { op: 'batch' }, action: { kind: 'slowCommit', commitAfterMs: 2 * TIMEOUT }, times: 1 });
    const ids = enqueueConfirmations(rig.db, 4, Date.now());
    rig.hub.start();
    await until(() => ids.every((id) => getItem(rig.db, id)!.state === 'done'), 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const counts = sandbox.admin.counts();
    expect(ids.map((id) => counts.creates[id])).toEqual(ids.map(() => 1));
    // The resend (same confirmations, same request id) met the first execution: answered from it.
    expect(counts.repeatsReplayed).toBeGreaterThan(0);
    await rig.close();
    await sandbox.close();
  }, 60_000);
});
