import type { Figures } from '../../../../shared/contract/domains/production.ts';
import type { Period } from '../../../../shared/domain/line.ts';
import { oeeWarning } from '../../../../shared/domain/oee.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';
import { undecidedHeldParts } from './heldJumpRepo.ts';
import type { LineSettings } from './lineSettings.ts';
import { UNSCHEDULED } from './reportWindows.ts';
import type { ShiftWindow } from './shiftCalendar.ts';
import { type ReportWindow, type WindowFigures, windowFigures } from './windowFigures.ts';

/** A period and the words printed beside its figures. */
export interface PeriodSpec {
  readonly kind: Period['kind'];
  readonly label: string;
  readonly window: ReportWindow;
}

/**
 * The words for a shift: "this shift" while it runs, "previous shift" for the one before; the stretch
 * between shifts is "since the last shift ended".
 */
export function shiftPeriod(shift: ShiftWindow, which: 'current' | 'previous', now: number): PeriodSpec {
  const running = now < shift.end && now >= shift.start;
  const label = shift.name === UNSCHEDULED ? (running ? 'since the last shift ended' : 'between shifts') : which === 'current' && running ? 'this shift' : which === 'current' ? `${shift.name} shift` : 'previous shift';
  return { kind: 'shift', label, window: shift };
}

export interface LineFigures {
  readonly figures: Figures;
  readonly raw: WindowFigures;
}

/**
 * THE figures of one line for one period, as of `now`: every stream and command that shows a line's
 * production (overview tiles, line view, shift view, shift close) takes them from here, so two screens
 * showing the same period show the same numbers. The period's words travel with them, and a figure that
 * cannot be right (performance over 100 %) carries its warning.
 */
export function lineFigures(db: ReadableDb, settings: LineSettings, period: PeriodSpec, now: number): LineFigures {
  const f = windowFigures(db, settings, period.window, now);
  return { figures: toFigures(f, settings, period, heldPartsIn(db, settings.config.id, period.window, f.asOf)), raw: f };
}

function heldPartsIn(db: ReadableDb, lineId: string, w: ReportWindow, asOf: number): number {
  return undecidedHeldParts(db, { lineId, from: w.start, to: Math.max(w.start, asOf) + 1 });
}

export function toFigures(f: WindowFigures, settings: LineSettings, period: PeriodSpec, heldParts: number): Figures {
  return {
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
    period: { kind: period.kind, label: period.label, start: period.window.start, end: f.asOf },
    warning: oeeWarning(f, settings.config.name),
    heldParts,
  };
}
