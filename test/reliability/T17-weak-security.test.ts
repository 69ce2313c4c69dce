import { rowLine } from './rows/support.ts';
import { runT17 } from './rows/t17WeakSecurity.ts';

/** Matrix row T17, full count (all weak configurations). Override with T17_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T17: weak or no security offered: refused by name; options snapshot', async () => {
  const r = await runT17();
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
