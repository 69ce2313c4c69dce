import type { Actor } from '../../../shared/domain/actor.ts';
import { startMaintainXSandbox } from '../../../electron/demo/cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../../../electron/demo/cmms/serviceNowSandbox.ts';
import { caseRig } from '../../electron/core/features/cases/caseFixture.ts';

const paul: Actor = { userId: 'demo-paul', displayName: 'Paul Novak', roles: ['planner'] };

/** Deterministic PRNG (mulberry32): the seed is printed, so a run can be repeated exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface T11Result {
  target: 'servicenow' | 'maintainx';
  cases: number;
  records: number;
  duplicates: number;
  dropped: number;
  readBacks: number;
  done: number;
  line: string;
}

/**
 * T11: `count` cases raised on `count` different assets; the sandbox stores each create and then drops
 * the connection without an answer on `share` of them (resetAfterCommit, chosen by seeded random). The
 * outbox must read back by correlation_id / externalData.caseId before any re-create: exactly `count`
 * records, no duplicates.
 */
export async function runT11(dir: string, target: 'servicenow' | 'maintainx', count: number, share = 0.3, seed = 20261123): Promise<T11Result> {
  const sb = target === 'servicenow' ? await startServiceNowSandbox() : await startMaintainXSandbox();
  const rig = caseRig(dir, { kind: target, baseUrl: sb.url, credential: target === 'servicenow' ? 'console:demo' : 'demo-key', settleMs: 30 });
  const random = rng(seed);
  let dropped = 0;
  try {
    // Many assets so cases do not queue behind each other on one ordering key.
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const lineId = `L${(i % 3) + 1}`;
      const alertId = rig.alerts.assert({ key: `t11:${i}`, source: 'downtime', lineId, assetId: null, priority: 2, title: `T11 case ${i}`, detail: 'reliability row T11', suppressed: false });
      const r = rig.cases.raise({ alertId, note: `case ${i}` }, paul);
      if (!r.ok) throw new Error(r.message);
      ids.push(r.value.caseId);
      // One asset per case, or the open-case-per-asset rule would (rightly) add notes instead of cases.
      rig.db.prepare("UPDATE maint_case SET asset_key = ? WHERE id = ?").run(`t11-${i}`, r.value.caseId);
      if (random() < share) {
        sb.admin.addFault({ match: { op: 'case.create', reference: r.value.caseId }, action: { kind: 'resetAfterCommit' } });
        dropped++;
      }
    }
    rig.hub.kick('cmms');
    const deadline = Date.now() + Math.max(60_000, count * 200);
    for (;;) {
      const open = (rig.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state <> 'done'").get() as { n: number }).n;
      if (open === 0) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = (rig.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'done'").get() as { n: number }).n;
    const counts = sb.admin.counts();
    const records = sb.admin.records('cases').length;
    const readBacks = rig.hub.worker('cmms')?.counters.readBacks ?? 0;
    const pass = records === count && counts.duplicates.length === 0 && done === count;
    const line = `T11: cases=${records} (target =${count}) ; duplicates=${counts.duplicates.length} (target 0) ; target=${target} ; dropped_after_create=${dropped} (report) ; readbacks=${readBacks} (report) ; done=${done}/${count} ; seed=${seed} ${pass ? 'PASS' : 'FAIL'}`;
    return { target, cases: count, records, duplicates: counts.duplicates.length, dropped, readBacks, done, line };
  } finally {
    rig.dispose();
    await sb.close();
  }
}
