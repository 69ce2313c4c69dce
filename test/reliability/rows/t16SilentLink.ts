import { demoNodeRef } from '../../../electron/demo/plantModel.ts';
import { startProxiedPlant } from './proxiedPlant.ts';
import { waitFor, type RowResult } from './support.ts';

/**
 * T16: silent link death (no RST, no FIN): the proxy black-holes both directions. Our own watchdog must mark the
 * values stale within two keep-alive periods, long before node-opcua notices (#1194).
 */
export async function runT16(opts: { cycles: number; waitForLostMs: number; judgeTiming?: boolean }): Promise<RowResult> {
  const pi = 100;
  const keepAliveMs = pi * 10;
  const x = await startProxiedPlant({ tags: [demoNodeRef(1, 'GoodCount')], publishingIntervalMs: pi });
  const toStale: number[] = [];
  const toLost: number[] = [];
  let notStale = 0;
  let notRecovered = 0;
  try {
    if (!(await waitFor(() => x.g.state().phase === 'connected', 10_000))) throw new Error('no first connection');
    for (let c = 0; c < opts.cycles; c++) {
      await waitFor(() => false, 300);
      x.proxy.set({ kind: 'timeout' });
      const t0 = Date.now();
      const stale = await waitFor(() => !!x.g.state().staleSince, 4 * keepAliveMs, 5);
      if (stale) toStale.push(Date.now() - t0);
      else notStale++;
      const lost = await waitFor(() => x.g.state().phase !== 'connected', opts.waitForLostMs, 20);
      if (lost) toLost.push((Date.now() - t0) / 1000);
      const gapsBefore = x.gaps.length;
      x.proxy.set({ kind: 'down' });
      x.proxy.set({ kind: 'pass' });
      if (!(await waitFor(() => x.gaps.length > gapsBefore && x.g.state().phase === 'connected' && !x.g.state().staleSince, 30_000))) notRecovered++;
    }
  } finally {
    await x.stop();
  }
  const worst = toStale.length ? Math.max(...toStale) : Number.POSITIVE_INFINITY;
  return {
    row: 'T16',
    // Timing is judged in `npm run reliability` only; `npm test` (judgeTiming: false) reports it.
    pass: notStale === 0 && (opts.judgeTiming === false || worst <= 2 * keepAliveMs) && notRecovered === 0,
    figures: [
      { name: 'time_to_stale_ms_max', value: notStale ? 'timeout' : worst, target: `≤${2 * keepAliveMs} (2 × keep-alive)` },
      { name: 'time_to_connection_lost_s_max', value: toLost.length === opts.cycles ? Math.max(...toLost) : `>${opts.waitForLostMs / 1000}`, report: true },
      { name: 'recovered', value: `${opts.cycles - notRecovered}/${opts.cycles}`, target: `${opts.cycles}/${opts.cycles}` },
    ],
  };
}
