import type { CaseEvidence } from '../../../../shared/domain/maintenanceCase.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { eventsOfAlert, type AlertRecord } from '../alerts/index.ts';
import { eventsOverlapping, getEvent, notesOf } from '../production/index.ts';
import { lineSettings } from '../production/index.ts';
import { minutesOf } from '../production/index.ts';
import { shiftFor } from '../production/index.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';

/** How far back "the last minutes of the related signals" reach. */
export const SIGNAL_WINDOW_MS = 30 * 60_000;

/**
 * The evidence bundle of a case, read at the moment the planner raises it: the alert's sequence, the
 * downtime event with its reason and notes, the line's last 30 minutes (per-minute counts and its
 * state changes), the shift, line and asset, and the planner's note.
 */
export function collectEvidence(
  db: ReadableDb,
  plant: PlantConfig,
  args: { alerts: readonly AlertRecord[]; lineId: string; note: { by: string; at: number; text: string }; now: number },
): CaseEvidence {
  const line = plant.lines.find((l) => l.id === args.lineId);
  const asset = plant.cmms?.assets[args.lineId];
  const shift = shiftFor(plant, 'current', args.now);
  const from = args.now - SIGNAL_WINDOW_MS;
  const dtId = args.alerts.map((a) => a.downtimeEventId).find((x): x is number => x !== null) ?? null;
  const dt = dtId !== null ? getEvent(db, dtId) : undefined;
  let downtime: CaseEvidence['downtime'] = null;
  if (dt && line) {
    const reason = dt.reasonCode ? lineSettings(plant, line).reasons.get(dt.reasonCode) : undefined;
    downtime = {
      eventId: dt.id,
      state: dt.state,
      startAt: dt.startAt,
      endAt: dt.endAt,
      durationMs: Math.max(0, (dt.endAt ?? args.now) - dt.startAt),
      reasonCode: dt.reasonCode,
      reasonLabel: reason?.path ?? dt.reasonCode,
      notes: notesOf(db, [dt.id]).map((n) => ({ at: n.at, by: n.by, text: n.text })),
    };
  }
  const minutes = line ? minutesOf(db, { lineId: line.id, from, to: args.now }) : [];
  const byMinute = new Map<number, { at: number; good: number; reject: number; runMs: number }>();
  for (const m of minutes) {
    const e = byMinute.get(m.minuteAt) ?? { at: m.minuteAt, good: 0, reject: 0, runMs: 0 };
    e.good += m.good;
    e.reject += m.reject;
    e.runMs = Math.max(e.runMs, m.runMs);
    byMinute.set(m.minuteAt, e);
  }
  const states = line ? eventsOverlapping(db, { lineId: line.id, from, to: args.now }).map((e) => ({ state: e.state, startAt: e.startAt, endAt: e.endAt })) : [];
  return {
    line: { id: args.lineId, name: line?.name ?? args.lineId },
    asset: { assetId: asset?.assetId ?? null, locationId: asset?.locationId ?? null },
    shift: shift ? { id: shift.id, name: shift.name, start: shift.start, end: shift.end } : null,
    alerts: args.alerts.map((a) => ({ id: a.id, title: a.title, priority: a.priority, events: eventsOfAlert(db, a.id).map((e) => ({ at: e.at, kind: e.kind, note: e.note })) })),
    downtime,
    signals: { from, to: args.now, minutes: [...byMinute.values()].sort((a, b) => a.at - b.at), states },
    note: args.note,
    collectedAt: args.now,
  };
}
