import { randomUUID } from 'node:crypto';
import { msg } from '../../../../shared/i18n/index.ts';
import { recordAudit } from '../audit/auditTrail.ts';
import { SYSTEM_ACTOR } from '../systemActor.ts';
import type { Clock, Disposable, Logger, Notifier, OnlineMonitor } from '../ports/ports.ts';
import type { WritableDb } from '../storage/db.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, nextDelay } from './backoff.ts';
import { type BreakerPolicy, CircuitBreaker, DEFAULT_BREAKER } from './circuitBreaker.ts';
import { failpoint } from './failpoints.ts';
import { KeyGaps } from './keyGaps.ts';
import * as repo from './outboxRepo.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { OutboxTarget } from './outboxTarget.ts';
import type { OutboxError, OutboxItem, OutboxSendItem, OutboxSender, ReadBackHit, RemoteKeys, SendOutcome } from './outboxTypes.ts';

export interface OutboxWorkerDeps {
  db: WritableDb;
  /** The target this worker drains: its policy and the sender of each kind registered on it. */
  route: OutboxTarget;
  clock: Clock;
  online: OnlineMonitor;
  logger: Logger;
  notifier?: Notifier;
  backoff?: BackoffPolicy;
  breaker?: BreakerPolicy;
  /** Items still queued after this long are parked with a reason (default 7 days). */
  giveUpAfterMs?: number;
  random?: () => number;
  /** Called after every change of item states (the stats stream coalesces these). */
  onChange?: () => void;
}

export interface WorkerCounters {
  sends: number;
  readBacks: number;
  itemsSent: number;
  /** Extra records found by read-backs (each gets a cancellation through the outbox where the kind has one). */
  duplicatesFound: number;
}

type DoneItem = Parameters<typeof repo.markDoneMany>[1][number];

/** needs_check rounds grow: settle × 2^(round−1), at most this many doublings. */
const MAX_SETTLE_DOUBLINGS = 6;
/** Beyond the remote system's processing limit: the request's time on the wire and clock skew. */
const PROCESSING_MARGIN_MS = 1_000;

/** The remote system did not (or may not) apply it: stop starting requests and let the schedule decide. */
const failed = (o: SendOutcome): boolean => o.kind === 'transient' || o.kind === 'unknown';

/**
 * One worker per target. It sends due items in batches (each batch one sender's items, at most its
 * batch size), up to the target's `parallelRequests` batches in flight whatever their kinds, keeping
 * one item in flight per ordering key; it waits without spending attempts while the workstation is offline and
 * while the target's breaker is open. All state lives in the outbox table, so a restart continues
 * where the last process stopped.
 */
export class OutboxWorker {
  readonly breaker: CircuitBreaker;
  readonly counters: WorkerCounters = { sends: 0, readBacks: 0, itemsSent: 0, duplicatesFound: 0 };
  private readonly d: OutboxWorkerDeps;
  private timer: Disposable | null = null;
  private running = false;
  private again = false;
  private disposed = false;
  private readonly keyGaps: KeyGaps;
  private readonly onlineSub: Disposable;
  private idleWaiters: (() => void)[] = [];

  constructor(deps: OutboxWorkerDeps) {
    this.d = deps;
    this.breaker = new CircuitBreaker(deps.clock, deps.breaker ?? DEFAULT_BREAKER);
    this.keyGaps = new KeyGaps(() => deps.route.policy.minKeyGapMs);
    this.onlineSub = deps.online.onDidChange((online) => {
      if (online) this.kick();
    });
  }

  get route(): OutboxTarget {
    return this.d.route;
  }

  get target(): string {
    return this.d.route.name;
  }

  /** Requests in flight at most (the target's `parallelRequests`, 1 to 8). */
  get parallelRequests(): number {
    return this.parallel();
  }

  /**
   * Turns whatever was `sending` in a previous process into `needs_check` (read back only once the
   * remote system can no longer apply it), takes the per-key send times from the table (the gap between
   * two sends of one order holds across a restart), then starts.
   */
  start(): void {
    const now = this.d.clock.now();
    const gap = this.d.route.policy.minKeyGapMs;
    if (gap > 0) this.keyGaps.restore(repo.lastSentByKey(this.d.db, this.target, now - gap));
    const n = repo.recoverSending(this.d.db, this.target, now, (it) => this.checkAfter(it.sentAt ?? now, it.attempts, now));
    if (n > 0) this.d.logger.warn('Items were being sent when the console stopped; they will be read back before any resend', { target: this.target, items: n });
    this.d.onChange?.();
    this.kick();
  }

