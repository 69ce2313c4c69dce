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
