import type { FaultAction } from './faultRules.ts';
import { type RequestCtx, sleep } from './sandboxBase.ts';

/** What a sandbox's hold routes give back to the sandbox that hosts them. */
export interface HoldsSandboxPart {
  /** True when the request was a hold route and has been answered (or dropped, as a fault says). */
  handle(ctx: RequestCtx): Promise<boolean>;
  records(): unknown[];
  reset(): void;
}

/**
 * Scripted faults around one hold write, shared by both hold sandboxes: `before` runs pre-commit
 * faults (true: the request is finished), `after` the post-commit ones (true: no answer is sent).
 */
export function holdFaults(ctx: RequestCtx, a: FaultAction | null, answer: (status: number, code: string, message: string, headers?: Record<string, string>) => void) {
  return {
    async before(): Promise<boolean> {
      if (!a) return false;
      ctx.log.fault = a.kind;
      switch (a.kind) {
        case 'delay':
          await sleep(a.ms);
          return false;
        case 'resetBeforeCommit':
          ctx.req.socket.resetAndDestroy();
          return true;
        case 'status':
          answer(a.status, 'UNAVAILABLE', `Service temporarily failed (HTTP ${a.status})`, a.retryAfterS !== undefined ? { 'retry-after': String(a.retryAfterS) } : {});
          return true;
        case 'rateLimit':
          answer(429, 'RATE_LIMITED', 'Too many requests', { 'retry-after': String(a.retryAfterS) });
          return true;
        case 'locked':
          answer(423, 'LOCKED', 'Material is locked by another user', { 'retry-after': '2' });
          return true;
        case 'reject':
          answer(a.status ?? 422, a.code, a.message);
          return true;
        default:
          return false;
      }
    },
    async after(): Promise<boolean> {
      if (!a) return false;
      if (a.kind === 'resetAfterCommit') {
        ctx.req.socket.resetAndDestroy();
        return true;
      }
      if (a.kind === 'commitThenHang') {
        if (a.respondAfterMs === undefined) return true;
        await sleep(a.respondAfterMs);
      }
      return false;
    },
  };
}
