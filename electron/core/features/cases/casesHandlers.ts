import { ok } from '../../../../shared/contract/envelope.ts';
import { failWith, refuseKey } from '../../../../shared/contract/refusal.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { CaseService } from './CaseService.ts';

type Keys = 'cases.raise' | 'cases.list' | 'cases.get' | 'cases.refresh';

export function casesHandlers(cases: CaseService): HandlerGroup<Keys> {
  return {
    'cases.raise': (req, ctx) => {
      const r = cases.raise({ alertId: req.alertId, note: req.note, priority: req.priority }, ctx.actor);
      return r.ok ? ok(r.value) : failWith(r.code, r.message, r.msg);
    },
    'cases.list': (req) => ok(cases.list(req.includeClosed)),
    'cases.get': (req) => {
      const c = cases.get(req.id);
      return c ? ok(c) : refuseKey('NOT_FOUND', 'cases.noCase', { id: req.id });
    },
    'cases.refresh': async () => ok({ checked: await cases.pollStatus() }),
  };
}
