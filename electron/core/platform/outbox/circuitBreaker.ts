import type { Clock } from '../ports/ports.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerPolicy {
  /** Consecutive failed calls that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe call is let through. */
  openMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, openMs: 30_000 };

/**
 * A consecutive-failure breaker per target, timed by the Clock port (not Date.now), so a test can
 * compress a 20-minute outage into milliseconds. Its state is memory only: after a restart the
 * persisted next_attempt_at of each item still spaces the retries.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private readonly clock: Clock;
  private readonly policy: BreakerPolicy;
  opens = 0;

  constructor(clock: Clock, policy: BreakerPolicy = DEFAULT_BREAKER) {
    this.clock = clock;
    this.policy = policy;
  }

  state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now() - this.openedAt >= this.policy.openMs ? 'half-open' : 'open';
  }

  /** When a call may go through again (now when closed or half-open). */
  allowedAt(): number {
    return this.openedAt === null ? this.clock.now() : this.openedAt + this.policy.openMs;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
  }

  failure(): void {
    this.failures += 1;
    // A failed probe reopens at once; otherwise open on reaching the threshold.
    if (this.openedAt !== null || this.failures >= this.policy.failureThreshold) {
      if (this.openedAt === null) this.opens += 1;
      this.openedAt = this.clock.now();
    }
  }
}
