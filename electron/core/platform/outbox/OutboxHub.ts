import type { OutboxStats, OutboxTargetStats } from '../../../../shared/contract/domains/outbox.ts';
import type { Clock, Disposable, Logger, Notifier, OnlineMonitor } from '../ports/ports.ts';
import type { WritableDb } from '../storage/db.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { BreakerPolicy } from './circuitBreaker.ts';
import { CompositeAdapter } from './compositeAdapter.ts';
import { duplicateCounts, latestOpenError, statsByTarget } from './outboxRepo.ts';
import type { OutboxAdapter, OutboxKind } from './outboxTypes.ts';
import { OutboxWorker } from './OutboxWorker.ts';

export interface OutboxHubDeps {
  db: WritableDb;
  clock: Clock;
  online: OnlineMonitor;
  logger: Logger;
  notifier?: Notifier;
  publish?: (stats: OutboxStats) => void;
  backoff?: BackoffPolicy;
  breaker?: BreakerPolicy;
  giveUpAfterMs?: number;
  /** Safety net for items enqueued by code that did not call kick(). */
  pollMs?: number;
  random?: () => number;
}

/**
 * The outbox of the whole core: one worker per registered target, the stats stream, and the place
 * other features hand their adapters to. Features enqueue with `enqueueOutbox(db, …)` inside their
 * own transaction, then call `kick(target)`.
 */
export class OutboxHub {
  private readonly d: OutboxHubDeps;
  private readonly workers = new Map<string, OutboxWorker>();
  private readonly composites = new Map<string, CompositeAdapter>();
  private publishTimer: Disposable | null = null;
  private poll: Disposable | null = null;
  private started = false;

  constructor(deps: OutboxHubDeps) {
    this.d = deps;
  }

  /**
   * Adds an adapter. Adapters of the same target share one worker (one breaker, one order per key):
   * e.g. the holds feature adds its `hold.*` adapter to the ERP target. A kind has one adapter.
   */
  register(adapter: OutboxAdapter): OutboxWorker {
    const existing = this.workers.get(adapter.target);
    if (existing) {
      this.composites.get(adapter.target)!.add(adapter);
      existing.kick();
      return existing;
    }
    const composite = new CompositeAdapter(adapter);
    this.composites.set(adapter.target, composite);
    const worker = new OutboxWorker({
      db: this.d.db,
      adapter: composite,
      clock: this.d.clock,
      online: this.d.online,
      logger: this.d.logger.child({ component: 'outbox', target: adapter.target }),
      notifier: this.d.notifier,
      backoff: this.d.backoff,
      breaker: this.d.breaker,
      giveUpAfterMs: this.d.giveUpAfterMs,
      random: this.d.random,
      onChange: () => this.changed(),
    });
    this.workers.set(adapter.target, worker);
    if (this.started) worker.start();
    return worker;
  }

  worker(target: string): OutboxWorker | undefined {
    return this.workers.get(target);
  }

  handles(target: string, kind: OutboxKind): boolean {
    return this.adapterOf(target)?.kinds.includes(kind) ?? false;
  }

  private adapterOf(target: string): OutboxAdapter | undefined {
    return this.workers.get(target)?.adapter;
  }

  start(): void {
    this.started = true;
    for (const w of this.workers.values()) w.start();
    this.poll = this.d.clock.setInterval(this.d.pollMs ?? 5_000, () => this.kick());
    this.d.online.onDidChange(() => this.changed());
    this.changed();
  }

  kick(target?: string): void {
    if (target) this.workers.get(target)?.kick();
    else for (const w of this.workers.values()) w.kick();
    this.changed();
  }

  /** Waits until every worker has nothing due right now. */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.whenIdle()));
  }

  /** Waits until nothing is due within `withinMs` for any target (tests and benchmarks on a real clock). */
  async whenDrained(withinMs = 0): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.whenDrained(withinMs)));
  }

  stats(): OutboxStats {
    const rows = statsByTarget(this.d.db);
    const online = this.d.online.isOnline();
    const targets: OutboxTargetStats[] = rows.map((r) => {
      const w = this.workers.get(r.target);
      return {
        target: r.target,
        label: this.adapterOf(r.target)?.label ?? r.target.toUpperCase(),
        depth: r.queued + r.sending + r.needsCheck,
        queued: r.queued,
        sending: r.sending,
        needsCheck: r.needsCheck,
        rejected: r.rejected,
        parked: r.parked,
        oldestCreatedAt: r.oldestCreatedAt,
        nextAttemptAt: r.nextAttemptAt,
        breaker: w ? w.breaker.state() : 'closed',
        online,
        byKind: r.byKind,
        lastError: latestOpenError(this.d.db, r.target),
        duplicates: duplicateCounts(this.d.db, r.target),
      };
    });
    for (const [target, w] of this.workers) {
      if (!targets.some((t) => t.target === target)) {
        targets.push({ target, label: this.adapterOf(target)?.label ?? target, depth: 0, queued: 0, sending: 0, needsCheck: 0, rejected: 0, parked: 0, oldestCreatedAt: null, nextAttemptAt: null, breaker: w.breaker.state(), online, byKind: {}, lastError: null, duplicates: duplicateCounts(this.d.db, target) });
      }
    }
    return { at: this.d.clock.now(), targets };
  }

  /** Coalesces bursts of changes into one stream message. */
  private changed(): void {
    if (!this.d.publish || this.publishTimer) return;
    this.publishTimer = this.d.clock.setTimer(200, () => {
      this.publishTimer = null;
      try {
        this.d.publish?.(this.stats());
      } catch (e) {
        this.d.logger.error('Outbox stats failed', { error: e as Error });
      }
    });
  }

  dispose(): void {
    this.publishTimer?.dispose();
    this.poll?.dispose();
    for (const w of this.workers.values()) w.dispose();
  }
}
