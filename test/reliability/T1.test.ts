import { runT1 } from './outbox/t1.ts';

// T1 full count: 50 kills and at least 10,000 acknowledged confirmations (the unit run uses 5 / 500).
it('T1: no acknowledged confirmation is lost over 50 kill -9 cycles', { timeout: 1_200_000 }, async () => {
  const r = await runT1({ kills: Number(process.env.T1_KILLS ?? 50), acks: Number(process.env.T1_ACKS ?? 10_000), maxKillMs: 2000 });
  console.log(r.line);
  expect(r.pass, r.line).toBe(true);
});
