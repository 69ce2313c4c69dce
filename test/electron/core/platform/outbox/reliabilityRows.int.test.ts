import { runT1 } from '../../../../reliability/outbox/t1.ts';
import { runT2 } from '../../../../reliability/outbox/t2.ts';
import { runT10, runT37, runT4, runT6, runT7, runT8, runT9 } from '../../../../reliability/outbox/rows.ts';

// The reliability rows of the outbox at reduced counts, so `npm test` runs each path; full counts in `npm run reliability`.
// T1 and T2 start and kill child processes (each a Node start-up): on a loaded machine they need far more
// than the 30 s default, so they get an explicit generous timeout; their counts keep them to a few
// seconds on an idle machine (under a tenth of it).
const KILL_ROW_TIMEOUT_MS = 300_000;
describe('outbox reliability rows (reduced counts)', () => {
  it('T1: acknowledged confirmations survive kill -9 (5 kills, ≥ 500 ids)', async () => {
    const r = await runT1({ kills: 5, acks: 500, maxKillMs: 300, judgeTiming: false });
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  }, KILL_ROW_TIMEOUT_MS);

  it('T2: no duplicate after crashes between sending and done (12 kills × 10 in flight)', async () => {
    const r = await runT2({ kills: 12, inFlight: 10 });
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  }, KILL_ROW_TIMEOUT_MS);

  const row = (name: string, run: () => Promise<{ line: string; pass: boolean }> | { line: string; pass: boolean }) =>
    it(name, async () => {
      const r = await run();
      console.log(r.line);
      expect(r.pass, r.line).toBe(true);
    }, KILL_ROW_TIMEOUT_MS);
  row('T4: durability pragmas on every connection', () => runT4());
  row('T6: 200 confirmations, reset after commit on 10 %', () => runT6(200));
  row('T7: ERP slower than the client timeout (40 items)', () => runT7(40));
  row('T8: 5-minute 503/429 outage on the Clock port (40 items)', () => runT8(5, 40));
  row('T9: business rejection, fixed and resent (8 items)', () => runT9(8));
  row('T10: a shift offline, then in order (6 per hour)', () => runT10(6));
  row('T37: backup during writes and restore', () => runT37(200));
});
