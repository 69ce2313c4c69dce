/**
 * Our configured node references: `nsu=<namespace URI>;<i|s|g|b>=<identifier>`. The namespace index is
 * looked up in the server's NamespaceArray on every (re)connect, never stored.
 */

export interface ParsedNodeRef {
  namespaceUri: string;
  /** The identifier part with its type prefix, e.g. `s=Line1.GoodCount`. */
  identifier: string;
}

const NODE_REF = /^nsu=([^;]+);([isgb]=.+)$/;

export function parseNodeRef(ref: string): ParsedNodeRef | null {
  const m = NODE_REF.exec(ref);
  if (!m || !m[1] || !m[2]) return null;
  return { namespaceUri: m[1], identifier: m[2] };
}

/** `ns=<index>;<identifier>`, the form the OPC UA stack parses, for the given namespace index. */
export function withNamespaceIndex(parsed: ParsedNodeRef, index: number): string {
  return `ns=${index};${parsed.identifier}`;
}
