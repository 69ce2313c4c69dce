import type { ShiftInfo, WhichShift } from '../../../../shared/contract/domains/production.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { previousShift, shiftAt, shiftsBetween, type ShiftWindow } from './shiftCalendar.ts';

export const UNSCHEDULED = 'Unscheduled';

/**
 * "current": the shift running now; between shifts (night, weekend, holiday) the unscheduled stretch
 * from the last shift's end to the next one's start, so stops and parts made then are still shown and
 * coded. "previous": the shift (or stretch) before that.
 */
export function shiftFor(plant: PlantConfig, which: WhichShift, now: number): ShiftWindow | null {
  const cal = plant.shiftCalendar;
  const zone = plant.plant.timeZone;
  const current = shiftAt(cal, zone, now) ?? unscheduledAt(plant, now);
  if (which === 'current') return current;
  return previousShift(cal, zone, current.start);
}

function unscheduledAt(plant: PlantConfig, now: number): ShiftWindow {
  const cal = plant.shiftCalendar;
  const zone = plant.plant.timeZone;
  const start = previousShift(cal, zone, now)?.end ?? now - 86_400_000;
  const end = shiftsBetween(cal, zone, now, now + 14 * 86_400_000).find((s) => s.start > now)?.start ?? now + 86_400_000;
  return { id: `${UNSCHEDULED}/${start}`, name: UNSCHEDULED, date: '', start, end, breaks: [] };
}

export const shiftInfo = (s: ShiftWindow): ShiftInfo => ({ id: s.id, name: s.name, start: s.start, end: s.end, breaks: s.breaks.map((b) => ({ start: b.start, end: b.end })) });
