import { DateTime } from 'luxon';

/** What the look-up before the first send reads of a ProdnOrdConf2 record (all in the published definition). */
export const BEFORE_SEND_SELECT = [
  'ConfirmationGroup',
  'ConfirmationCount',
  'ExternalSystemConfirmation',
  'IsReversed',
  'EnteredByExternalUser',
  'ConfirmationExternalEntryDate',
  'ConfirmationExternalEntryTime',
  'ConfirmationUnit',
  'ConfirmationYieldQuantity',
  'ConfirmationScrapQuantity',
  'ConfirmationReworkQuantity',
] as const;

/** `/Date(ms)/` (a plant-local day as SAP writes it) → `YYYY-MM-DD`; null when absent or unreadable. */
function dayOf(v: unknown): string | null {
  const m = /^\/Date\((-?\d+)\)\/$/.exec(String(v ?? ''));
  return m ? DateTime.fromMillis(Number(m[1]), { zone: 'utc' }).toISODate() : null;
}
/** `PT14H05M00S` → `14:05`; null when absent. */
function timeOf(v: unknown): string | null {
  const m = /^PT(\d{1,2})H(\d{1,2})M/.exec(String(v ?? ''));
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]!.padStart(2, '0')}` : null;
}
const num = (v: unknown) => Number(String(v ?? '0')) || 0;

/**
 * A confirmation SAP already holds under the reference we are about to post (issue 19 item 5): references are
 * derived from the business key (plant, line, shift, order, operation, correction), so another console that
 * closed the same shift posted under the same ExternalSystemConfirmation. Null when the record is what we
 * would post ourselves (an earlier attempt of ours was applied: same person, same capture time, same
 * quantities); otherwise the record in words for the supervisor who resolves the conflict. SAP keeps no
 * console name, so the sentence says who (EnteredByExternalUser), when (the external entry date and time,
 * plant-local) and what; `mine` is the ProdnOrdConf2 entity we would send (toSapConfirmation).
 */
export function foreignSapRecord(mine: Readonly<Record<string, unknown>>, rec: Readonly<Record<string, unknown>>): string | null {
  const same =
    String(rec.EnteredByExternalUser ?? '') === String(mine.EnteredByExternalUser ?? '') &&
    num(rec.ConfirmationYieldQuantity) === num(mine.ConfirmationYieldQuantity) &&
    num(rec.ConfirmationScrapQuantity) === num(mine.ConfirmationScrapQuantity) &&
    num(rec.ConfirmationReworkQuantity) === num(mine.ConfirmationReworkQuantity) &&
    // An older record without the external entry time cannot be told apart by it.
    (dayOf(rec.ConfirmationExternalEntryDate) === null || dayOf(rec.ConfirmationExternalEntryDate) === dayOf(mine.ConfirmationExternalEntryDate)) &&
    (timeOf(rec.ConfirmationExternalEntryTime) === null || String(rec.ConfirmationExternalEntryTime) === String(mine.ConfirmationExternalEntryTime));
  if (same) return null;
  const who = String(rec.EnteredByExternalUser ?? '') || 'someone';
  const day = dayOf(rec.ConfirmationExternalEntryDate);
  const time = timeOf(rec.ConfirmationExternalEntryTime);
  const when = day ? ` at ${day}${time ? ` ${time}` : ''} (plant time)` : '';
  const unit = String(rec.ConfirmationUnit ?? '');
  const rework = num(rec.ConfirmationReworkQuantity) > 0 ? `, ${String(rec.ConfirmationReworkQuantity)} rework` : '';
  return `already confirmed in SAP from another console by ${who}${when}, with ${String(rec.ConfirmationYieldQuantity ?? '?')} ${unit} good, ${String(rec.ConfirmationScrapQuantity ?? '0')} scrap${rework} (SAP confirmation ${String(rec.ConfirmationGroup ?? '?')}/${String(rec.ConfirmationCount ?? '?')})`;
}
