import { runT20 } from '../reliability/T20.alertFlood.row.ts';

// T20, reduced for the e2e run: 300 OPC UA alarms from the demo plant in bursts of 100 per second while
// a person types and clicks on the alerts screen in Chromium. The full 1,000 is
// test/reliability/T20.alertFlood.test.ts, which also judges the input latency (p95 ≤ 200 ms): here it is
// measured and printed, not judged, so a loaded machine cannot fail `npm test` on time alone (as T12 and T16).
describe('alarm flood (T20 reduced, serve mode, demo plant alarms)', () => {
  it('shows every alarm and the flood banner while a person types, with input latency measured both ways', async () => {
    const r = await runT20({ bursts: 3, burstSize: 100, burstEveryMs: 1000, screenshot: 'alerts-flood' });
    // The row's verdict is the reliability run's (timing is not judged here): printed as not judged.
    console.log(r.line.replace(/ (PASS|FAIL)$/, ' (timing not judged in npm test: npm run reliability -- T20)'));
    expect(r.shown).toBe(r.raised);
    expect(r.floodBanner).toBe(true);
    expect(r.inputs).toBeGreaterThan(10);
    expect(r.p95Ms).toBeGreaterThan(0);
    expect(r.eventTimingP95Ms, 'Event Timing measured').not.toBeNull();
  }, 500_000); // about 45 s: the guard is ten times that
});
