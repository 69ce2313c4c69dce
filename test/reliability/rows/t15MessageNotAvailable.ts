import { demoNodeRef } from '../../../electron/demo/plantModel.ts';
import { startProxiedPlant } from './proxiedPlant.ts';
import { sleep, waitFor, type RowResult } from './support.ts';

/**
 * T15: Republish answered with Bad_MessageNotAvailable (#1524 / PR #1529). During a break the simulator
 * drops its retransmission queues; after the break live data must resume within two publishing intervals.
 */
export async function runT15(opts: { cycles: number }): Promise<RowResult> {
  const tag = demoNodeRef(1, 'GoodCount');
  const pi = 250;
  const x = await startProxiedPlant({ tags: [tag], publishingIntervalMs: pi });
  const latencies: number[] = [];
  let dropped = 0;
  let timeouts = 0;
  try {
    if (!(await waitFor(() => x.g.state().phase === 'connected', 10_000))) throw new Error('no first connection');
    for (let c = 0; c < opts.cycles; c++) {
      // Changes are published into a dead link: they sit in the server's retransmission queue…
      x.proxy.set({ kind: 'timeout' });
      for (let k = 0; k < 3; k++) {
        x.plant.advance(1);
        await sleep(pi * 1.2);
      }
      x.proxy.set({ kind: 'down' });
      // …which the controller then loses.
      dropped += x.plant.dropRetransmissionQueues();
      const gapsBefore = x.gaps.length;
      x.proxy.set({ kind: 'pass' });
      if (!(await waitFor(() => x.gaps.length > gapsBefore && x.g.state().phase === 'connected', 30_000))) {
        timeouts++;
        continue;
      }
      await sleep(50);
      x.plant.advance(1);
      const want = x.plant.currentValues()[0]!.goodCount;
      const t0 = Date.now();
      const live = await waitFor(() => x.received.some((r) => r.at >= t0 && r.v.tagId === tag && r.v.value === want), 10_000, 5);
      if (!live) timeouts++;
      else latencies.push(Date.now() - t0);
    }
  } finally {
    await x.stop();
  }
  const worst = latencies.length ? Math.max(...latencies) : Number.POSITIVE_INFINITY;
  return {
    row: 'T15',
    pass: timeouts === 0 && worst <= 2 * pi,
    figures: [
      { name: 'first_live_value_ms_max', value: timeouts ? 'timeout' : worst, target: `≤${2 * pi} (2 publishing intervals)` },
      { name: 'dropped_retransmissions', value: dropped, report: true },
      { name: 'cycles', value: opts.cycles, report: true },
    ],
  };
}
