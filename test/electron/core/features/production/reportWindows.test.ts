// shiftFor keeps the window `now` is in (and the one before it) until `now` leaves it: the production timer
// asked every second, and each "previous" answer walked fifteen days in luxon. The kept answer must be the
// one computed afresh at every instant: across shift changes, a weekend without shifts, a holiday and DST.
import { DateTime } from 'luxon';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';
import { previousShift, shiftAt, shiftsBetween } from '../../../../../electron/core/features/production/shiftCalendar.ts';
import { shiftFor, UNSCHEDULED } from '../../../../../electron/core/features/production/reportWindows.ts';

const ZONE = 'Europe/Berlin';
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const plant = PlantConfig.parse({
  ...readDemoPlantConfig(),
  plant: { id: 'p', name: 'P', timeZone: ZONE },
  shiftCalendar: {
    shifts: [
      { name: 'Early', start: '06:00', end: '14:00', days: weekdays, breaks: [{ start: '09:30', end: '10:00' }] },
      { name: 'Late', start: '14:00', end: '22:00', days: weekdays },
      { name: 'Night', start: '22:00', end: '06:00', days: ['mon', 'tue', 'wed', 'thu'] },
    ],
    holidays: ['2026-03-25'],
  },
});
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

/** What shiftFor answered before it kept anything (reportWindows.ts as it was). */
function fresh(now: number) {
  const cal = plant.shiftCalendar;
  let current = shiftAt(cal, ZONE, now);
  if (!current) {
    const start = previousShift(cal, ZONE, now)?.end ?? now - 86_400_000;
    const end = shiftsBetween(cal, ZONE, now, now + 14 * 86_400_000).find((s) => s.start > now)?.start ?? now + 86_400_000;
    current = { id: `${UNSCHEDULED}/${start}`, name: UNSCHEDULED, date: '', start, end, breaks: [] };
  }
  return { current, previous: previousShift(cal, ZONE, current.start) };
}

describe('shiftFor', () => {
  it('answers as computed afresh at every instant, through a week with a weekend, a holiday and the spring DST change', () => {
    // Forward in 7-minute steps, then a few jumps back in time (a clock set back): each answer is checked.
    const from = local('2026-03-20T00:00');
    const to = local('2026-03-31T00:00');
    const instants: number[] = [];
    for (let t = from; t < to; t += 7 * 60_000) instants.push(t);
    instants.push(local('2026-03-23T05:59:59.999'), local('2026-03-23T06:00'), local('2026-03-22T12:00'), local('2026-03-25T12:00'), local('2026-03-24T21:59'));
    for (const t of instants) {
      const f = fresh(t);
      expect(shiftFor(plant, 'current', t), new Date(t).toISOString()).toEqual(f.current);
      expect(shiftFor(plant, 'previous', t), new Date(t).toISOString()).toEqual(f.previous);
    }
  });

  it('hands out the same window while `now` is in it, including a stretch without shifts', () => {
    const sat = local('2026-03-21T10:00');
    const a = shiftFor(plant, 'current', sat)!;
    expect(a.name).toBe(UNSCHEDULED);
    expect(shiftFor(plant, 'current', sat + 3_600_000)).toBe(a);
    expect(shiftFor(plant, 'previous', sat)).toBe(shiftFor(plant, 'previous', sat + 60_000));
    expect(Object.isFrozen(a)).toBe(true);
    const monday = shiftFor(plant, 'current', local('2026-03-23T06:00'))!;
    expect(monday.id).toBe('2026-03-23/Early');
    // "previous" is the last scheduled shift (Friday's late shift), as before.
    expect(shiftFor(plant, 'previous', local('2026-03-23T07:00'))?.id).toBe('2026-03-20/Late');
  });
});
