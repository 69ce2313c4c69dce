import { rowLine } from './rows/support.ts';
import { runT12 } from './rows/t12ControllerRestart.ts';

/** Matrix row T12, full count (CI tier: 10 cycles; nightly: T12_CYCLES=100). Override with T12_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T12: controller reboot, SIGKILL and restart after 5 s', async () => {
  const r = await runT12({ cycles: n('T12_CYCLES', 10), downMs: 5000 });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
