import { derivedReference } from '../../platform/reference/derivedReference.ts';

/**
 * The ERP references of a shift's confirmations, derived from the business key (see
 * platform/reference/derivedReference.ts). Written down here because it must never change once released:
 *
 * - a confirmation (post) is ONE order operation's production on ONE line in ONE shift, closed for the
 *   Nth time: plant (the ERP plant, else the console's plant id), line id, shift date (plant calendar,
 *   yyyy-mm-dd) and shift code, ERP order id, operation (4 digits), and the shift close's correction
 *   number (0 for the first close; each reverse-and-close-again adds 1, so a re-close never reuses the
 *   reference of what it replaces). The quantities are NOT in the key: two consoles that count the same
 *   shift differently still post the same fact, and the second must see the first as a conflict, not
 *   post a second record.
 * - a re-post of one reversed confirmation (shift.reverse with repost) is keyed by the confirmation it
 *   replaces: there is exactly one re-post per reversed confirmation.
 * - a cancellation is keyed by the confirmation it cancels: a confirmation is cancelled at most once.
 *
 * Confirmations stored before this change keep their random references.
 */
export interface ConfirmationKey {
  plant: string;
  lineId: string;
  shiftDate: string;
  shiftCode: string;
  erpOrderId: string;
  operationId: string;
  correction: number;
}

export const confirmationReference = (k: ConfirmationKey): string =>
  derivedReference('confirmation.post', [
    ['plant', k.plant],
    ['line', k.lineId],
    ['shiftDate', k.shiftDate],
    ['shiftCode', k.shiftCode],
    ['order', k.erpOrderId],
    ['operation', k.operationId.padStart(4, '0')],
    ['correction', k.correction],
  ]);

export const repostReference = (replaces: string): string => derivedReference('confirmation.repost', [['replaces', replaces.toLowerCase()]]);

export const cancelReference = (reverses: string): string => derivedReference('confirmation.cancel', [['reverses', reverses.toLowerCase()]]);
