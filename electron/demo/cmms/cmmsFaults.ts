import type { FaultAction } from '../erp/faultRules.ts';
import { type RequestCtx, sleep } from '../erp/sandboxBase.ts';

/** A target's error body for a status (ServiceNow and MaintainX shape errors differently). */
export type ErrorWriter = (ctx: RequestCtx, status: number, message: string, headers?: Record<string, string>) => void;

/**
 * Applies the part of a fault that happens before the record is stored. Returns 'handled' when the
 * request was answered (or its connection dropped), or the action to apply after the commit.
 */
export async function faultBefore(ctx: RequestCtx, a: FaultAction | null, writeError: ErrorWriter): Promise<'handled' | FaultAction | null> {
  if (!a) return null;
  ctx.log.fault = a.kind;
  switch (a.kind) {
    case 'delay':
      await sleep(a.ms);
      return null;
    case 'resetBeforeCommit':
      ctx.req.socket.resetAndDestroy();
      return 'handled';
    case 'status':
      writeError(ctx, a.status, 'Service unavailable', a.retryAfterS !== undefined ? { 'retry-after': String(a.retryAfterS) } : {});
      return 'handled';
    case 'rateLimit':
      writeError(ctx, 429, 'Rate limit exceeded', { 'retry-after': String(a.retryAfterS), 'x-ratelimit-limit': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + a.retryAfterS), 'x-ratelimit-rule': 'sandbox' });
      return 'handled';
    case 'locked':
      writeError(ctx, 423, 'Record is locked', { 'retry-after': '2' });
      return 'handled';
    case 'reject':
      writeError(ctx, a.status ?? 400, `${a.code}: ${a.message}`);
      return 'handled';
    default:
      return a;
  }
}

/** After the commit: drop the answer (the client cannot know it was stored) or answer late. True when answered or dropped. */
export async function faultAfter(ctx: RequestCtx, a: FaultAction | null): Promise<boolean> {
  if (!a || typeof a === 'string') return false;
  if (a.kind === 'resetAfterCommit') {
    ctx.req.socket.resetAndDestroy();
    return true;
  }
  if (a.kind === 'commitThenHang') {
    if (a.respondAfterMs === undefined) return true;
    await sleep(a.respondAfterMs);
  }
  return false;
}

/** lateCommit: answer 504 now, store after `commitAfterMs` (the client gave up and will read back). */
export function lateCommitDelay(a: FaultAction | null): number | null {
  return a && a.kind === 'lateCommit' ? a.commitAfterMs : null;
}
