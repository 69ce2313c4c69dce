import { type Envelope, ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import type { CounterEventView, LineDetail, ShiftReport } from '../../../../shared/contract/domains/production.ts';
import type { Res } from '../../../../shared/contract/commands.ts';
import { computeOee, oeeWarning } from '../../../../shared/domain/oee.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { ProductionTracker } from './ProductionTracker.ts';
import { eventsOverlapping } from './downtimeRepo.ts';
import { type CounterEventRecord, counterEventById, counterEventRecords, decideHeldJump, heldJumpsIn } from './heldJumpRepo.ts';
import { lineFigures, shiftPeriod } from './lineFigures.ts';
import { productionByOrder } from './productionRepo.ts';
import { shiftFor, shiftInfo } from './reportWindows.ts';
import type { ShiftWindow } from './shiftCalendar.ts';
import type { WindowFigures } from './windowFigures.ts';
import type { WritableDb } from '../../platform/storage/db.ts';

export interface ProductionHandlerDeps {
  db: WritableDb;
  plant: PlantConfig;
  tracker: ProductionTracker;
  /** Writes what the tracker holds, so an answer includes the last second. */
  flush: () => void;
  /** A supervisor decided a held jump of this line: recompute the live figures. */
  changed?: (lineId: string) => void;
}

type Keys = 'production.lineDetail' | 'production.shiftSummary' | 'production.heldJumps' | 'production.decideHeldJump';

const SIGNAL_WORDS = { good: 'good', reject: 'reject' } as const;

/** What happened to a counter, in words (shown on the line view and in the shift close). */
export function counterEventReason(e: Pick<CounterEventRecord, 'kind' | 'signal' | 'before' | 'after' | 'counted' | 'held' | 'fromAt' | 'at'>): string {
  const c = `${SIGNAL_WORDS[e.signal]} counter`;
  switch (e.kind) {
    case 'suspect':
      return `The ${c} jumped from ${e.before} to ${e.after}: ${e.held} parts in ${Math.max(1, Math.round((e.at - e.fromAt) / 1000))} s is more than the line can make, so they are held until a supervisor decides.`;
    case 'wrap':
      return `The ${c} passed its maximum and started again from 0 (${e.before} → ${e.after}); ${e.counted} parts counted.`;
    case 'reset':
      return `The ${c} was reset (${e.before} → ${e.after}); the ${e.counted} parts it shows since are counted.`;
    case 'gap':
      if (e.counted === 0 && e.held > 0) return `The link was down; what the ${c} added meanwhile is held as an implausible jump (above).`;
      return `${e.counted} parts made while the link was down were attributed to the gap${e.held > 0 ? `; ${e.held} more are held as an implausible jump` : ''}.`;
  }
}

export function productionHandlers(deps: ProductionHandlerDeps): HandlerGroup<Keys> {
  const lineName = (id: string): string => deps.tracker.settingsOf(id)?.config.name ?? id;
  const view = (e: CounterEventRecord): CounterEventView => ({
    id: e.id,
    lineId: e.lineId,
    lineName: lineName(e.lineId),
    kind: e.kind,
    signal: e.signal,
    fromAt: e.fromAt,
    at: e.at,
    before: e.before,
    after: e.after,
    counted: e.counted,
    held: e.held,
    reason: counterEventReason(e),
    decision: e.decision ? { decision: e.decision.decision, by: e.decision.byName, at: e.decision.at, note: e.decision.note } : null,
  });
  return {
    'production.lineDetail': (req, { now }) => {
      const settings = deps.tracker.settingsOf(req.lineId);
      if (!settings) return refuseKey('NOT_FOUND', 'lines.noLineInPlant', { lineId: req.lineId });
      deps.flush();
      const shift = shiftFor(deps.plant, req.shift, now);
      const live = deps.tracker.liveOf(req.lineId, now);
      const base: LineDetail = {
        lineId: req.lineId,
        name: settings.config.name,
        shift: shift ? shiftInfo(shift) : null,
        asOf: now,
        orderId: live?.orderId ?? null,
        targetRatePerMin: settings.targetRateFor(live?.orderId ?? null),
        figures: null,
        trend: [],
        timeline: [],
        orders: [],
        counterEvents: [],
      };
      if (!shift) return ok(base);
      const { figures, raw: f } = lineFigures(deps.db, settings, shiftPeriod(shift, req.shift, now), now);
      const span = { lineId: req.lineId, from: shift.start, to: f.asOf };
      // One row per minute: the minute rollups are per order, so minutes with an order change are summed.
      const byMinute = new Map<number, { minuteAt: number; good: number; reject: number; runMs: number; gap: boolean }>();
      for (const m of f.minutes) {
        const row = byMinute.get(m.minuteAt) ?? { minuteAt: m.minuteAt, good: 0, reject: 0, runMs: 0, gap: false };
        row.good += m.good;
        row.reject += m.reject;
        row.runMs += m.runMs;
        row.gap ||= m.gapGood + m.gapReject > 0;
        byMinute.set(m.minuteAt, row);
      }
      return ok({
        ...base,
        asOf: f.asOf,
        figures,
        trend: [...byMinute.values()].map((r) => ({ ...r, runMs: Math.max(0, r.runMs) })),
        timeline: eventsOverlapping(deps.db, span).map((e) => ({ start: e.startAt, end: e.endAt, state: e.state, noData: e.noData })),
        orders: productionByOrder(deps.db, span).map(({ orderId, good, reject, minutes, gap }) => ({ orderId, good, reject, minutes, gap })),
        counterEvents: counterEventRecords(deps.db, span).map(view),
      });
    },
    'production.heldJumps': (req) => {
      if (req.from >= req.to) return refuseKey('BAD_REQUEST', 'production.spanOrder', undefined, { details: { field: 'to' } });
      if (req.lineId !== undefined && !deps.tracker.settingsOf(req.lineId)) return refuseKey('NOT_FOUND', 'lines.noLineInPlant', { lineId: req.lineId });
      deps.flush();
      return ok({ from: req.from, to: req.to, jumps: heldJumpsIn(deps.db, { ...(req.lineId ? { lineId: req.lineId } : {}), from: req.from, to: req.to }).map(view) });
    },
    'production.decideHeldJump': (req, ctx): Envelope<Res<'production.decideHeldJump'>> => {
      deps.flush();
      const db = deps.db;
      const result = db.transaction((): Envelope<Res<'production.decideHeldJump'>> => {
        const ev = counterEventById(db, req.eventId);
        if (!ev || ev.kind !== 'suspect' || ev.held <= 0) return refuseKey('NOT_FOUND', 'production.noHeldJump');
        if (ev.decision) {
          return refuseKey('CONFLICT', 'production.jumpDecided', { person: ev.decision.byName, decision: ev.decision.decision === 'accepted' ? 'accepted' : 'rejected' });
        }
        decideHeldJump(db, { id: ev.id, decision: req.decision, by: ctx.actor.userId, byName: ctx.actor.displayName || ctx.actor.userId, at: ctx.now, note: req.note });
        recordAudit(db, {
          at: ctx.now,
          actor: ctx.actor,
          action: req.decision === 'accepted' ? 'production.acceptHeldJump' : 'production.rejectHeldJump',
          target: `counter-event:${ev.id}`,
          details: { lineId: ev.lineId, signal: ev.signal, held: ev.held, before: ev.before, after: ev.after, fromAt: ev.fromAt, at: ev.at, note: req.note },
          outcome: 'ok',
        });
        return ok(view(counterEventById(db, ev.id)!));
      })();
      if (result.ok) deps.changed?.(result.value.lineId);
      return result;
    },
    'production.shiftSummary': (_req, { now }) => {
      deps.flush();
      const current = shiftFor(deps.plant, 'current', now);
      const previous = shiftFor(deps.plant, 'previous', now);
      return ok({ current: current ? shiftReport(deps, current, now, 'current') : null, previous: previous ? shiftReport(deps, previous, now, 'previous') : null });
    },
  };
}

export function shiftReport(deps: Pick<ProductionHandlerDeps, 'db' | 'plant' | 'tracker'>, shift: ShiftWindow, now: number, which: 'current' | 'previous' = 'current'): ShiftReport {
  const period = shiftPeriod(shift, which, now);
  const rows = deps.plant.lines.map((l) => {
    const settings = deps.tracker.settingsOf(l.id)!;
    const { figures, raw } = lineFigures(deps.db, settings, period, now);
    return { lineId: l.id, name: l.name, gap: raw.gapParts > 0, ...figures, raw };
  });
  const sum = (pick: (f: WindowFigures) => number) => rows.reduce((n, r) => n + pick(r.raw), 0);
  // Plant totals: OEE of the summed times and parts (not an average of percentages).
  const total = computeOee({ plannedMs: sum((f) => f.plannedMs), runMs: sum((f) => Math.min(f.runMs, f.plannedMs)), idealMs: sum((f) => f.idealMs), good: sum((f) => f.good), reject: sum((f) => f.reject) });
  return {
    shift: shiftInfo(shift),
    asOf: Math.min(now, shift.end),
    running: now < shift.end,
    lines: rows.map(({ raw: _raw, ...r }) => r),
    totals: {
      good: sum((f) => f.good),
      reject: sum((f) => f.reject),
      gapParts: sum((f) => f.gapParts),
      ...total,
      period: { kind: period.kind, label: period.label, start: shift.start, end: Math.min(now, shift.end) },
      warning: rows.some((r) => r.warning) ? oeeWarning(total, 'the lines marked above') ?? 'Some lines have figures that cannot be right; see the lines marked above' : null,
      heldParts: rows.reduce((n, r) => n + r.heldParts, 0),
      plannedMs: sum((f) => f.plannedMs),
      runMs: sum((f) => f.runMs),
      plannedDowntimeMs: sum((f) => f.plannedDowntimeMs),
      unplannedDowntimeMs: sum((f) => f.unplannedDowntimeMs),
      uncodedCount: sum((f) => f.uncodedCount),
    },
  };
}
