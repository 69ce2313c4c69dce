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
  // The current window is the same for every instant inside it, and the previous one depends only on its
  // start: kept until `now` leaves it. The production timer asked every second, and each answer walked up to
  // fifteen days in luxon (previousShift looks back two weeks): the largest share of the core's idle CPU.
  let m = windowsNow.get(cal);
  if (!m || m.zone !== zone || now < m.current.start || now >= m.current.end) {
    m = { zone, current: shiftAt(cal, zone, now) ?? unscheduledAt(plant, now), previous: undefined };
    windowsNow.set(cal, m);
  }
  if (which === 'current') return m.current;
  if (m.previous === undefined) m.previous = previousShift(cal, zone, m.current.start);
  return m.previous;
}

/** Per calendar object: the window `now` was last in, and the one before it (computed when first asked). */
const windowsNow = new WeakMap<PlantConfig['shiftCalendar'], { zone: string; current: ShiftWindow; previous: ShiftWindow | null | undefined }>();

function unscheduledAt(plant: PlantConfig, now: number): ShiftWindow {
  const cal = plant.shiftCalendar;
  const zone = plant.plant.timeZone;
  const start = previousShift(cal, zone, now)?.end ?? now - 86_400_000;
  const end = shiftsBetween(cal, zone, now, now + 14 * 86_400_000).find((s) => s.start > now)?.start ?? now + 86_400_000;
  // Frozen like the calendar's own windows (shiftsOnDate): shiftFor hands the same object to every caller.
  return Object.freeze({ id: `${UNSCHEDULED}/${start}`, name: UNSCHEDULED, date: '', start, end, breaks: Object.freeze([]) as readonly [] });
}

export const shiftInfo = (s: ShiftWindow): ShiftInfo => ({ id: s.id, name: s.name, start: s.start, end: s.end, breaks: s.breaks.map((b) => ({ start: b.start, end: b.end })) });
