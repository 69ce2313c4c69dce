import type { LineConfig } from '../../../../shared/domain/plantConfig.ts';
import { eventsOverlapping } from '../production/index.ts';
import { productionByOrder } from '../production/index.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';

export interface LineShiftFacts {
  /** Per order as the controller reported it ('' = no order). Null when there are no production records. */
  byOrder: { orderId: string; good: number; reject: number; firstAt: number; lastAt: number; minutes: number }[] | null;
  uncodedDowntimeMin: number;
}

/**
 * What the production records say about one line in a shift window. Tables that do not exist yet
 * (an older database, production not migrated) read as "no records", never as an error.
 */
export function lineShiftFacts(db: ReadableDb, line: LineConfig, from: number, to: number, now: number): LineShiftFacts {
  let byOrder: LineShiftFacts['byOrder'] = null;
  try {
    byOrder = productionByOrder(db, { lineId: line.id, from, to }).map((r) => ({ orderId: r.orderId, good: r.good, reject: r.reject, firstAt: r.firstAt, lastAt: r.lastAt, minutes: r.minutes }));
  } catch {
    byOrder = null;
  }
  let uncoded = 0;
  try {
    const minMs = ((line as { microStopThresholdSec?: number }).microStopThresholdSec ?? 0) * 1000;
    for (const e of eventsOverlapping(db, { lineId: line.id, from, to })) {
      if (e.reasonCode !== null) continue;
      const end = Math.min(to, e.endAt ?? now);
      const start = Math.max(from, e.startAt);
      if ((e.endAt ?? now) - e.startAt < minMs || end <= start) continue;
      uncoded += end - start;
    }
  } catch {
    uncoded = 0;
  }
  return { byOrder, uncodedDowntimeMin: Math.round(uncoded / 600) / 100 };
}
