import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import type { ErpConnector } from '../../platform/erp/erpTypes.ts';
import { getSync, saveSync, type SyncState, upsertWorkOrders } from './workOrderRepo.ts';

/**
 * Keeps the work-order cache fresh: a full read at start (and on request), then a delta by change
 * stamp every few minutes. A failed read keeps the cache as it is; the shift close works from it.
 */
export class OrderSync {
  private timer: Disposable | null = null;
  private running: Promise<SyncState> | null = null;
  /** Aborted by dispose(): a read in flight is closed (its requests cancelled) and nothing is written after it. */
  private readonly stopped = new AbortController();
  private readonly d: { db: WritableDb; connector: ErpConnector; clock: Clock; logger: Logger; plant: string; workCenters: readonly string[]; everyMs: number };

  constructor(d: OrderSync['d']) {
    this.d = d;
  }

  start(): void {
    this.refresh(true).catch((e: unknown) => this.d.logger.error('Reading production orders from the ERP failed', { error: e as Error }));
    // The promise goes back to the clock: under the core's guarded clock a failure shows the module degraded.
    this.timer = this.d.clock.setInterval(this.d.everyMs, () => this.refresh(false) as unknown as void);
  }

  refresh(full: boolean): Promise<SyncState> {
    if (this.stopped.signal.aborted) return Promise.resolve(getSync(this.d.db, 'erp'));
    if (this.running) return this.running;
    this.running = this.run(full).finally(() => (this.running = null));
    return this.running;
  }

  private async run(full: boolean): Promise<SyncState> {
    const { db, connector, clock } = this.d;
    const before = getSync(db, 'erp');
    const delta = !full && before.lastFull !== null;
    const reading = connector.fetchWorkOrders({ plant: this.d.plant, workCenters: this.d.workCenters, changedSince: delta ? before.lastChange : null, signal: this.stopped.signal });
    let onAbort = (): void => undefined;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      onAbort = () => resolve('cancelled');
      this.stopped.signal.addEventListener('abort', onAbort, { once: true });
    });
    const r = await Promise.race([reading, cancelled]).finally(() => this.stopped.signal.removeEventListener('abort', onAbort));
    // Stopped while the ERP was still answering: the answer is dropped; the database may be closing.
    if (r === 'cancelled' || this.stopped.signal.aborted) {
      reading.catch(() => undefined);
      return before;
    }
    const now = clock.now();
    const next: SyncState = r.ok
      ? { lastChange: r.value.maxChange ?? before.lastChange, lastFull: delta ? before.lastFull : now, lastDelta: delta ? now : before.lastDelta, lastError: null }
      : { ...before, lastError: r.error.message };
    if (r.ok) upsertWorkOrders(db, r.value.orders, now);
    else this.d.logger.warn('Reading production orders from the ERP failed; the cache stays as it is', { error: r.error.message });
    saveSync(db, 'erp', next);
    return next;
  }

  /** Stops the timer, cancels a read in flight and waits until nothing of it can touch the database. */
  async dispose(): Promise<void> {
    this.timer?.dispose();
    this.timer = null;
    this.stopped.abort();
    await this.running?.catch(() => undefined);
  }
}
