import { okResult, errResult, type Result } from '../../../../shared/result.ts';
import { header, type HttpResponse, httpRequest } from '../erp/httpClient.ts';
import { classifyStatus, outboxError } from '../erp/sapErrors.ts';
import { parseRetryAfter } from '../outbox/backoff.ts';
import type { OutboxError, SendOutcome } from '../outbox/outboxTypes.ts';

/**
 * One JSON exchange with a CMMS, and what its failures mean for the outbox. A request that never
 * left is transient (nothing can have been stored); one that left without an answer is unknown (read
 * back by reference before anything is sent again); 429 and 423 wait for Retry-After; other 5xx
 * answers to a write may have been stored, so they are read back too.
 */
export type Exchange = { ok: true; res: HttpResponse; json: unknown } | { ok: false; outcome: SendOutcome };

export async function exchange(system: string, req: { method: string; url: string; headers: Record<string, string>; body?: unknown; timeoutMs: number }, now: () => number): Promise<Exchange> {
  const r = await httpRequest({
    method: req.method,
    url: req.url,
    headers: { accept: 'application/json', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    timeoutMs: req.timeoutMs,
  });
  if (!r.ok) {
    return r.error.phase === 'notSent'
      ? { ok: false, outcome: { kind: 'transient', error: outboxError('transient', `${system} not reachable: ${r.error.message}`) } }
      : { ok: false, outcome: { kind: 'unknown', error: outboxError('unknown', `sent to ${system}, but ${r.error.message}`) } };
  }
  let json: unknown = null;
  try {
    json = r.value.body ? (JSON.parse(r.value.body) as unknown) : null;
  } catch {
    json = null;
  }
  if (r.value.status >= 200 && r.value.status < 300) return { ok: true, res: r.value, json };
  return { ok: false, outcome: failure(system, r.value, json, now) };
}

/**
 * ServiceNow: {"error":{"message","detail"}}. MaintainX (published OpenAPI): 400 {"errors":[{"error","fieldPath"}]},
 * 404 {"error":"…"}. Anything else with a "message" is taken as it comes.
 */
export function remoteMessage(json: unknown, status: number): string {
  const j = (json ?? {}) as { error?: { message?: unknown; detail?: unknown } | string; errors?: { message?: unknown; error?: unknown; fieldPath?: unknown }[]; message?: unknown };
  const e = typeof j.error === 'object' && j.error !== null ? j.error : undefined;
  const mx = (j.errors ?? []).map((x) => (typeof x.error === 'string' ? (typeof x.fieldPath === 'string' && x.fieldPath ? `${x.fieldPath} ${x.error}` : x.error) : x.message));
  const parts = [e?.message, e?.detail !== e?.message ? e?.detail : undefined, typeof j.error === 'string' ? j.error : undefined, ...mx, j.message].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return parts.length > 0 ? parts.join(': ') : `HTTP ${status}`;
}

function failure(system: string, res: HttpResponse, json: unknown, now: () => number): SendOutcome {
  const retryAfter = header(res.headers, 'retry-after');
  const cls = classifyStatus(res.status, retryAfter !== undefined);
  const error = outboxError(cls, `${system}: ${remoteMessage(json, res.status)}`, res.status);
  if (cls === 'transient') return { kind: 'transient', error, retryAfterMs: parseRetryAfter(retryAfter, now()) };
  if (cls === 'config') return { kind: 'config', error: { ...error, message: `${system} refused our credentials (${res.status}); check the CMMS account in settings` } };
  return { kind: cls, error };
}

/** For reads (read-back, status): any failure is just an error; the caller retries later. */
export async function readJson(system: string, req: { url: string; headers: Record<string, string>; timeoutMs: number }, now: () => number): Promise<Result<unknown, OutboxError>> {
  const x = await exchange(system, { method: 'GET', ...req }, now);
  return x.ok ? okResult(x.json) : errResult(x.outcome.kind === 'done' ? outboxError('unknown', 'unexpected') : x.outcome.error);
}

export async function authFrom(secrets: { read(name: string): Promise<Result<string, 'NOT_FOUND' | 'UNAVAILABLE'>> }, name: string, system: string): Promise<Result<string, OutboxError>> {
  const r = await secrets.read(name);
  if (!r.ok) return errResult(outboxError('config', r.error === 'NOT_FOUND' ? `no ${system} credentials stored under "${name}"; enter them in settings` : 'the secret store is not available'));
  return okResult(r.value);
}
