import { rowLine } from './rows/support.ts';
import { runT18 } from './rows/t18UntrustedCertificate.ts';

/** Matrix row T18, full count (3 rotations). Override with T18_CYCLES where the row has cycles. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('T18: untrusted and rotated server certificate', async () => {
  const r = await runT18({ rotations: n('T18_CYCLES', 3) });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 3_600_000);
