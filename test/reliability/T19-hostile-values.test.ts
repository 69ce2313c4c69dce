import { rowLine } from './rows/support.ts';
import { runT19 } from './rows/t19HostileValues.ts';

/** Matrix row T19, full count (100,000 values). Override with T19_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T19: hostile values: 0 crashes over 100,000', async () => {
  const r = await runT19({ values: n('T19_VALUES', 100_000), seed: n('T19_SEED', Date.now() % 2 ** 31) });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
