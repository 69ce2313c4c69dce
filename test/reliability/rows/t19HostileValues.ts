import fc from 'fast-check';
import path from 'node:path';
import type { LiveValue } from '../../../electron/core/platform/opcua/opcuaTypes.ts';
import { MAX_STRING } from '../../../electron/core/platform/opcua/mapDataValue.ts';
import { hostileNodeRef } from '../../../electron/demo/demoHostile.ts';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { hostileValue } from './hostileArbitrary.ts';
import { controller, makeGateway, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * T19: fast-check drives simulator variables with hostile values (NaN, ±Infinity, −0, huge strings and
 * arrays, wrong types, Bad/Uncertain status, far past/future timestamps, counters going backwards).
 * The gateway must never crash or drop the link, and must never present a non-Good or unusable value as Good.
 */
export async function runT19(opts: { values: number; seed: number; variables?: number }): Promise<RowResult> {
  const vars = opts.variables ?? 100;
  const tmp = tempDir('t19-');
  const plant = await startDemoPlant({ port: 0, autoTick: false, hostileVariables: vars, pkiDir: path.join(tmp.dir, 'sim-pki') });
  const g = makeGateway({ controller: controller(plant.endpointUrl, { publishingIntervalMs: 50 }), pkiDir: path.join(tmp.dir, 'client-pki'), demoMode: true });
  let crashes = 0;
  const crashSamples: string[] = [];
  const onCrash = (e: unknown): void => {
    crashes++;
    if (crashSamples.length < 5) crashSamples.push(String(e instanceof Error ? (e.stack ?? e.message) : e).slice(0, 600));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const tags = Array.from({ length: vars }, (_, i) => hostileNodeRef(i));
  const index = new Map(tags.map((t, i) => [t, i]));
  /** Per variable: the status codes set since its last delivery. */
  const setSince: number[][] = tags.map(() => []);
  let delivered = 0;
  let goodFromNonGood = 0;
  let unusableAsGood = 0;
  let driven = 0;
  let refusedBySimulator = 0;
  let linkDrops = 0;
  const check = (v: LiveValue): void => {
    delivered++;
    const i = index.get(v.tagId);
    if (i === undefined) return;
    const statuses = setSince[i]!;
    if (v.quality === 'good') {
      if (statuses.length > 0 && statuses.every((s) => s >>> 30 !== 0)) goodFromNonGood++;
      const ok =
        typeof v.value === 'boolean' ||
        (typeof v.value === 'number' && Number.isFinite(v.value)) ||
        (typeof v.value === 'string' && v.value.length <= MAX_STRING) ||
        v.value === null;
      if (!ok) unusableAsGood++;
    }
    statuses.length = 0;
  };
  g.subscribe(tags, (values) => values.forEach(check));
  let watching = false;
  g.onDidChangeState((s) => {
    if (watching && s.phase !== 'connected') linkDrops++;
  });
  try {
    await g.connect();
    if (!(await waitFor(() => g.state().phase === 'connected', 10_000))) throw new Error('no connection');
    watching = true;
    const rounds = Math.ceil(opts.values / vars);
    const samples = fc.sample(fc.array(hostileValue, { minLength: vars, maxLength: vars }), { numRuns: rounds, seed: opts.seed });
    for (const batch of samples) {
      const before = delivered;
      let setThisRound = 0;
      batch.forEach((v, i) => {
        try {
          plant.setHostile(i, v);
          setSince[i]!.push(v.statusCode >>> 0);
          setThisRound++;
        } catch {
          refusedBySimulator++;
        }
        driven++;
      });
      await waitFor(() => delivered - before >= setThisRound * 0.9, 2000, 5);
    }
  } finally {
    watching = false;
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await g.dispose();
    await plant.stop();
    tmp.cleanup();
  }
  if (crashSamples.length && process.env.DEBUG_ROWS) console.log('T19 crashes', crashSamples.join('\n---\n'));
  return {
    row: 'T19',
    seed: opts.seed,
    pass: crashes === 0 && linkDrops === 0 && goodFromNonGood === 0 && unusableAsGood === 0,
    figures: [
      { name: 'crashes', value: `${crashes} over ${driven} values`, target: '0' },
      { name: 'good_from_non_good', value: goodFromNonGood, target: '0' },
      { name: 'unusable_as_good', value: unusableAsGood, target: '0' },
      { name: 'link_drops', value: linkDrops, target: '0' },
      { name: 'delivered', value: delivered, report: true },
      { name: 'refused_by_simulator', value: refusedBySimulator, report: true },
    ],
  };
}
