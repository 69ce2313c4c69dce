import { rowLine } from './rows/support.ts';
import { runT13 } from './rows/t13ShortBreak.ts';

/** Matrix row T13, full count (CI tier: 10 cycles; nightly: T13_CYCLES=100). Override with T13_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T13: break shorter than the session timeout (reset, down 10 s)', async () => {
  const r = await runT13({ cycles: n('T13_CYCLES', 10), downMs: 10_000, changesPerBreak: 5 });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
