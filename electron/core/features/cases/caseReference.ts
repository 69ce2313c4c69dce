import { derivedReference, timeBucket } from '../../platform/reference/derivedReference.ts';

/** Alerts of one condition on one asset raised within the same half hour are one breakdown. */
export const CASE_RAISED_BUCKET_MS = 30 * 60_000;

/**
 * A maintenance case's reference (its id, the CMMS record's correlation), derived from its business key
 * so that two consoles raising a case for the same breakdown create it once (the CMMS read-back finds
 * the first). The business key of a case is the BREAKDOWN, not the click:
 * - plant and asset (the asset key the case is opened against: the CMMS asset, else the line);
 * - the alert's condition key (what the alarm source calls the condition, identical on every console
 *   that watches the same controller: e.g. the downtime or OPC UA alarm condition of that line), not its
 *   local row id (each console numbers its own alerts);
 * - the half hour (epoch-aligned) in which that condition was first raised: two consoles see the same
 *   raise within seconds; the same condition again after the case was closed and the machine ran is a
 *   new breakdown. A raise that straddles a half-hour boundary between two consoles gives two cases
 *   (said here because the read-back cannot join them; the planner merges them in the CMMS).
 * Case updates (notes) stay random: each note is its own fact.
 */
export function caseReference(plant: string, assetKey: string, conditionKey: string, firstRaisedAt: number): string {
  return derivedReference('case.create', [
    ['plant', plant],
    ['asset', assetKey],
    ['condition', conditionKey],
    ['raised', timeBucket(firstRaisedAt, CASE_RAISED_BUCKET_MS)],
  ]);
}
