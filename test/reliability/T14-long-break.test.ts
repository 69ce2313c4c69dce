import { rowLine } from './rows/support.ts';
import { runT14 } from './rows/t14LongBreak.ts';

/** Matrix row T14, full count (5 cycles). Override with T14_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T14: break longer than the subscription lifetime', async () => {
  const r = await runT14({ cycles: n('T14_CYCLES', 5), downMs: 20_000 });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
