import { type CoreKey, type Message, type MessageParam, msg } from '../i18n/index.ts';
import { renderMessage } from '../i18n/render.ts';
import type { ErrorCode, Fail } from './envelope.ts';

/**
 * A refusal or failure a person reads: the catalogue message (namespace `core`, checked by the compiler
 * against the English catalogue: a key that is not there does not compile) and its English text as
 * `message`, so logs, tests and any screen that does not translate yet read what they read before.
 * `technical` is what a library or remote system said, for the administrator only (the dispatcher drops
 * it for anyone else).
 */
export function refuse(code: ErrorCode, m0: Message, extra: { details?: unknown; technical?: string } = {}): Fail {
  const m = withinWire(m0);
  const text = renderMessage(m, 'en') ?? m.key;
  return {
    ok: false,
    error: {
      code,
      message: text,
      ...(extra.details !== undefined ? { details: extra.details } : {}),
      msg: m,
      ...(extra.technical ? { technical: extra.technical.slice(0, 4000) } : {}),
    },
  };
}

/** Parameters as the wire takes them (MessageSchema: text up to 2000 characters), so a long library text never makes a reply unreadable. */
function withinWire(m: Message): Message {
  if (!m.params) return m;
  let long = false;
  for (const v of Object.values(m.params)) if (typeof v === 'string' && v.length > 2000) long = true;
  if (!long) return m;
  return { key: m.key, params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'string' && v.length > 2000 ? `${v.slice(0, 1999)}…` : v])) };
}

/**
 * A failure whose English text is kept as it was (a library's, or one composed before catalogues), with
 * the catalogue message a person reads in their language beside it, and the technical detail.
 */
export function failWith(code: ErrorCode, english: string, m: Message, extra: { details?: unknown; technical?: string } = {}): Fail {
  const f = refuse(code, m, extra);
  return { ok: false, error: { ...f.error, message: english } };
}

/** `refuse(code, m(key, params))` in one call: `refuseKey('NOT_FOUND', 'outbox.noItem', { id })`. */
export const refuseKey = (code: ErrorCode, key: CoreKey, params?: Record<string, MessageParam>, extra?: { details?: unknown; technical?: string }): Fail => refuse(code, msg(key, params), extra);

/** The English text of a core message (for a log line, a stored English column beside the Message). */
export const englishOf = (m: Message): string => renderMessage(m, 'en') ?? m.key;
