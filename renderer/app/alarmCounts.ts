import type { AlertView } from '../../shared/contract/domains/alerts.ts';
import type { AlertPriority } from '../../shared/domain/alert.ts';
import { isOpen } from '../../shared/domain/alert.ts';

export interface PriorityCount {
  readonly priority: AlertPriority;
  /** Not yet acknowledged (active or already cleared). */
  readonly unacked: number;
  /** Condition still present (acknowledged or not). */
  readonly active: number;
}

export interface AlarmCounts {
  /** Highest priority first; only priorities with something to count. */
  readonly byPriority: readonly PriorityCount[];
  readonly unacked: number;
  readonly active: number;
  /** Alarms the Alerts screen's default ("needs someone") list shows. */
  readonly open: number;
}

/**
 * The alarms the operator is shown (ISA-18.2): open ones that are neither shelved nor suppressed by
 * design nor dismissed: exactly the Alerts screen's default list, so the header and the list agree.
 */
export function isShown(a: AlertView): boolean {
  return isOpen(a) && !a.shelving && !a.suppressed && !a.dismissed;
}

export function alarmCounts(alerts: Iterable<AlertView>): AlarmCounts {
  const per = new Map<AlertPriority, { unacked: number; active: number }>();
  let unacked = 0;
  let active = 0;
  let open = 0;
  for (const a of alerts) {
    if (!isShown(a)) continue;
    open++;
    const c = per.get(a.priority) ?? { unacked: 0, active: 0 };
    if (!a.acked) {
      c.unacked++;
      unacked++;
    }
    if (a.active) {
      c.active++;
      active++;
    }
    per.set(a.priority, c);
  }
  const byPriority = ([1, 2, 3, 4] as const).filter((p) => per.has(p)).map((p) => ({ priority: p, ...per.get(p)! }));
  return { byPriority, unacked, active, open };
}

/** The most urgent shown alarm of a line that is still active (the tile's "why it stopped"). */
export function lineAlarm(alerts: Iterable<AlertView>, lineId: string): AlertView | null {
  let best: AlertView | null = null;
  for (const a of alerts) {
    if (a.lineId !== lineId || !a.active || !isShown(a)) continue;
    if (!best || a.priority < best.priority || (a.priority === best.priority && a.lastRaisedAt > best.lastRaisedAt)) best = a;
  }
  return best;
}
