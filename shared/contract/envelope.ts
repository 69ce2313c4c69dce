import { z } from 'zod';
import { MessageSchema } from '../i18n/index.ts';

/** The closed set of error codes that may cross the wire. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_CONNECTED',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({
  code: ErrorCode,
  /** The English text (logs, tests, a screen built before catalogues): always there. */
  message: z.string(),
  details: z.unknown().optional(),
  /**
   * The same text as a catalogue message (key in namespace `core` + parameters), so a screen shows it in
   * the reader's language (renderer: tMessage(error.msg, error.message)). Built with `refuse()`.
   */
  msg: MessageSchema.optional(),
  /**
   * What a library or remote system said (socket code, HTTP status and body, SQLite code, certificate):
   * for the administrator only; the dispatcher drops it from replies to anyone else.
   */
  technical: z.string().max(4000).optional(),
});
export type WireError = z.infer<typeof WireError>;

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Fail = { readonly ok: false; readonly error: WireError };
export type Envelope<T> = Ok<T> | Fail;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Fail =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };

/** Shape check for an envelope arriving from the other side of a bridge. */
export const EnvelopeShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