  /** Something was enqueued or changed: look now. */
  kick(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Resolves when no step is running (a timer for later may be pending). For tests on a fake clock. */
  whenIdle(): Promise<void> {
    if (!this.running && !this.dueNow) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves when nothing is running and nothing is scheduled sooner than `withinMs` (real-clock tests, benchmarks). */
  async whenDrained(withinMs = 0): Promise<void> {
    for (;;) {
      await this.whenIdle();
      const wake = repo.nextWakeAt(this.d.db, this.target);
      if (wake === null || wake > this.d.clock.now() + withinMs) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.timer = null;
    this.onlineSub.dispose();
    this.d.route.policy.dispose?.();
    this.flushIdle();
  }

  private dueNow = false;

  private schedule(ms: number): void {
    this.timer?.dispose();
    this.dueNow = ms <= 0;
    this.timer = this.d.clock.setTimer(Math.max(0, ms), () => {
      this.timer = null;
      this.dueNow = false;
      void this.run();
    });
  }

  private flushIdle(): void {
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  private async run(): Promise<void> {
    if (this.disposed || this.running) return;
    this.running = true;
    try {
      for (;;) {
        this.again = false;
        const progressed = await this.step();
        if (this.disposed) return;
        if (!progressed && !this.again) break;
      }
    } catch (e) {
      this.d.logger.error('Outbox worker step failed', { target: this.target, error: e as Error });
      this.again = false;
      this.running = false;
      this.schedule(5_000);
      this.flushIdle();
      return;
    }
    this.running = false;
    this.planNext();
    if (!this.dueNow) this.flushIdle();
  }

  private planNext(): void {
    if (this.disposed) return;
    if (!this.d.online.isOnline()) {
      this.flushIdle(); // the online listener kicks us
      return;
    }
    const wake = repo.nextWakeAt(this.d.db, this.target);
    if (wake === null) {
      this.flushIdle();
      return;
    }
    const now = this.d.clock.now();
    let at = Math.max(wake, this.breaker.state() === 'open' ? this.breaker.allowedAt() : wake);
    // Items held back only by the per-key gap come due when the gap ends.
    if (at <= now) at = now + Math.max(50, this.d.route.policy.minKeyGapMs);
    this.schedule(at - now);
    if (at - now > 0) this.flushIdle();
  }

  /** One unit of work; true when something was sent or checked (look again at once). */
  private async step(): Promise<boolean> {
    if (!this.d.online.isOnline()) return false;
    if (this.breaker.state() === 'open') return false;
    const now = this.d.clock.now();
    if (this.d.giveUpAfterMs !== undefined) {
      const parked = repo.parkOlderThan(this.d.db, this.target, now - this.d.giveUpAfterMs, now);
      if (parked > 0) this.d.onChange?.();
    }
    const checks = repo.dueChecks(this.d.db, this.target, now, 20);
    if (checks.length > 0) return this.readBack(checks);
    // A window to send now and one committed ahead of it (see pump).
    const first = this.pickRound(this.d.db, now, 2 * this.parallel());
    if (first.length === 0) return false;
    this.d.db.transaction(() => repo.markSendingMany(this.d.db, first.map((items) => ({ items, batchId: randomUUID() })), now))();
    this.d.onChange?.();
    failpoint('after_sending_commit');
    await this.pump(first);
    return true;
  }

  /**
   * Up to `slots` batches with distinct ordering keys across all of them (and apart from those in flight).
   * Each batch holds one sender's items, at most its batch size, in queue order of their first item.
   */
  private pickRound(db: WritableDb, now: number, slots: number): OutboxItem[][] {
    const route = this.d.route;
    const kinds = route.kinds;
    if (kinds.length === 0) return [];
    // Heads are one per key already; keys still inside their gap are skipped during the scan.
    const gapOk = (key: string) => this.keyGaps.ready(key, now);
    const all = repo.dueHeads(db, this.target, now, route.maxBatchSize * slots, kinds, gapOk);
    const out: OutboxItem[][] = [];
    const open = new Map<OutboxSender, OutboxItem[]>();
    for (const it of all) {
      const sender = route.senderOf(it.kind)!;
      let batch = open.get(sender);
      if (!batch || batch.length >= sender.batchSize) {
        if (out.length >= slots) continue;
        batch = [];
        open.set(sender, batch);
        out.push(batch);
      }
      batch.push(it);
    }
    return out;
  }

  /**
   * When an attempt that left at `sentAt` may be read back to decide a resend: never before the remote
   * system's processing limit has passed since it left (it may still commit until then), and not before
   * the settle time has passed since the outcome became unknown; the settle time doubles with every round
   * (`attempts`), so a lasting ambiguous failure backs off.
   */
  checkAfter(sentAt: number, attempts: number, now: number): number {
    const settle = this.d.route.policy.settleMs * 2 ** Math.min(MAX_SETTLE_DOUBLINGS, Math.max(0, attempts - 1));
    const limit = this.d.route.policy.processingLimitMs ?? 0;
    return Math.max(now + settle, limit > 0 ? sentAt + limit + PROCESSING_MARGIN_MS : 0);
  }

  private parallel(): number {
    return this.d.route.parallelRequests;
  }

  private toSendItem(it: OutboxItem, now: number, attempts = it.attempts): OutboxSendItem {
    return { id: it.id, kind: it.kind, orderingKey: it.orderingKey, payload: JSON.parse(it.payload) as unknown, firstSentAt: it.firstSentAt ?? now, attempts };
  }

  /** Keys whose last send still holds back the next (for tests and diagnostics). */
  keysInGap(): number {
    return this.keyGaps.size;
  }

  /** Keys looked at while forgetting passed gaps, since start (for tests: it follows what is forgotten). */
  keyGapLookups(): number {
    return this.keyGaps.examined;
  }

  /** Calls the adapter for a batch already committed as `sending`. Never throws. */
  private async call(batch: OutboxItem[], sentAt: number): Promise<SendOutcome[]> {
    // Send times whose gap has passed no longer hold anything back: forgotten, so the map does not keep
    // every order, hold or asset ever sent.
    for (const it of batch) this.keyGaps.sent(it.orderingKey, sentAt);
    this.keyGaps.forget(sentAt);
    this.counters.sends += 1;
    this.counters.itemsSent += batch.length;
    let outcomes: SendOutcome[];
    try {
      const sender = this.d.route.senderOf(batch[0]!.kind);
      if (!sender) return batch.map((): SendOutcome => ({ kind: 'config', error: { class: 'config', message: `nothing on target ${this.target} sends ${batch[0]!.kind}` } }));
      outcomes = await sender.send(batch.map((it) => this.toSendItem(it, sentAt, it.attempts + 1)));
    } catch (e) {
      // An adapter that throws is a bug; the request may have left, so the outcome is unknown.
      this.d.logger.error('Outbox adapter threw', { target: this.target, error: e as Error });
      outcomes = batch.map(() => ({ kind: 'unknown', error: { class: 'unknown', message: `adapter failure: ${(e as Error).message}` } }));
    }
    return batch.map((_, i) => outcomes[i] ?? { kind: 'unknown', error: { class: 'unknown', message: 'no answer for this item in the batch response' } });
  }

  /**
   * Keeps up to `parallelRequests` batches in flight while a backlog drains, and one more window of
   * batches committed as `sending` ahead of them. When a request is answered, the next batch of that
   * window leaves at once, with no commit in between (it is already durably `sending`); once the window
   * is used up, ONE transaction records every answer received so far and commits the next window. So a
   * commit's fsync happens once per window, while a full window of requests keeps the remote system
   * busy. A crash before an answer is committed leaves its items `sending`: read back after restart,
   * as any crash between answer and commit does; a committed-ahead batch that never left is read back
   * too, finds nothing and goes again under the same reference.
   * After any failure nothing new is started: the batches in flight finish, the ones committed ahead go
   * back to `queued` as they were (no attempt spent), and the normal schedule decides.
   */
  private async pump(initial: OutboxItem[][]): Promise<void> {
    const { db, clock } = this.d;
    const window = this.parallel();
    const answered: { batch: OutboxItem[]; outcomes: SendOutcome[]; sentAt: number }[] = [];
    const ahead: OutboxItem[][] = [...initial];
    let inFlight = 0;
    let wake: (() => void) | null = null;
    let carryOn = true;
    const mayStart = () => carryOn && !this.disposed && this.d.online.isOnline();
    const launch = (batch: OutboxItem[]): void => {
      inFlight += 1;
      const sentAt = clock.now();
      void this.call(batch, sentAt)
        // call() never rejects; if it ever did, the batch may have left: unknown, read back later.
        .catch((e: unknown) => batch.map((): SendOutcome => ({ kind: 'unknown', error: { class: 'unknown', message: `worker failure: ${(e as Error).message}` } })))
        .then((outcomes) => {
          inFlight -= 1;
          answered.push({ batch, outcomes, sentAt });
          wake?.();
        });
    };
    const launchAhead = () => {
      while (ahead.length > 0 && inFlight < window && mayStart()) launch(ahead.shift()!);
    };
    const nextAnswer = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }).finally(() => (wake = null));
    for (;;) {
      // A failed answer stops new requests at once (its commit still waits for the loop below).
      carryOn &&= !answered.some((a) => a.outcomes.some(failed));
      launchAhead();
      if (inFlight === 0 && answered.length === 0 && ahead.length === 0) break;
      // Every slot is busy and a batch is ready to go: wait for a slot, no commit needed. Or nothing
      // has been answered yet: wait for that. Answers never get lost between two waits: an answer
      // frees its slot before it is pushed, and launchAhead() runs after every wake.
      const slotWait = ahead.length > 0 && inFlight > 0 && mayStart();
      const nothingToRecord = answered.length === 0 && inFlight > 0 && mayStart();
      if (slotWait || nothingToRecord) {
        await nextAnswer();
        continue;
      }
      const group = answered.splice(0);
      // Committed ahead but never sent (a failure, going offline, shutting down): back to the queue as they were.
      const unsent = mayStart() ? [] : ahead.splice(0);
      failpoint('before_mark_done');
      const now = clock.now();
      let anyFailure = false;
      let anySuccess = false;
      let next: OutboxItem[][] = [];
      db.transaction(() => {
        // The plain successes of every answer in the group: one statement for all of them.
        const done: DoneItem[] = [];
        for (const { batch, outcomes, sentAt } of group) {
          const r = this.record(batch, outcomes, now, sentAt, done);
          anyFailure ||= r.failure;
          anySuccess ||= r.success;
        }
        repo.markDoneMany(db, done, now);
        for (const b of unsent) repo.unmarkSending(db, b, now);
        // Fill the free slots and commit one more window ahead of them (one statement for the window).
        const slots = window - inFlight + window - ahead.length;
        if (mayStart() && slots > 0 && !repo.hasDueChecks(db, this.target, now)) {
          next = this.pickRound(db, now, slots);
          repo.markSendingMany(db, next.map((items) => ({ items, batchId: randomUUID() })), now);
        }
      })();
      if (anyFailure && !anySuccess) this.breaker.failure();
      else if (anySuccess) this.breaker.success();
      this.d.onChange?.();
      if (next.length > 0) {
        failpoint('after_sending_commit');
        ahead.push(...next);
      } else if (group.length === 0 && unsent.length === 0) {
        // Nothing was recorded, released or picked: only answers still to come can change that.
        if (inFlight === 0) break;
        await nextAnswer();
      }
    }
  }

  /**
   * The outcomes of one answered batch, inside the caller's transaction. Plain successes are added to
   * `done`, which the caller records for all answers of its group at once (markDoneMany).
   */
  private record(batch: readonly OutboxItem[], outcomes: readonly SendOutcome[], now: number, sentAt: number, done: DoneItem[]): { failure: boolean; success: boolean } {
    const { db } = this.d;
    const failure = outcomes.some(failed);
    let success = false;
    outcomes.forEach((o, i) => {
      // The common case first, without copying the row: a first attempt answered as applied.
      if (o.kind === 'done' && batch[i]!.attempts === 0) {
        success = true;
        done.push({ item: { seq: batch[i]!.seq, state: 'sending' }, remoteKeys: o.remoteKeys, note: o.note ?? '' });
        return;
      }
      const it = { ...batch[i]!, state: 'sending' as const, attempts: batch[i]!.attempts + 1 };
      switch (o.kind) {
        case 'done':
          success = true;
          // A resend is done only when a read-back shows one record: the answer alone cannot tell
          // whether an earlier attempt was applied as well. The read-back waits as an unknown outcome
          // would (settle of this round, and this attempt's processing window): should the configured
          // limit be too short, an earlier attempt still committing has the longest time to show.
          if (it.attempts > 1) repo.markConfirming(db, it, now, this.checkAfter(sentAt, it.attempts, now), o.remoteKeys);
          else done.push({ item: it, remoteKeys: o.remoteKeys, note: o.note ?? '' });
          break;
        case 'business':
          success = true; // the target answered: it is up
          repo.markRejected(db, it, now, o.error);
          break;
        case 'config':
          repo.markParked(db, it, now, o.error);
          break;
        case 'transient': {
          const refund = !this.d.online.isOnline();
          repo.markRetry(db, it, now, now + nextDelay(it.attempts, o.retryAfterMs, this.d.backoff ?? DEFAULT_BACKOFF, this.d.random ?? Math.random), o.error, refund);
          break;
        }
        case 'unknown':
          repo.markNeedsCheck(db, it, now, this.checkAfter(sentAt, it.attempts, now), o.error);
          break;
      }
    });
    return { failure, success };
  }

  private async readBack(all: OutboxItem[]): Promise<boolean> {
    const { db, clock } = this.d;
    // A sender that cannot search the remote system by reference cannot tell whether an unknown outcome
    // was applied: no resend without a person (an item answered as applied is done).
    const blind = all.map((it) => [it, this.d.route.senderOf(it.kind)?.readBackUnavailable?.() ?? null] as const).filter(([, why]) => why !== null);
    if (blind.length > 0) {
      const at = clock.now();
      db.transaction(() => {
        for (const [it, why] of blind) {
          if (it.remoteKeys !== null) repo.markDone(db, it, at, it.remoteKeys, 'response', 'answered as applied; the remote system cannot be searched by reference to confirm it');
          else repo.markParked(db, it, at, { class: 'config', message: `${why}. Check in the remote system whether it was applied, then resend or discard it here.` });
        }
      })();
      this.d.onChange?.();
    }
    const items = blind.length > 0 ? all.filter((it) => !blind.some(([b]) => b === it)) : all;
    if (items.length === 0) return true;
    this.counters.readBacks += 1;
    const r = await this.readBackAll(items.map((it) => this.toSendItem(it, clock.now())));
    const now = clock.now();
    const backoff = (attempts: number) => nextDelay(Math.max(1, attempts), undefined, this.d.backoff ?? DEFAULT_BACKOFF, this.d.random ?? Math.random);
    if (!r.ok) {
      this.breaker.failure();
      db.transaction(() => {
        for (const it of items) repo.postponeCheck(db, it, now, now + backoff(it.attempts), r.error);
      })();
      this.d.onChange?.();
      return false;
    }
    let found = false;
    const duplicates: { item: OutboxItem; records: number; cancels: number }[] = [];
    db.transaction(() => {
      for (const it of items) {
        const hits = r.value.get(it.id) ?? [];
        // A resend answered as applied waits here with the keys of its answer (markConfirming).
        const confirming = it.remoteKeys !== null;
        if (hits.length === 0) {
          if (confirming) {
            found = true;
            repo.markDone(db, it, now, it.remoteKeys!, 'response', 'answered as applied; the read-back does not show it (yet)');
          } else {
            // Settled past the remote system's processing limit and not there: the same reference and
            // frozen payload may go again, after a backoff (an ambiguous failure is not a success: it
            // neither closes the breaker nor makes the item due at once).
            repo.markResendAfterCheck(db, it, now, now + backoff(it.attempts));
          }
          continue;
        }
        found = true;
        const live = hits.filter((h) => !h.reversed);
        const reversed = live.length < hits.length;
        const keep = pickKept(live.length > 0 ? live : hits, it.remoteKeys);
        const extras = live.filter((h) => h !== keep);
        if (extras.length === 0) {
          const note = [reversed ? 'reversed in the remote system' : '', confirming ? 'one record confirmed after a resend' : ''].filter(Boolean).join('; ');
          repo.markDone(db, it, now, keep.remoteKeys, 'readback', note || 'found by reference');
          continue;
        }
        const cancels = this.repair(it, extras, hits.length, now);
        duplicates.push({ item: it, records: hits.length, cancels });
        const note = `DUPLICATE IN ERP: ${hits.length} records carry this reference; ${cancels === extras.length ? `the extra ${extras.length === 1 ? 'record is' : 'records are'} being cancelled through the outbox` : 'a person must cancel the extra record'}`;
        repo.markDone(db, it, now, keep.remoteKeys, 'readback', note);
      }
    })();
    if (found) this.breaker.success();
    if (duplicates.length > 0) {
      this.counters.duplicatesFound += duplicates.reduce((n, d) => n + d.records - 1, 0);
      const unrepaired = duplicates.filter((d) => d.cancels < d.records - 1).length;
      this.d.logger.error('Remote system holds duplicates of outbox items', { target: this.target, ids: duplicates.map((d) => d.item.id), unrepaired });
      this.d.notifier?.notify({
        title: 'Duplicate in ERP',
        body: `${duplicates.length} item(s) were applied twice in ${this.d.route.policy.label}; ${unrepaired === 0 ? 'the extra records are being cancelled' : 'check them on the outbox screen'}`,
        level: 'critical',
        msg: { title: msg('notice.duplicateTitle', { target: this.target }), body: msg('notice.duplicateBody', { count: duplicates.length, system: this.d.route.policy.label, target: this.target, repaired: unrepaired === 0 ? 'yes' : 'no' }) },
      });
      this.kick();
    }
    this.d.onChange?.();
    return true;
  }

  /** Each sender reads back its own kinds; one failed read-back fails the round (it is tried again later). */
  private async readBackAll(items: readonly OutboxSendItem[]): Promise<Result<ReadonlyMap<string, readonly ReadBackHit[]>, OutboxError>> {
    const bySender = new Map<OutboxSender, OutboxSendItem[]>();
    const all = new Map<string, readonly ReadBackHit[]>();
    for (const it of items) {
      const sender = this.d.route.senderOf(it.kind);
      if (!sender) return errResult({ class: 'config', message: `nothing on target ${this.target} reads back ${it.kind}` });
      bySender.set(sender, [...(bySender.get(sender) ?? []), it]);
    }
    for (const [sender, mine] of bySender) {
      const r = await sender.readBack(mine);
      if (!r.ok) return r;
      for (const [k, v] of r.value) all.set(k, v);
    }
    return okResult(all);
  }

  /**
   * Enqueues one undo per extra record (inside the read-back's transaction), registers each duplicate
   * and audits it. Returns how many extras got an undo (the rest wait for a person).
   */
  private repair(it: OutboxItem, extras: readonly ReadBackHit[], records: number, now: number): number {
    const { db } = this.d;
    let cancels = 0;
    for (const extra of extras) {
      const undo = this.d.route.senderOf(it.kind)?.repairDuplicate?.(this.toSendItem(it, now), extra) ?? null;
      const cancelId = undo ? randomUUID() : null;
      // One register row (and one undo) per extra record, however often it is read back again.
      if (!repo.recordDuplicate(db, { itemId: it.id, target: this.target, at: now, records, extraKeys: extra.remoteKeys, cancelId })) continue;
      if (undo && cancelId) {
        repo.enqueueOutbox(db, { id: cancelId, target: this.target, kind: undo.kind, orderingKey: undo.orderingKey, payload: { ...undo.payload, id: cancelId }, at: now });
        cancels += 1;
      }
      recordAudit(db, {
        at: now,
        actor: SYSTEM_ACTOR,
        action: 'outbox.duplicateFound',
        target: it.id,
        details: { target: this.target, kind: it.kind, records, extraKeys: { ...extra.remoteKeys }, cancelledBy: cancelId },
        outcome: 'ok',
      });
    }
    return cancels;
  }
}

/** The record an item keeps: the one its answer named, else the first the remote system lists. */
function pickKept(hits: readonly ReadBackHit[], answered: RemoteKeys | null): ReadBackHit {
  if (answered) {
    const same = hits.find((h) => Object.entries(answered).every(([k, v]) => h.remoteKeys[k] === undefined || h.remoteKeys[k] === v));
    if (same) return same;
  }
  return hits[0]!;
}
