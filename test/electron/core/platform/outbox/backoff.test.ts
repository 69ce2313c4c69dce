import { backoffDelay, nextDelay, parseRetryAfter } from '../../../../../electron/core/platform/outbox/backoff.ts';
import { CircuitBreaker } from '../../../../../electron/core/platform/outbox/circuitBreaker.ts';
import { FakeClock } from '../../../../fixtures/fakePorts.ts';

describe('backoff', () => {
  it('doubles per attempt up to the cap, with half the step random', () => {
    const p = { baseMs: 1000, capMs: 8000 };
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, p, () => 0))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, p, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('lets Retry-After win only when it asks for longer', () => {
    expect(nextDelay(1, 30_000, { baseMs: 1000, capMs: 8000 }, () => 0)).toBe(30_000);
    expect(nextDelay(4, 100, { baseMs: 1000, capMs: 8000 }, () => 0)).toBe(4000);
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, lets one probe through after openMs, and closes on success', () => {
    const clock = new FakeClock();
    const b = new CircuitBreaker(clock, { failureThreshold: 3, openMs: 10_000 });
    b.failure();
    b.failure();
    expect(b.state()).toBe('closed');
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.allowedAt()).toBe(clock.now() + 10_000);
    clock.advance(10_000);
    expect(b.state()).toBe('half-open');
    b.failure(); // failed probe: open again at once
    expect(b.state()).toBe('open');
    clock.advance(10_000);
    b.success();
    expect(b.state()).toBe('closed');
    expect(b.opens).toBe(1);
  });
});
