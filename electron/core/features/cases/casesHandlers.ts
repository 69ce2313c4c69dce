import { fail, ok } from '../../../../shared/contract/envelope.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { CaseService } from './CaseService.ts';

type Keys = 'cases.raise' | 'cases.list' | 'cases.get' | 'cases.refresh';

export function casesHandlers(cases: CaseService): HandlerGroup<Keys> {
  return {
    'cases.raise': (req, ctx) => {
      const r = cases.raise({ alertId: req.alertId, note: req.note, priority: req.priority }, ctx.actor);
      return r.ok ? ok(r.value) : fail(r.code, r.message);
    },
    'cases.list': (req) => ok(cases.list(req.includeClosed)),
    'cases.get': (req) => {
      const c = cases.get(req.id);
      return c ? ok(c) : fail('NOT_FOUND', `No case ${req.id}`);
    },
    'cases.refresh': async () => ok({ checked: await cases.pollStatus() }),
  };
}
