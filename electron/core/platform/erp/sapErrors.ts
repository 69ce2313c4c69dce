import type { ErrorClass, OutboxError } from '../outbox/outboxTypes.ts';

/**
 * SAP's error body in words a person understands. `message` may be an object `{lang, value}`, a
 * string or an array; errordetails often repeat it, so only new details are appended.
 */
export function sapErrorMessage(body: string, status: number): { message: string; code?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    return { message: text || `HTTP ${status} without a message` };
  }
  const err = (parsed as { error?: unknown })?.error as
    | { code?: unknown; message?: unknown; innererror?: { errordetails?: unknown } }
    | undefined;
  if (!err || typeof err !== 'object') return { message: `HTTP ${status} with an unreadable error body` };
  const textOf = (m: unknown): string => {
    if (typeof m === 'string') return m;
    if (Array.isArray(m)) return m.map(textOf).filter(Boolean).join('; ');
    if (m && typeof m === 'object' && 'value' in m) return String((m as { value: unknown }).value);
    return '';
  };
  const main = textOf(err.message);
  const details = Array.isArray(err.innererror?.errordetails) ? (err.innererror.errordetails as { message?: unknown; severity?: unknown }[]) : [];
  const extra = details.map((d) => textOf(d.message)).filter((t) => t && t !== main);
  const message = [main, ...new Set(extra)].filter(Boolean).join('; ') || `HTTP ${status}`;
  return { message: message.slice(0, 500), code: typeof err.code === 'string' ? err.code : undefined };
}

/** contracts §1.1, by HTTP status. */
export function classifyStatus(status: number, hasRetryAfter: boolean): ErrorClass {
  if (status === 401 || status === 403) return 'config';
  if (status === 423 || status === 429) return 'transient';
  if (status === 503 && hasRetryAfter) return 'transient';
  if (status >= 500) return 'unknown';
  if (status === 400 || status === 404 || status === 409 || status === 412 || status === 422) return 'business';
  return 'unknown';
}

export const outboxError = (cls: ErrorClass, message: string, httpStatus?: number, code?: string): OutboxError => ({
  class: cls,
  message,
  ...(httpStatus !== undefined ? { httpStatus } : {}),
  ...(code !== undefined ? { code } : {}),
});

/**
 * SAP messages that mean "locked by someone else, try again later". SAP Gateway answers a business
 * exception with HTTP 400 by default (not 423), so the message decides, read from the error body's `code`
 * ("<message class>/<number>") and from its errordetails. Each entry says where it comes from; numbers
 * marked unverified were not confirmed against a published SAP message page or a real system.
 */
export const TRANSIENT_SAP_MESSAGES: readonly { code: string; meaning: string; source: string }[] = [
  { code: 'MC/601', meaning: 'Object requested is currently locked by user &1 (the generic lock-server message)', source: 'SAP standard message class MC (enqueue); widely quoted, unverified against a real answer of these APIs' },
  { code: 'M3/897', meaning: 'Plant data of material &1 is locked by user &2 (goods movements)', source: 'SAP message class M3; unverified against a real answer of API_MATERIAL_DOCUMENT_SRV' },
  { code: 'CO/469', meaning: 'Order is being processed by another user (as the sandbox answers it)', source: 'unverified: the number the sandbox uses; kept so a 400 lock from the sandbox is transient too' },
];

/** Lock wording when the code is not in the table (English logon language only; unverified beyond it). */
const LOCK_TEXT = /\b(locked by|is (currently )?being processed by|already being processed|currently locked)\b/i;

/** The message codes of an SAP error body: the main `code` and every errordetails `code`. */
export function sapErrorCodes(body: string): { codes: string[]; texts: string[] } {
  try {
    const err = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown; innererror?: { errordetails?: unknown } } }).error;
    if (!err) return { codes: [], texts: [] };
    const details = Array.isArray(err.innererror?.errordetails) ? (err.innererror.errordetails as { code?: unknown; message?: unknown }[]) : [];
    const text = (m: unknown): string => (typeof m === 'string' ? m : m && typeof m === 'object' && 'value' in m ? String((m as { value: unknown }).value) : '');
    return { codes: [err.code, ...details.map((d) => d.code)].filter((c): c is string => typeof c === 'string'), texts: [text(err.message), ...details.map((d) => text(d.message))].filter(Boolean) };
  } catch {
    return { codes: [], texts: [] };
  }
}

/**
 * Status and SAP message together: a 400/409/500 whose message is a lock (table above, or lock wording)
 * is transient (retry later, nothing was applied); everything else as classifyStatus says.
 */
export function classifySapError(status: number, hasRetryAfter: boolean, body: string): ErrorClass {
  const byStatus = classifyStatus(status, hasRetryAfter);
  if (status === 400 || status === 409) {
    const { codes, texts } = sapErrorCodes(body);
    const norm = (c: string) => c.replace(/\s+/g, '').toUpperCase();
    if (codes.some((c) => TRANSIENT_SAP_MESSAGES.some((t) => norm(t.code) === norm(c)))) return 'transient';
    if (texts.some((t) => LOCK_TEXT.test(t))) return 'transient';
  }
  return byStatus;
}
