import type { HoldScope } from '../../../../shared/domain/hold.ts';
import { derivedReference } from '../../platform/reference/derivedReference.ts';

/**
 * A hold's series (platform/reference/derivedReference.ts, `seriesReference`): the reference of the first
 * hold ever placed on this business key; later holds on the same key (after a release) take the next
 * references of the series, and the ERP decides which one is current (restHolds.ts). The business key of
 * a hold is WHAT is held and WHY:
 * - plant, and the scope after widening to whole minutes: kind, line, ERP order, lot, from, to; a LINE
 *   hold's `from` is left out: "Line from now on" takes the minute the person pressed Place, so two
 *   people holding the same line a minute apart would otherwise name two holds (the line is held from the
 *   earlier of the two; the adopting console says so);
 * - the reason code (the same stock held for another reason is another hold).
 * No time is in the key. Before (issue 19, first cut), the quarter hour of placement was: two placements
 * one minute apart across a quarter-hour boundary (12:14:30 and 12:15:30) got two references, so the
 * ERP's uniqueness could not join them and the stock was held twice. A time bucket of any size has such a
 * boundary; occurrences decided by the ERP (active or released) have none.
 * The note and defect category are not part of the key (two people word the same hold differently).
 * Written down here because it must never change once released (every series would change).
 */
export function holdSeries(plant: string, scope: HoldScope, reason: string): string {
  return derivedReference('hold.series', [
    ['plant', plant],
    ['kind', scope.kind],
    ['line', 'lineId' in scope ? String(scope.lineId ?? '') : ''],
    ['order', scope.kind === 'order' ? scope.erpOrderId : ''],
    ['lot', scope.kind === 'lot' ? scope.lot : ''],
    ['from', scope.kind === 'window' || scope.kind === 'lot' ? scope.from : ''],
    ['to', scope.kind === 'window' || scope.kind === 'lot' ? scope.to : ''],
    ['reason', reason],
  ]);
}
