import type { Clock, Disposable, Logger } from '../ports.ts';
import type { WritableDb } from '../storage/db.ts';
import type { ErpConnector } from './erpTypes.ts';
import { getSync, saveSync, type SyncState, upsertWorkOrders } from './workOrderRepo.ts';

/**
 * Keeps the work-order cache fresh: a full read at start (and on request), then a delta by change
 * stamp every few minutes. A failed read keeps the cache as it is; the shift close works from it.
 */
export class OrderSync {
  private timer: Disposable | null = null;
  private running: Promise<SyncState> | null = null;
  private readonly d: { db: WritableDb; connector: ErpConnector; clock: Clock; logger: Logger; plant: string; workCenters: readonly string[]; everyMs: number };

  constructor(d: OrderSync['d']) {
    this.d = d;
  }

  start(): void {
    void this.refresh(true);
    this.timer = this.d.clock.setInterval(this.d.everyMs, () => void this.refresh(false));
  }

  refresh(full: boolean): Promise<SyncState> {
    if (this.running) return this.running;
    this.running = this.run(full).finally(() => (this.running = null));
    return this.running;
  }

  private async run(full: boolean): Promise<SyncState> {
    const { db, connector, clock } = this.d;
    const before = getSync(db, 'erp');
    const delta = !full && before.lastFull !== null;
    const r = await connector.fetchWorkOrders({ plant: this.d.plant, workCenters: this.d.workCenters, changedSince: delta ? before.lastChange : null });
    const now = clock.now();
    const next: SyncState = r.ok
      ? { lastChange: r.value.maxChange ?? before.lastChange, lastFull: delta ? before.lastFull : now, lastDelta: delta ? now : before.lastDelta, lastError: null }
      : { ...before, lastError: r.error.message };
    if (r.ok) upsertWorkOrders(db, r.value.orders, now);
    else this.d.logger.warn('Reading production orders from the ERP failed; the cache stays as it is', { error: r.error.message });
    saveSync(db, 'erp', next);
    return next;
  }

  dispose(): void {
    this.timer?.dispose();
  }
}
