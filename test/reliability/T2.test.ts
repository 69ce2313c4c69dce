import { runT2 } from './outbox/t2.ts';

// T2 full count: 2,000 kills in rotation over the three failpoints, 10 items in flight each.
it('T2: no ERP duplicate after crashes between sending and done', { timeout: 3_600_000 }, async () => {
  const r = await runT2({ kills: Number(process.env.T2_KILLS ?? 2000), inFlight: 10 });
  console.log(r.line);
  expect(r.pass, r.line).toBe(true);
});
