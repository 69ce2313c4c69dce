import { rowLine } from './rows/support.ts';
import { runT15 } from './rows/t15MessageNotAvailable.ts';

/** Matrix row T15, full count (10 cycles). Override with T15_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T15: Republish answered Bad_MessageNotAvailable (#1524)', async () => {
  const r = await runT15({ cycles: n('T15_CYCLES', 10) });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
