import { rowLine } from '../../../../reliability/rows/support.ts';
import { runSleepResume } from '../../../../reliability/rows/sleepResume.ts';

/**
 * Reduced sleep/resume row (full: test/reliability/SLEEP-resume.test.ts): the console's process is frozen with
 * SIGSTOP for 4 s (keep-alive 1 s, session timeout 20 s) while the demo plant keeps producing.
 */
it('SLEEP reduced: frozen past the keep-alive, data back by itself, one flagged gap, no count lost', async () => {
  const r = await runSleepResume({ freezeMs: 4000, sessionTimeoutMs: 20_000, expectRecovery: 'session-restored' });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 200_000); // about 16 s: the guard is ten times that
