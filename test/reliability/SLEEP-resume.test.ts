import { rowLine } from './rows/support.ts';
import { runSleepResume } from './rows/sleepResume.ts';

/** Workstation sleep/resume: the console's process frozen (SIGSTOP) longer than the keep-alive, shorter and longer than the session timeout. */
const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

it('SLEEP: frozen 5 s (keep-alive 1 s), shorter than the 20 s session timeout', async () => {
  const r = await runSleepResume({ freezeMs: n('SLEEP_SHORT_MS', 5000), sessionTimeoutMs: 20_000, expectRecovery: 'session-restored' });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 120_000);

it('SLEEP: frozen 25 s, longer than the 10 s session timeout (the server drops the session)', async () => {
  const r = await runSleepResume({ freezeMs: n('SLEEP_LONG_MS', 25_000), sessionTimeoutMs: 10_000, expectRecovery: 'subscription-recreated' });
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 180_000);
