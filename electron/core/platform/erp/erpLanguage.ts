import type { OutboxSendItem } from '../outbox/outboxTypes.ts';

/**
 * The language an ERP request is made in, so the ERP's own texts (its error messages, order and operation
 * texts) come back in the language of the person who caused the request.
 *
 * SAP: the logon language is the URL parameter `sap-language` (two letters, "?sap-language=DE": SAP Help,
 * "Wie kann ich Sprache oder Mandant in der URL übergeben?", help.sap.com/saphelp_em900/helpdata/de/4d/
 * 2deca5c3ea609ee10000000a15822b/content.htm); without it SAP falls back to the `accept-language` header,
 * then to the user's SU01 settings ("Determining the Logon Language", help.sap.com/saphelp_nwes72/helpdata/
 * en/48/cae5c9356c3254e10000000a42189b/content.htm). The REST ERP takes `Accept-Language` (RFC 9110 §12.5.4).
 * Not verified against a real SAP system: whether a logon language the system has not installed is refused
 * or silently replaced (SAP documents the latter for the browser list only).
 */
export interface ErpLanguage {
  /** The plant's default ('de', 'en'): the console's own requests (order sync, read-backs, checks). */
  plant: string;
  /**
   * The language of the person an outbox payload names as its author (`capturedBy`: the first 12
   * characters of the user id); null when unknown (then the plant's default is used).
   */
  ofPerson?: (capturedBy: string) => string | null;
}

const two = (lang: string): string => (/^[a-z]{2}/i.test(lang) ? lang.slice(0, 2).toLowerCase() : 'en');

/**
 * The language of a send: the first item's author's (a batch goes out in one logon language), else the
 * plant's; null when the connector was given no language (nothing is added to the request).
 */
export function languageOfItems(l: ErpLanguage | undefined, items: readonly OutboxSendItem[]): string | null {
  if (!l) return null;
  for (const it of items) {
    const by = (it.payload as { capturedBy?: unknown } | null)?.capturedBy;
    if (typeof by === 'string' && by && by !== 'CONSOLE') {
      const lang = l.ofPerson?.(by);
      if (lang) return two(lang);
      break;
    }
  }
  return two(l.plant);
}

/** SAP's `sap-language` value: the two-letter ISO code in capitals ("DE", "EN"). */
export const sapLanguage = (lang: string): string => two(lang).toUpperCase();
