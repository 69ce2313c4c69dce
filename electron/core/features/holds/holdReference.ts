import type { HoldScope } from '../../../../shared/domain/hold.ts';
import { derivedReference, timeBucket } from '../../platform/reference/derivedReference.ts';

/** Holds placed within the same quarter hour on the same scope for the same reason are one hold. */
export const HOLD_PLACED_BUCKET_MS = 15 * 60_000;

/**
 * A hold's reference (its id, its ERP posting's reference), derived from its business key so that two
 * consoles placing the same hold post it once (platform/reference/derivedReference.ts). The business key
 * of a hold is WHAT is held and WHY, and WHEN it was decided:
 * - plant, and the scope after widening to whole minutes: kind, line, ERP order, lot, from, to
 *   (a line hold's `from` is the minute it starts; an order hold has neither);
 * - the reason code (the same stock held for another reason is another hold);
 * - the quarter hour (plant-independent, epoch-aligned) in which it was placed: a quality lead and a
 *   supervisor reacting to the same defect place it within minutes; the same scope held again hours
 *   later, after a release, is a new hold. Two placements that straddle a quarter-hour boundary get two
 *   references: the read-back cannot join them, and both holds show on the screens (a hold too many
 *   blocks stock twice in the ERP, which is the safe side).
 * The note and defect category are not part of the key (two people word the same hold differently).
 */
export function holdReference(plant: string, scope: HoldScope, reason: string, placedAt: number): string {
  return derivedReference('hold.place', [
    ['plant', plant],
    ['kind', scope.kind],
    ['line', 'lineId' in scope ? String(scope.lineId ?? '') : ''],
    ['order', scope.kind === 'order' ? scope.erpOrderId : ''],
    ['lot', scope.kind === 'lot' ? scope.lot : ''],
    ['from', 'from' in scope ? scope.from : ''],
    ['to', 'to' in scope ? scope.to : ''],
    ['reason', reason],
    ['placed', timeBucket(placedAt, HOLD_PLACED_BUCKET_MS)],
  ]);
}
