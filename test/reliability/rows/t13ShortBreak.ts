import { demoNodeRef } from '../../../electron/demo/plantModel.ts';
import { startProxiedPlant } from './proxiedPlant.ts';
import { sleep, waitFor, type RowResult } from './support.ts';

/**
 * T13: a break shorter than the session timeout (reset, then down). The session and its subscription survive
 * on the server; the notifications made during the break are queued there (queue sized for it) and must all
 * arrive after the channel is re-opened and the session re-activated (Republish).
 */
export async function runT13(opts: { cycles: number; downMs: number; changesPerBreak: number }): Promise<RowResult> {
  const tags = [1, 2, 3].map((l) => demoNodeRef(l, 'GoodCount'));
  const pi = 100;
  const x = await startProxiedPlant({ tags, publishingIntervalMs: pi });
  let lost = 0;
  let expected = 0;
  let timeouts = 0;
  const recoveries: number[] = [];
  let tick = 0;
  try {
    if (!(await waitFor(() => x.g.state().phase === 'connected', 10_000))) throw new Error('no first connection');
    for (let c = 0; c < opts.cycles; c++) {
      const want = new Set<string>();
      await sleep(500);
      x.proxy.set({ kind: 'reset_peer' });
      x.proxy.set({ kind: 'down' });
      const breakStart = Date.now();
      for (let k = 0; k < opts.changesPerBreak; k++) {
        const before = x.plant.currentValues();
        x.plant.advance(1);
        tick++;
        x.plant.currentValues().forEach((s, i) => {
          if (s.goodCount !== before[i]!.goodCount) want.add(`${tags[i]}=${s.goodCount}`);
        });
        // Separate publishing intervals: each change is its own queued notification.
        await sleep(pi * 1.5);
      }
      await sleep(Math.max(0, opts.downMs - (Date.now() - breakStart)));
      const gapsBefore = x.gaps.length;
      x.proxy.set({ kind: 'pass' });
      const passAt = Date.now();
      const back = await waitFor(() => x.gaps.length > gapsBefore, 30_000);
      if (!back) timeouts++;
      else recoveries.push((x.gaps.at(-1)!.restoredAt - passAt) / 1000);
      await sleep(4 * pi);
      const got = new Set(x.received.filter((r) => r.at >= breakStart && r.v.quality === 'good').map((r) => `${r.v.tagId}=${String(r.v.value)}`));
      expected += want.size;
      const missing = [...want].filter((w) => !got.has(w));
      lost += missing.length;
      if (missing.length && process.env.DEBUG_ROWS) console.log('T13 missing', missing, 'got', [...got], x.logs.slice(-30).join('\n'));
    }
  } finally {
    await x.stop();
  }
  const restored = x.gaps.filter((g) => g.recovery === 'session-restored').length;
  return {
    row: 'T13',
    pass: timeouts === 0 && lost === 0 && expected > 0,
    figures: [
      { name: 'notifications_lost', value: `${lost}/${expected}`, target: '0' },
      { name: 'outage_to_recovery_s_max', value: recoveries.length ? Math.max(...recoveries) : 'timeout', report: true },
      { name: 'sessions_restored', value: `${restored}/${opts.cycles}`, report: true },
      { name: 'cycles', value: opts.cycles, report: true },
      { name: 'ticks', value: tick, report: true },
    ],
  };
}
