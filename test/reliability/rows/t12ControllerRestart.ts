import path from 'node:path';
import { demoNodeRef } from '../../../electron/demo/plantModel.ts';
import { CounterLedger } from './counterLedger.ts';
import { controller, freePort, makeGateway, p95, spawnSimulator, sleep, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * T12: controller reboot. The simulator runs in its own process with retentive counters that advance with the
 * wall clock (also while it is down); it is SIGKILLed and restarted after `downMs`. The gateway must come back
 * by itself, re-read the counters and flag each gap as a restart.
 */
export async function runT12(opts: { cycles: number; downMs: number; judgeTiming?: boolean }): Promise<RowResult> {
  const tmp = tempDir('t12-');
  const port = await freePort();
  const epoch = Date.now();
  const simArgs = { port, pkiDir: path.join(tmp.dir, 'sim-pki'), tickMs: 100, tickEpochMs: epoch };
  let sim = await spawnSimulator(simArgs);
  const g = makeGateway({ controller: controller(sim.endpointUrl), pkiDir: path.join(tmp.dir, 'client-pki'), demoMode: true });
  const ledger = new CounterLedger();
  const tags = [1, 2, 3].flatMap((l) => [demoNodeRef(l, 'GoodCount'), demoNodeRef(l, 'RejectCount')]);
  let lastGoodAt = 0;
  g.subscribe(tags, (values) => {
    ledger.ingest(values);
    if (values.some((v) => v.quality === 'good')) lastGoodAt = Date.now();
  });
  g.onDidCloseGap((gap) => ledger.gap(gap));
  const backTimes: number[] = [];
  let flagged = 0;
  let timeouts = 0;
  let sessionsOk = 0;
  try {
    await g.connect();
    if (!(await waitFor(() => g.state().phase === 'connected' && ledger.lastOf(tags[0]!) !== undefined, 15_000))) throw new Error('no first connection');
    for (let i = 0; i < opts.cycles; i++) {
      await sleep(300);
      const gapsBefore = ledger.gaps.length;
      await sim.kill();
      const killedAt = Date.now();
      await sleep(opts.downMs);
      sim = await spawnSimulator(simArgs);
      const listeningAt = Date.now();
      const back = await waitFor(() => ledger.gaps.length > gapsBefore && lastGoodAt > listeningAt, 30_000);
      if (!back) {
        timeouts++;
        continue;
      }
      backTimes.push((lastGoodAt - listeningAt) / 1000);
      const gap = ledger.gaps.at(-1)!;
      if (gap.serverRestarted && gap.lostAt <= killedAt + 2000 && gap.restoredAt >= listeningAt) flagged++;
      const facts = await g.refreshServerFacts();
      if (facts?.currentSessionCount === 1) sessionsOk++;
    }
    // One more counter move after the last cycle: it must come through the restored subscription.
    const before = ledger.counted;
    await waitFor(() => ledger.counted > before, 5000);
  } finally {
    await g.dispose();
    await sim.kill();
    tmp.cleanup();
  }
  const backP95 = p95(backTimes);
  const missed = ledger.missed();
  const flaggedPct = opts.cycles === 0 ? 100 : (100 * flagged) / opts.cycles;
  // Timing is judged in `npm run reliability` only; `npm test` (judgeTiming: false) reports it.
  const timingOk = opts.judgeTiming === false || backP95 <= 10;
  const pass = timeouts === 0 && timingOk && missed === 0 && ledger.decreases === 0 && flagged === opts.cycles && sessionsOk === opts.cycles;
  return {
    row: 'T12',
    pass,
    figures: [
      { name: 'data_back_p95_s', value: timeouts ? 'timeout' : backP95, target: '≤10' },
      { name: 'missed_counts', value: missed, target: '0' },
      { name: 'gaps_flagged_pct', value: flaggedPct, target: '100' },
      { name: 'sessions_back_to_1', value: `${sessionsOk}/${opts.cycles}`, target: `${opts.cycles}/${opts.cycles}` },
      { name: 'cycles', value: opts.cycles, report: true },
      { name: 'counts_in_gaps', value: ledger.gapCounted, report: true },
      { name: 'late_values', value: ledger.late, report: true },
      { name: 'decreases', value: ledger.decreases, report: true },
    ],
  };
}
