import { fail, ok } from '../../../shared/contract/envelope.ts';
import type { HandlerGroup } from '../dispatch/handlers.ts';
import { eventsOfAlert, getAlert, toView } from './alertRepo.ts';
import type { AlertService, CommandResult } from './AlertService.ts';

type Keys = 'alerts.list' | 'alerts.get' | 'alerts.acknowledge' | 'alerts.shelve' | 'alerts.unshelve' | 'alerts.assign' | 'alerts.dismiss';

const env = <T>(r: CommandResult<T>) => (r.ok ? ok(r.value) : fail(r.code, r.message));

/** Triage commands; the dispatcher has validated the payload and checked the role from the contract. */
export function alertsHandlers(alerts: AlertService, db: Parameters<typeof getAlert>[0], now: () => number): HandlerGroup<Keys> {
  return {
    'alerts.list': (req) => ok({ at: now(), alerts: alerts.list(req.includeClosed, req.limit), summary: alerts.summary() }),
    'alerts.get': (req) => {
      const a = getAlert(db, req.id);
      return a ? ok({ alert: toView(a), events: eventsOfAlert(db, req.id) }) : fail('NOT_FOUND', `No alert ${req.id}`);
    },
    'alerts.acknowledge': (req, ctx) => ok(alerts.acknowledge(req.ids, ctx.actor)),
    'alerts.shelve': (req, ctx) => env(alerts.shelve(req.id, req.kind === 'timed' ? { kind: 'timed', minutes: req.minutes, reason: req.reason } : { kind: 'oneShot', reason: req.reason }, ctx.actor)),
    'alerts.unshelve': (req, ctx) => env(alerts.unshelve(req.id, ctx.actor)),
    'alerts.assign': (req, ctx) => env(alerts.assign(req.id, req.assignee, ctx.actor)),
    'alerts.dismiss': (req, ctx) => env(alerts.dismiss(req.id, req.reason, ctx.actor)),
  };
}
