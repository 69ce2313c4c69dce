import { rowLine } from './rows/support.ts';
import { runT16 } from './rows/t16SilentLink.ts';

/** Matrix row T16, full count (3 cycles, up to 60 s for connection_lost). Override with T16_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T16: silent link death: stale before connection_lost (#1194)', async () => {
  const r = await runT16({ cycles: n('T16_CYCLES', 3), waitForLostMs: 60_000 });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
