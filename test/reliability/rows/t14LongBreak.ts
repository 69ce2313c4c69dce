import { demoNodeRef } from '../../../electron/demo/plantModel.ts';
import { startProxiedPlant } from './proxiedPlant.ts';
import { sleep, waitFor, type RowResult } from './support.ts';

/**
 * T14: a break longer than the subscription lifetime (short test intervals). The server deletes the
 * subscription; after the break the client must recreate it, report the new id (#1368) and keep calling the
 * same handlers (#1059). The gap is flagged.
 */
export async function runT14(opts: { cycles: number; downMs: number }): Promise<RowResult> {
  const tag = demoNodeRef(1, 'GoodCount');
  const pi = 100;
  const x = await startProxiedPlant({
    tags: [tag],
    publishingIntervalMs: pi,
    // node-opcua servers clamp a subscription's lifetime to at least 5 s, and a subscription keeps answering the
    // publish requests still queued from the dead channel with keep-alives (~1 s each) before its lifetime
    // starts to run out: the break must exceed both (20 s does; 12 s did not in 2 of 5 cycles).
    timing: { subscriptionLifetimeMs: 3000, requestedSessionTimeoutMs: 60_000 },
  });
  let flagged = 0;
  let silent = 0;
  let idMismatch = 0;
  const toLive: number[] = [];
  try {
    if (!(await waitFor(() => x.g.state().phase === 'connected', 10_000))) throw new Error('no first connection');
    for (let c = 0; c < opts.cycles; c++) {
      const idBefore = x.g.subscriptionId();
      const gapsBefore = x.gaps.length;
      x.proxy.set({ kind: 'down' });
      await sleep(opts.downMs);
      x.proxy.set({ kind: 'pass' });
      const passAt = Date.now();
      await waitFor(() => x.gaps.length > gapsBefore, 30_000);
      const gap = x.gaps[gapsBefore];
      if (gap) flagged++;
      // The subscription died on the server: the id we hold must be the server's new one.
      const serverIds = x.plant.subscriptionIds();
      if (!(serverIds.length === 1 && serverIds[0] === x.g.subscriptionId() && x.g.subscriptionId() !== idBefore)) {
        idMismatch++;
        if (process.env.DEBUG_ROWS) console.log('T14 ids', { serverIds, ours: x.g.subscriptionId(), idBefore, gap }, x.logs.slice(-20).join('\n'));
      }
      // A value only the restored subscription can bring, on the handler registered before the first break.
      x.plant.advance(1);
      const want = x.plant.currentValues()[0]!.goodCount;
      const since = Date.now();
      const live = await waitFor(() => x.received.some((r) => r.at >= since && r.v.tagId === tag && r.v.value === want), 5000);
      if (!live) silent++;
      else toLive.push((Date.now() - passAt) / 1000);
    }
  } finally {
    await x.stop();
  }
  return {
    row: 'T14',
    pass: flagged === opts.cycles && silent === 0 && idMismatch === 0,
    figures: [
      { name: 'gaps_flagged_pct', value: (100 * flagged) / opts.cycles, target: '100' },
      { name: 'silent_callbacks', value: silent, target: '0' },
      { name: 'subscription_id_mismatch', value: idMismatch, target: '0' },
      { name: 'time_to_live_s_max', value: toLive.length ? Math.max(...toLive) : 'timeout', report: true },
      { name: 'cycles', value: opts.cycles, report: true },
    ],
  };
}
