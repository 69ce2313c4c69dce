import type { AlertsConfig } from '../../../../shared/domain/alert.ts';
import type { LineSnapshot } from '../../../../shared/domain/line.ts';
import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { activeKeysOf, type AlertRecord } from './alertRepo.ts';
import { alreadyShows, type AlertService, type Condition } from './AlertService.ts';
import { LINE_SOURCES, lineConditions, newConditionMemory } from './lineConditions.ts';

export interface AlertEngineDeps {
  db: WritableDb;
  clock: Clock;
  logger: Logger;
  config: AlertsConfig;
  alerts: AlertService;
  /** The live pump's latest coalesced snapshot: state, time in state, counters, production figures. */
  lines: () => readonly LineSnapshot[];
  assetOf: (lineId: string) => string | null;
  everyMs?: number;
}

/**
 * Turns live line data into alert conditions once a second and reconciles them with the alert list:
 * a condition seen is asserted (raised, revived or escalated), an active alert whose condition is no
 * longer seen is cleared (return to normal).
 */
export class AlertEngine {
  private readonly d: AlertEngineDeps;
  private readonly memory = newConditionMemory();
  private timer: Disposable | null = null;

  constructor(deps: AlertEngineDeps) {
    this.d = deps;
  }

  start(): void {
    this.timer = this.d.clock.setInterval(this.d.everyMs ?? 1000, () => {
      try {
        this.evaluate();
      } catch (e) {
        this.d.logger.error('Alert evaluation failed', { error: e as Error });
      }
    });
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = null;
  }

  /** What the evaluator keeps between ticks, as entry counts (bounded by lines and controllers). */
  retained(): { linkBadSince: number; rateLowSince: number; counterLines: number; counterReadings: number } {
    let counterReadings = 0;
    for (const ring of this.memory.counters.values()) counterReadings += ring.length;
    return { linkBadSince: this.memory.linkBadSince.size, rateLowSince: this.memory.rateLowSince.size, counterLines: this.memory.counters.size, counterReadings };
  }

  evaluate(): Condition[] {
    const lines = this.d.lines();
    if (lines.length === 0) return [];
    const now = this.d.clock.now();
    const conditions = lineConditions(this.d.config, lines, this.memory, now, this.d.assetOf);
    const seen = new Set(conditions.map((c) => c.key));
    // One transaction for the whole evaluation (each assert's own becomes a savepoint): one commit, and one
    // WAL sync when something changed, a second, instead of one per condition per second.
    // The active alerts of these sources, read once (a query per source, not one per condition): a condition
    // its alert already shows is skipped (most of them, most seconds), and an alert whose condition is gone is
    // cleared. An active, not dismissed alert is its key's open one (one open per key, migration 0050).
    const active = new Map<string, AlertRecord>();
    for (const source of LINE_SOURCES) for (const [key, a] of activeKeysOf(this.d.db, source)) active.set(key, a);
    this.d.db.transaction(() => {
      for (const c of conditions) {
        const open = active.get(c.key);
        if (!open || !alreadyShows(open, c)) this.d.alerts.assert(c);
      }
      for (const key of active.keys()) if (!seen.has(key)) this.d.alerts.clear(key, 'condition gone');
    })();
    return conditions;
  }
}
