import type { z } from 'zod';

/**
 * Payload problems in plain words: the dispatcher's BAD_REQUEST message and the forms (which put each
 * message next to its field by `path`) use the same text.
 */
export interface PayloadProblem {
  /** Dotted path of the field in the request (`scope.lot`, `lines[0].good`), `(top level)` for the request itself. */
  path: string;
  /** One sentence naming the field in plain words: "Lot number: at most 10 characters (SAP batch), got 15". */
  message: string;
}

/** Field names people see, for the keys whose camelCase split would not read well. */
const WORDS: Readonly<Record<string, string>> = {
  erpOrderId: 'Order number',
  operationId: 'Operation',
  lineId: 'Line',
  lot: 'Lot number',
  eventId: 'Downtime event',
  alertId: 'Alert',
  holdId: 'Hold',
  confirmationId: 'Confirmation',
  userId: 'User',
  badgeId: 'Badge',
  userName: 'User name',
  controllerId: 'Controller',
  nodeRef: 'Controller node',
  reasonCode: 'Reason code',
  expectedRevision: 'Revision',
  beforeSeq: 'Paging position',
  sha1: 'Certificate fingerprint',
  at: 'Time',
  from: 'From',
  to: 'To',
  date: 'Date',
  id: 'Id',
  ids: 'Ids',
  pin: 'PIN',
  qty: 'Quantity',
  good: 'Good quantity',
  reject: 'Reject quantity',
  minutes: 'Minutes',
};

const camelWords = (key: string): string => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function formatProblemPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** "Lot number", "Good quantity (line 2)": the last named key, with the list position a person counts from 1. */
export function fieldWords(path: readonly PropertyKey[]): string {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const last = keys.at(-1);
  if (last === undefined) return 'The request';
  const base = WORDS[last] ?? camelWords(last);
  const positions = path.flatMap((p, i) => (typeof p === 'number' ? [`${camelWords(String(path[i - 1] ?? 'item')).toLowerCase().replace(/s$/, '')} ${p + 1}`] : []));
  return positions.length ? `${base} (${positions.join(', ')})` : base;
}

/** A message that already starts with its field's label ("Lot number: …") is kept; others get the field named in front. */
const LABELLED = /^[A-Z][^:]{0,60}: /;
/** zod's own messages look labelled ("Invalid input: …", "Too big: …") but name no field. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized)\b/;

export function describePayloadIssue(issue: z.core.$ZodIssue): PayloadProblem {
  const path = formatProblemPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? ` in ${fieldWords(issue.path).toLowerCase()}` : '';
    return { path, message: `Unexpected field${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.map((k) => String(k).slice(0, 40)).join(', ')}` };
  }
  if (LABELLED.test(issue.message) && !ZOD_DEFAULT.test(issue.message)) return { path, message: issue.message };
  let text = issue.message.replace(/^(Invalid input|Invalid option|Too big|Too small): /, '');
  if (issue.code === 'invalid_type') text = issue.input === undefined ? 'required' : `must be ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : issue.expected}`;
  return { path, message: `${fieldWords(issue.path)}: ${text}` };
}

/** The dispatcher's one-line message for a refused payload. */
export function payloadProblemsMessage(problems: readonly PayloadProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => p.message);
  return `${shown.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}

/**
 * Text no field may carry, whatever its schema says: a NUL (SQLite, C APIs and the ERP's ABAP strings
 * end there, so what is stored is not what was typed) or half of a surrogate pair (not valid UTF-8 or
 * UTF-16 on the wire to the ERP/CMMS). The dispatcher checks every string of every payload, so a new
 * command cannot forget it.
 */
export function unsafeTextProblems(payload: unknown): PayloadProblem[] {
  const out: PayloadProblem[] = [];
  let seen = 0;
  const walk = (v: unknown, path: (string | number)[], depth: number) => {
    if (out.length >= 5 || depth > 32 || ++seen > 100_000) return;
    if (typeof v === 'string') {
      const bad = /\u0000/.test(v) ? 'contains a NUL character' : /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v) ? 'contains a broken character (half of an emoji or symbol)' : null;
      if (bad) out.push({ path: formatProblemPath(path), message: `${fieldWords(path)}: ${bad}` });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
  };
  walk(payload, [], 0);
  return out;
}
