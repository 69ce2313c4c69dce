import { rowLine, type RowResult } from '../../../../reliability/rows/support.ts';
import { runT12 } from '../../../../reliability/rows/t12ControllerRestart.ts';
import { runT13 } from '../../../../reliability/rows/t13ShortBreak.ts';
import { runT14 } from '../../../../reliability/rows/t14LongBreak.ts';
import { runT15 } from '../../../../reliability/rows/t15MessageNotAvailable.ts';
import { runT16 } from '../../../../reliability/rows/t16SilentLink.ts';
import { runT17 } from '../../../../reliability/rows/t17WeakSecurity.ts';
import { runT18 } from '../../../../reliability/rows/t18UntrustedCertificate.ts';
import { runT19 } from '../../../../reliability/rows/t19HostileValues.ts';

/**
 * Matrix rows T12–T19 at reduced counts, so `npm test` catches a regression in minutes; `npm run reliability`
 * runs the same rows in full (test/reliability/T1x-*.test.ts). Each prints its `T<n>:` line. Wall-clock targets
 * (T12 data back ≤ 10 s, T16 stale ≤ 2 keep-alives) are judged only there: here they are printed, not asserted,
 * so a loaded machine cannot fail `npm test` on time alone.
 */

function report(r: RowResult): void {
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}

describe('OPC UA reliability rows (reduced counts)', () => {
  it('T12 controller restart: data back, counts kept, gaps flagged', async () => {
    report(await runT12({ cycles: 2, downMs: 1500, judgeTiming: false }));
  }, 200_000);

  it('T13 short break: session restored, no notification lost', async () => {
    report(await runT13({ cycles: 2, downMs: 2500, changesPerBreak: 4 }));
  }, 120_000);

  it('T14 break longer than the subscription lifetime: recreated, same handlers, new id', async () => {
    report(await runT14({ cycles: 1, downMs: 20_000 }));
  }, 300_000); // a 20 s break (past the lifetime the server clamps to): the guard is ten times the whole row

  it('T15 Republish answered BadMessageNotAvailable: live data resumes', async () => {
    report(await runT15({ cycles: 1 }));
  }, 120_000);

  it('T16 silent link: stale before the library notices', async () => {
    report(await runT16({ cycles: 1, waitForLostMs: 8000, judgeTiming: false }));
  }, 120_000);

  it('T17 weak security refused by name; no client option left at its default', async () => {
    report(await runT17());
  }, 120_000);

  it('T18 untrusted, trusted by an administrator, rotated, refused again', async () => {
    report(await runT18({ rotations: 1 }));
  }, 120_000);

  it('T19 hostile values: no crash, nothing non-Good shown as Good', async () => {
    report(await runT19({ values: Number(process.env.T19_VALUES ?? 5000), seed: Number(process.env.T19_SEED ?? 20261123) }));
  }, 120_000);
});
