import { fail, ok } from '../../../../shared/contract/envelope.ts';
import { englishOf, failWith, refuseKey } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { alertsByIds, eventsOfAlert, getAlert, toView, type AlertRecord } from './alertRepo.ts';
import type { AlertService, CommandResult } from './AlertService.ts';
import type { ForwardResult } from './opcuaAlarmSource.ts';

type Keys = 'alerts.list' | 'alerts.get' | 'alerts.acknowledge' | 'alerts.shelve' | 'alerts.unshelve' | 'alerts.assign' | 'alerts.dismiss';

const env = <T>(r: CommandResult<T>) => (r.ok ? ok(r.value) : r.msg ? failWith(r.code, r.message, r.msg) : fail(r.code, r.message));

/** Acknowledges alerts whose state a controller owns on that controller first (OPC UA Alarms & Conditions). */
export type ForwardAcknowledge = (records: readonly AlertRecord[], actor: Actor) => Promise<ForwardResult>;

/** Triage commands; the dispatcher has validated the payload and checked the role from the contract. */
export function alertsHandlers(alerts: AlertService, db: WritableDb, now: () => number, forwardAck?: ForwardAcknowledge): HandlerGroup<Keys> {
  return {
    'alerts.list': (req) => ok({ at: now(), alerts: alerts.list(req.includeClosed, req.limit), summary: alerts.summary() }),
    'alerts.get': (req) => {
      const a = getAlert(db, req.id);
      return a ? ok({ alert: toView(a), events: eventsOfAlert(db, req.id) }) : refuseKey('NOT_FOUND', 'alerts.noAlert', { id: req.id });
    },
    'alerts.acknowledge': async (req, ctx) => {
      const external = forwardAck ? alertsByIds(db, req.ids).filter((a) => a.source === 'opcua' && !a.acked && !a.dismissed) : [];
      if (external.length === 0 || !forwardAck) return ok(alerts.acknowledge(req.ids, ctx.actor));
      // The controller owns these: acknowledged here only once it has accepted (no phantom acknowledgement).
      const expected = alerts.expectControllerAck(external.map((a) => a.id), ctx.actor);
      let f: Awaited<ReturnType<typeof forwardAck>>;
      let r: { acknowledged: number[]; already: number[] };
      try {
        f = await forwardAck(external, ctx.actor);
        const failed = new Set(f.failed.map((x) => x.id));
        const rest = req.ids.filter((id) => !failed.has(id));
        r = rest.length > 0 ? alerts.acknowledge(rest, ctx.actor) : { acknowledged: [], already: [] };
      } finally {
        expected();
      }
      if (f.failed.length === 0) return ok(r);
      const plainFailed = f.failed.map(({ id, message }) => ({ id, message }));
      recordAudit(db, { at: now(), actor: ctx.actor, action: 'alerts.acknowledge', target: f.failed.map((x) => x.id).join(',').slice(0, 400), details: { failed: plainFailed }, outcome: 'failed' });
      // The English text as it always read; the reader's language names what happened at the controller
      // (its explanation from the catalogue), the library's words go to the administrator's Details.
      const first = f.failed[0]!;
      const english = englishOf(msg('alerts.ackFailedOnController', { count: f.failed.length, reason: first.message }));
      const m: Message = first.explained?.params === undefined && first.explained
        ? { ...msg('alerts.ackFailedOnController', { count: f.failed.length, reason: first.message }), terms: { reason: `core:${first.explained.key}` } }
        : msg('alerts.ackFailedOnController', { count: f.failed.length, reason: first.message });
      return failWith('NOT_CONNECTED', english, m, { details: { ...r, failed: plainFailed }, ...(first.technical ? { technical: first.technical } : {}) });
    },
    'alerts.shelve': (req, ctx) => env(alerts.shelve(req.id, req.kind === 'timed' ? { kind: 'timed', minutes: req.minutes, reason: req.reason } : { kind: 'oneShot', reason: req.reason }, ctx.actor)),
    'alerts.unshelve': (req, ctx) => env(alerts.unshelve(req.id, ctx.actor)),
    'alerts.assign': (req, ctx) => env(alerts.assign(req.id, req.assignee, ctx.actor)),
    'alerts.dismiss': (req, ctx) => env(alerts.dismiss(req.id, req.reason, ctx.actor)),
  };
}
