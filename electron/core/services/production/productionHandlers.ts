import { fail, ok } from '../../../../shared/contract/envelope.ts';
import type { Figures, LineDetail, ShiftReport } from '../../../../shared/contract/domains/production.ts';
import { computeOee } from '../../../../shared/domain/oee.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import type { HandlerGroup } from '../../dispatch/handlers.ts';
import type { ProductionTracker } from '../../production/ProductionTracker.ts';
import { eventsOverlapping } from '../../production/downtimeRepo.ts';
import { counterEventsOf, productionByOrder } from '../../production/productionRepo.ts';
import { shiftFor, shiftInfo } from '../../production/reportWindows.ts';
import type { ShiftWindow } from '../../production/shiftCalendar.ts';
import { type WindowFigures, windowFigures } from '../../production/windowFigures.ts';
import type { ReadableDb } from '../../storage/db.ts';

export interface ProductionHandlerDeps {
  db: ReadableDb;
  plant: PlantConfig;
  tracker: ProductionTracker;
  /** Writes what the tracker holds, so an answer includes the last second. */
  flush: () => void;
}

export const toFigures = (f: WindowFigures): Figures => ({
  good: f.good,
  reject: f.reject,
  gapParts: f.gapParts,
  availability: f.availability,
  performance: f.performance,
  quality: f.quality,
  oee: f.oee,
  plannedMs: f.plannedMs,
  runMs: f.runMs,
  plannedDowntimeMs: f.plannedDowntimeMs,
  unplannedDowntimeMs: f.unplannedDowntimeMs,
  uncodedCount: f.uncodedCount,
});

export function productionHandlers(deps: ProductionHandlerDeps): HandlerGroup<'production.lineDetail' | 'production.shiftSummary'> {
  return {
    'production.lineDetail': (req, { now }) => {
      const settings = deps.tracker.settingsOf(req.lineId);
      if (!settings) return fail('NOT_FOUND', `No line "${req.lineId}" in this plant`);
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
      const f = windowFigures(deps.db, settings, shift, now);
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
        figures: toFigures(f),
        trend: [...byMinute.values()].map((r) => ({ ...r, runMs: Math.max(0, r.runMs) })),
        timeline: eventsOverlapping(deps.db, span).map((e) => ({ start: e.startAt, end: e.endAt, state: e.state, noData: e.noData })),
        orders: productionByOrder(deps.db, span).map(({ orderId, good, reject, minutes, gap }) => ({ orderId, good, reject, minutes, gap })),
        counterEvents: counterEventsOf(deps.db, span).map(({ kind, signal, fromAt, at, counted, held }) => ({ kind, signal, fromAt, at, counted, held })),
      });
    },
    'production.shiftSummary': (_req, { now }) => {
      deps.flush();
      const current = shiftFor(deps.plant, 'current', now);
      const previous = shiftFor(deps.plant, 'previous', now);
      return ok({ current: current ? shiftReport(deps, current, now) : null, previous: previous ? shiftReport(deps, previous, now) : null });
    },
  };
}

export function shiftReport(deps: Pick<ProductionHandlerDeps, 'db' | 'plant' | 'tracker'>, shift: ShiftWindow, now: number): ShiftReport {
  const rows = deps.plant.lines.map((l) => {
    const settings = deps.tracker.settingsOf(l.id)!;
    const f = windowFigures(deps.db, settings, shift, now);
    return { lineId: l.id, name: l.name, gap: f.gapParts > 0, ...toFigures(f), raw: f };
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
      plannedMs: sum((f) => f.plannedMs),
      runMs: sum((f) => f.runMs),
      plannedDowntimeMs: sum((f) => f.plannedDowntimeMs),
      unplannedDowntimeMs: sum((f) => f.unplannedDowntimeMs),
      uncodedCount: sum((f) => f.uncodedCount),
    },
  };
}
