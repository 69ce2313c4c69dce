import { createHash } from 'node:crypto';

/**
 * References derived from a business key, so that two consoles that record the same business fact (the
 * same shift's confirmation of one order operation, the same hold, the same case) send it to the remote
 * system under the SAME reference, and the second one finds the first in the read-back instead of
 * posting it again (issue 19, "effectively-once across consoles").
 *
 * Format: an RFC 9562 UUID version 5 (name-based, SHA-1) in the console's own namespace below. It is a
 * 128-bit GUID like the random (version 4) references the console used before, so every field that took
 * those takes these: SAP's `ExternalSystemConfirmation` (Edm.Guid, read back with `guid'…'`), the
 * 32 hex digits in `ConfirmationText` ("PX:" + 32 hex = 35 of its 40 characters), the REST ERP's and the
 * CMMS's `id`/`reference` fields, the outbox's `id`. References persisted before this change are random
 * (version 4) and stay as they are; only new items get derived ones, and `isDerivedReference` tells them
 * apart by the version digit.
 *
 * The name hashed is `<kind>` followed by the key's fields in the order given, each as `name=value`,
 * joined by U+001F (a separator no field contains), values trimmed; the field names are part of the name
 * so a reordering or a renamed field can never collide with another key. Changing a key's fields changes
 * every reference derived from it: the keys are written down where they are built (shiftClose,
 * holds, cases) and must stay as they are once released.
 */
export const CONSOLE_REFERENCE_NAMESPACE = '5f0c2a4e-8d3b-5e61-9a7c-2b4d6e8f0a13';

const nsBytes = (ns: string): Buffer => Buffer.from(ns.replace(/-/g, ''), 'hex');

export type BusinessKey = ReadonlyArray<readonly [name: string, value: string | number]>;

/** The UUID v5 of `kind` + `key` in the console's namespace (lower-case, hyphenated). */
export function derivedReference(kind: string, key: BusinessKey): string {
  const name = [kind, ...key.map(([k, v]) => `${k}=${String(v).trim()}`)].join('\u001f');
  const h = createHash('sha1').update(nsBytes(CONSOLE_REFERENCE_NAMESPACE)).update(name, 'utf8').digest();
  const b = Buffer.from(h.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A reference made by `derivedReference` (version 5), as opposed to an older random one (version 4). */
export const isDerivedReference = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id);

/** The start of the `bucketMs` window `at` falls in (epoch-aligned): a time in a key that tolerates jitter. */
export const timeBucket = (at: number, bucketMs: number): number => Math.floor(at / bucketMs) * bucketMs;

/**
 * The `n`-th reference of a series (n = 0 is the series itself). A business key without a time in it
 * ("hold this scope for this reason", "the open case of this asset") names a fact that can happen again
 * after the earlier one ended (released, closed): occurrence n of it gets reference n of the series. The
 * remote system decides which occurrence is current: the sender reads the series back, joins the one still
 * in force (active, open) or takes the first reference not yet used. Two consoles walking the same series
 * at the same moment meet at the same reference, where the remote system's uniqueness (or the read-back)
 * lets only one through: no time bucket, so no bucket boundary between two placements a minute apart.
 */
export function seriesReference(series: string, n: number): string {
  return n === 0 ? series.toLowerCase() : derivedReference('series.next', [['series', series.toLowerCase()], ['n', n]]);
}

/** References 0…count-1 of a series, in order. */
export const seriesReferences = (series: string, count: number): string[] => Array.from({ length: count }, (_, n) => seriesReference(series, n));
