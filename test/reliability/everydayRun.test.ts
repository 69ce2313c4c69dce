import { runEveryday } from './rows/everydayRun.ts';

// Issue 13, "Done when": `npm run serve` with the real clock for EVERYDAY_MINUTES (default 30) while a
// script signs in as each demo person on a screen of their own and does their everyday actions (timed
// shelves, coding and splitting stops, holds placed and released with a second person, shifts closed,
// reversed and re-confirmed, cases raised), with over-long and Unicode input among them. Ends with the
// core up, no INTERNAL, no error in serve's log, and the ERP and CMMS sandboxes holding exactly what was
// confirmed, placed, released and raised, once each.
const minutes = Number(process.env.EVERYDAY_MINUTES ?? 30);
const roundMs = Number(process.env.EVERYDAY_ROUND_MS ?? 45_000);

it(`Teveryday: ${minutes} minutes of every demo person's everyday actions in serve mode`, { timeout: (minutes + 8) * 60_000 }, async () => {
  const r = await runEveryday({ minutes, roundMs, log: (s) => console.log(`Teveryday ${s}`) });
  console.log(r.line);
  if (r.unexpected.length) console.log(`Teveryday unexpected:\n  ${r.unexpected.join('\n  ')}`);
  if (r.errorLogLines.length) console.log(`Teveryday error log lines:\n  ${r.errorLogLines.join('\n  ')}`);
  expect(r.coreUp).toBe(true);
  expect(r.internal).toBe(0);
  expect(r.noAnswer).toBe(0);
  expect(r.errorLogLines).toEqual([]);
  expect(r.unexpected).toEqual([]);
  expect({ confirmations: r.erp.confirmations, cancelled: r.erp.cancelled, holds: r.erp.holds, released: r.erp.released }).toEqual({ confirmations: r.expected.posts, cancelled: r.expected.reversed, holds: r.expected.holds, released: r.expected.released });
  expect(r.cmms.incidents).toBe(r.expected.cases);
  expect(r.erp.duplicates + r.cmms.duplicates).toBe(0);
  expect(r.pass).toBe(true);
});
