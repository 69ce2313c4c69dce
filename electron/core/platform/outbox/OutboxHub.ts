import type { OutboxStats, OutboxTargetStats } from '../../../../shared/contract/domains/outbox.ts';
import type { Clock, Disposable, Logger, Notifier, OnlineMonitor } from '../ports/ports.ts';
import type { WritableDb } from '../storage/db.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { BreakerPolicy } from './circuitBreaker.ts';
import { duplicateCounts, latestOpenError, statsByTarget } from './outboxRepo.ts';
import { explainOutboxError } from './outboxErrorText.ts';
import { OutboxTarget } from './outboxTarget.ts';
import type { OutboxAdapter, OutboxError, OutboxKind, OutboxSender, OutboxTargetPolicy } from './outboxTypes.ts';
import { OutboxWorker } from './OutboxWorker.ts';

/** The header's last error: the English text and the message a person reads in their language. */
const lastErrorOf = (e: OutboxError | null, target: string) => ({ lastError: e?.message ?? null, lastErrorMsg: e ? explainOutboxError(e, target).msg : null });

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
 * The outbox engine of the whole core: one worker per target, the stats stream, and the registry the
 * workers route by. A target is registered once with its policy (`registerTarget`: label, requests in
 * flight, key gap, settle, processing limit); each feature registers the kinds it sends on it
 * (`registerKinds`: send, read-back, batch size, duplicate repair). The engine knows no remote system and
 * no feature. Each kind is declared once with its target and ordering key (`declareOutboxKind`,
 * outboxKinds.ts); features enqueue through the declaration inside their own transaction, then call `kick(target)`.
 */
export class OutboxHub {
  private readonly d: OutboxHubDeps;
  private readonly workers = new Map<string, OutboxWorker>();
  private publishTimer: Disposable | null = null;
  private poll: Disposable | null = null;
  private started = false;

  constructor(deps: OutboxHubDeps) {
    this.d = deps;
  }

  /** A new target with its policy; its worker starts with the engine (or at once if it runs already). */
  registerTarget(policy: OutboxTargetPolicy): OutboxWorker {
    if (this.workers.has(policy.target)) throw new Error(`Bug: outbox target ${policy.target} registered twice`);
    const worker = new OutboxWorker({
      db: this.d.db,
      route: new OutboxTarget(policy),
      clock: this.d.clock,
      online: this.d.online,
      logger: this.d.logger.child({ component: 'outbox', target: policy.target }),
      notifier: this.d.notifier,
      backoff: this.d.backoff,
      breaker: this.d.breaker,
      giveUpAfterMs: this.d.giveUpAfterMs,
      random: this.d.random,
      onChange: () => this.changed(),
    });
    this.workers.set(policy.target, worker);
    if (this.started) worker.start();
    return worker;
  }

  /**
   * A feature's kinds on a registered target: they share its worker (one breaker, one order per key, its
   * requests in flight). A kind has one sender per target.
   */
  registerKinds(target: string, sender: OutboxSender): OutboxWorker {
    const worker = this.workers.get(target);
    if (!worker) throw new Error(`Bug: ${sender.kinds.join(', ')} registered on outbox target ${target}, which does not exist`);
    worker.route.add(sender);
    // Items of these kinds may be waiting already; before start() nothing runs.
    if (this.started) worker.kick();
    return worker;
  }

  /** A remote system's adapter: its target (if new) and its own kinds. */
  register(adapter: OutboxAdapter): OutboxWorker {
    if (!this.workers.has(adapter.target)) this.registerTarget(adapter);
    return this.registerKinds(adapter.target, adapter);
  }

  worker(target: string): OutboxWorker | undefined {
    return this.workers.get(target);
  }

  handles(target: string, kind: OutboxKind): boolean {
    return this.workers.get(target)?.route.senderOf(kind) !== undefined;
  }

  private labelOf(target: string): string | undefined {
    return this.workers.get(target)?.route.policy.label;
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
        label: this.labelOf(r.target) ?? r.target.toUpperCase(),
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
        ...lastErrorOf(latestOpenError(this.d.db, r.target), r.target),
        duplicates: duplicateCounts(this.d.db, r.target),
      };
    });
    for (const [target, w] of this.workers) {
      if (!targets.some((t) => t.target === target)) {
        targets.push({ target, label: this.labelOf(target) ?? target, depth: 0, queued: 0, sending: 0, needsCheck: 0, rejected: 0, parked: 0, oldestCreatedAt: null, nextAttemptAt: null, breaker: w.breaker.state(), online, byKind: {}, lastError: null, duplicates: duplicateCounts(this.d.db, target) });
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
