import { type Envelope, ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import type { Res } from '../../../../shared/contract/commands.ts';
import { microStopSummary, needsCoding, paretoOf, reasonLeaves } from '../../../../shared/domain/downtime.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { CommandContext, HandlerGroup } from '../../platform/dispatch/handlers.ts';
import * as repo from './downtimeRepo.ts';
import type { ProductionTracker } from './ProductionTracker.ts';
import { shiftFor } from './reportWindows.ts';
import { downtimeEventsIn, toDowntimeEvent } from './windowFigures.ts';
import type { WritableDb } from '../../platform/storage/db.ts';

export interface DowntimeHandlerDeps {
  db: WritableDb;
  plant: PlantConfig;
  tracker: ProductionTracker;
  /** A supervisor changed events of this line: refresh the live figures and tell the screens. */
  changed: (lineId: string) => void;
}

type Keys = 'downtime.list' | 'downtime.reasons' | 'downtime.setReason' | 'downtime.split' | 'downtime.addNote';

/** Thrown inside a transaction to roll it back and answer with this envelope. */
class Refusal extends Error {
  readonly envelope: Envelope<never>;
  constructor(envelope: Envelope<never>) {
    super('refused');
    this.envelope = envelope;
  }
}

export function downtimeHandlers(deps: DowntimeHandlerDeps): HandlerGroup<Keys> {
  const { db } = deps;

  const eventView = (id: number, now: number) => {
    const row = repo.getEvent(db, id)!;
    const settings = deps.tracker.settingsOf(row.lineId)!;
    const notes = repo.notesOf(db, [id]).map((n) => ({ at: n.at, by: n.by, text: n.text }));
    return toDowntimeEvent(row, settings, now, notes);
  };

  /**
   * Every change: checks first, then the change and its audit record in ONE transaction (an action
   * that cannot be audited does not happen), then the screens are told.
   */
  function change<T>(action: string, eventId: number, expectedRevision: number | undefined, ctx: CommandContext, body: (row: repo.DowntimeRow) => { value: T; details: unknown }): Envelope<T> {
    let lineId = '';
    let result: Envelope<T>;
    try {
      result = db.transaction((): Envelope<T> => {
        const row = repo.getEvent(db, eventId);
        if (!row) throw new Refusal(refuseKey('NOT_FOUND', 'downtime.noEvent', { eventId }));
        if (expectedRevision !== undefined && row.revision !== expectedRevision) {
          throw new Refusal(refuseKey('CONFLICT', 'downtime.changed', { eventId }, { details: { revision: row.revision } }));
        }
        lineId = row.lineId;
        const { value, details } = body(row);
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action, target: `downtime:${eventId}`, details: { lineId: row.lineId, ...(details as object) }, outcome: 'ok' });
        return ok(value);
      })();
    } catch (e) {
      if (e instanceof Refusal) return e.envelope;
      throw e;
    }
    deps.changed(lineId);
    return result;
  }

  return {
    'downtime.list': (req, { now }) => {
      const settings = deps.tracker.settingsOf(req.lineId);
      if (!settings) return refuseKey('NOT_FOUND', 'lines.noLineInPlant', { lineId: req.lineId });
      const shift = shiftFor(deps.plant, req.shift, now);
      if (!shift) return ok({ lineId: req.lineId, window: null, events: [], micro: { count: 0, totalMs: 0 }, uncodedCount: 0, pareto: [] });
      const window = { start: shift.start, end: Math.min(shift.end, now) };
      const events = downtimeEventsIn(db, settings, window, now);
      return ok({
        lineId: req.lineId,
        window,
        events,
        micro: microStopSummary(events),
        uncodedCount: events.filter(needsCoding).length,
        pareto: paretoOf(events),
      });
    },
    'downtime.reasons': (req) => {
      const settings = deps.tracker.settingsOf(req.lineId);
      if (!settings) return refuseKey('NOT_FOUND', 'lines.noLineInPlant', { lineId: req.lineId });
      return ok({ tree: settings.reasonTree, leaves: reasonLeaves(settings.reasonTree) });
    },
    'downtime.setReason': (req, ctx): Envelope<Res<'downtime.setReason'>> =>
      change('downtime.setReason', req.eventId, req.expectedRevision, ctx, (row) => {
        const settings = deps.tracker.settingsOf(row.lineId)!;
        const leaf = settings.reasons.get(req.reasonCode);
        if (!leaf) {
          throw new Refusal(refuseKey('BAD_REQUEST', 'downtime.unknownReason', { reasonCode: req.reasonCode, lineId: row.lineId }, { details: { known: [...settings.reasons.keys()] } }));
        }
        repo.setReason(db, { id: row.id, reasonCode: leaf.code, by: ctx.actor.userId, at: ctx.now });
        return { value: eventView(row.id, ctx.now), details: { from: row.reasonCode, to: leaf.code } };
      }),
    'downtime.split': (req, ctx): Envelope<Res<'downtime.split'>> =>
      change('downtime.split', req.eventId, req.expectedRevision, ctx, (row) => {
        const end = row.endAt ?? ctx.now;
        if (!(req.at > row.startAt && req.at < end)) {
          throw new Refusal(refuseKey('BAD_REQUEST', 'downtime.splitOutside', { from: new Date(row.startAt).toISOString(), to: new Date(end).toISOString() }));
        }
        const second = repo.splitEvent(db, { id: row.id, at: req.at });
        return { value: { first: eventView(row.id, ctx.now), second: eventView(second, ctx.now) }, details: { at: req.at, newEventId: second } };
      }),
    'downtime.addNote': (req, ctx): Envelope<Res<'downtime.addNote'>> =>
      change('downtime.addNote', req.eventId, req.expectedRevision, ctx, (row) => {
        repo.addNote(db, { eventId: row.id, at: ctx.now, by: ctx.actor.displayName || ctx.actor.userId, text: req.text });
        return { value: eventView(row.id, ctx.now), details: { length: req.text.length } };
      }),
  };
}
