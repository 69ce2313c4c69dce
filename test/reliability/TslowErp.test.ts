import { runSlowErp } from './outbox/tSlowErp.ts';

// T-slowERP: the ERP commits late at 0.5×, 1×, 2× and 5× the request timeout, with kill -9 of the
// outbox process while it holds each request; 0 confirmations may end up twice in the ERP.
const items = Number(process.env.TSLOW_ITEMS ?? 10);

it('T-slowERP (limit known): never created twice, across kill -9', { timeout: 600_000 }, async () => {
  const r = await runSlowErp({ label: 'limit-known', itemsPerRound: items, factors: [0.5, 1, 2, 5], timeoutSec: 1, processingLimitSec: 6, settleSec: 6, noneCreatedTwice: true });
  console.log(r.line);
  expect(r.pass, r.line).toBe(true);
});

it('T-slowERP (limit told too short, as the shipped demo was): a duplicate the ERP made is cancelled, none left', { timeout: 600_000 }, async () => {
  const r = await runSlowErp({ label: 'limit-too-short', itemsPerRound: items, factors: [0.5, 1, 2, 5], timeoutSec: 1, processingLimitSec: 1, erpLimitSec: 6, settleSec: 1, noneCreatedTwice: false });
  console.log(r.line);
  expect(r.pass, r.line).toBe(true);
});
