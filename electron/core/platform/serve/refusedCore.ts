import { ok } from '../../../../shared/contract/envelope.ts';
import { failWith } from '../../../../shared/contract/refusal.ts';
import { msg } from '../../../../shared/i18n/index.ts';
import type { SystemInfo } from '../../../../shared/contract/domains/system.ts';
import type { Core } from '../../coreApi.ts';

/**
 * What serve mode runs when the core refused to start: the page is still served, and every screen shows
 * why (system.health answers with the refusal; every other command says the core did not start).
 */
export function refusedCore(message: string, at: number, info?: SystemInfo): Core {
  let next = 1;
  const health = { at, modules: [{ module: 'core', label: 'Console core', state: 'stopped' as const, since: at, message }] };
  return {
    async dispatch(key) {
      if (key === 'system.health') return ok(health);
      // The plant as configured (name, time zone, language): the page speaks the plant's language.
      if (key === 'system.info' && info) return ok(info);
      return failWith('UNAVAILABLE', `The console did not start. ${message}`, msg('host.notStarted', { reason: message }));
    },
    openSession: () => `refused-${next++}`,
    closeSession: () => undefined,
    events: { subscribe: () => ({ dispose: () => undefined }) },
    async dispose() {},
  };
}
