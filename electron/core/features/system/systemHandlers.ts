import type { SystemInfo } from '../../../../shared/contract/domains/system.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';

export function systemHandlers(info: () => SystemInfo): HandlerGroup<'system.info' | 'session.current'> {
  return {
    'system.info': () => ok(info()),
    'session.current': (_req, ctx) => ok(ctx.actor),
  };
}
