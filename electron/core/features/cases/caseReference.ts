import { derivedReference } from '../../platform/reference/derivedReference.ts';

/**
 * A maintenance case's series (platform/reference/derivedReference.ts, `seriesReference`), derived from
 * its business key so that two consoles raising a case for the same breakdown create it once. The
 * business key is the one the console already keeps locally: ONE OPEN CASE PER ASSET (CaseService: a
 * repeated stop or another alert on an asset with an open case adds a note to that case). So the key is
 * plant and asset (the asset key the case is opened against: the CMMS asset, else the line), nothing else:
 * - not the alert's condition: a downtime alert on one console and the controller's fault alarm on another
 *   are the same breakdown of the same machine, and each console would join them into one case locally;
 * - no time: the first cut used the half hour in which the condition was first raised, and two consoles
 *   that saw the raise a few seconds apart across a half-hour boundary named two cases. Which occurrence
 *   is current is decided by the CMMS instead: the sender (cmmsOnce.ts) reads the series back before it
 *   creates, joins the case still open, or creates under the first reference not used by a closed one.
 * Written down here because it must never change once released (every series would change).
 * Case updates (notes) stay random: each note is its own fact.
 */
export function caseSeries(plant: string, assetKey: string): string {
  return derivedReference('case.series', [
    ['plant', plant],
    ['asset', assetKey],
  ]);
}
