import { DateTime } from 'luxon';
import { ShiftCalendar } from '../../../../../shared/domain/plantConfig.ts';
import { minusBreaks, previousShift, shiftAt, shiftsBetween, shiftsOnDate, spanMs } from '../../../../../electron/core/features/production/shiftCalendar.ts';

const ZONE = 'Europe/Berlin';
const H = 3_600_000;
const cal = ShiftCalendar.parse({
  shifts: [
    { name: 'Early', start: '06:00', end: '14:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], breaks: [{ start: '09:30', end: '10:00' }] },
    { name: 'Late', start: '14:00', end: '22:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
    { name: 'Night', start: '22:00', end: '06:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], breaks: [{ start: '02:00', end: '02:30' }] },
  ],
  holidays: ['2026-12-25'],
});
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

describe('shift calendar (plant time zone, luxon)', () => {
  it('runs a night shift across midnight to the next morning, with its break after midnight', () => {
    const night = shiftsOnDate(cal, ZONE, '2026-03-02').find((s) => s.name === 'Night')!;
    expect(night.id).toBe('2026-03-02/Night');
    expect(night.start).toBe(local('2026-03-02T22:00'));
    expect(night.end).toBe(local('2026-03-03T06:00'));
    expect(night.breaks).toEqual([{ start: local('2026-03-03T02:00'), end: local('2026-03-03T02:30') }]);
    expect(night.end - night.start).toBe(8 * H);
    // 23:59 and 00:01 belong to the same shift; 06:00 is the next one.
    expect(shiftAt(cal, ZONE, local('2026-03-02T23:59'))?.id).toBe('2026-03-02/Night');
    expect(shiftAt(cal, ZONE, local('2026-03-03T00:01'))?.id).toBe('2026-03-02/Night');
    expect(shiftAt(cal, ZONE, local('2026-03-03T06:00'))?.id).toBe('2026-03-03/Early');
    expect(spanMs(minusBreaks(night, night.breaks))).toBe(7.5 * H);
  });

  it('makes the night of the spring DST change 7 hours long, and the autumn one 9', () => {
    const spring = shiftsOnDate(cal, ZONE, '2026-03-28').find((s) => s.name === 'Night')!;
    expect(spring.end - spring.start).toBe(7 * H);
    expect(new Date(spring.start).toISOString()).toBe('2026-03-28T21:00:00.000Z'); // 22:00 CET
    expect(new Date(spring.end).toISOString()).toBe('2026-03-29T04:00:00.000Z'); // 06:00 CEST
    // The 02:00–02:30 break does not exist that night (clocks jump 02:00 → 03:00): it has no length.
    expect(spanMs(minusBreaks(spring, spring.breaks))).toBeGreaterThanOrEqual(6.5 * H);
    const autumn = shiftsOnDate(cal, ZONE, '2026-10-24').find((s) => s.name === 'Night')!;
    expect(autumn.end - autumn.start).toBe(9 * H);
    // Day shifts on the change days keep their 8 hours.
    const early = shiftsOnDate(cal, ZONE, '2026-03-29').find((s) => s.name === 'Early')!;
    expect(early.end - early.start).toBe(8 * H);
  });

  it('has no shifts on a holiday and respects weekdays', () => {
    expect(shiftsOnDate(cal, ZONE, '2026-12-25')).toEqual([]);
    const weekdaysOnly = ShiftCalendar.parse({ shifts: [{ name: 'Day', start: '08:00', end: '16:00' }] });
    expect(shiftsOnDate(weekdaysOnly, ZONE, '2026-03-07')).toEqual([]); // a Saturday
    expect(shiftAt(weekdaysOnly, ZONE, local('2026-03-07T10:00'))).toBeNull();
    expect(previousShift(weekdaysOnly, ZONE, local('2026-03-09T07:00'))?.id).toBe('2026-03-06/Day');
  });

  it('lists the shifts overlapping a span in order, including last night’s that is still running', () => {
    const ids = shiftsBetween(cal, ZONE, local('2026-03-03T05:00'), local('2026-03-03T15:00')).map((s) => s.id);
    expect(ids).toEqual(['2026-03-02/Night', '2026-03-03/Early', '2026-03-03/Late']);
  });
});

describe('shiftsOnDate memo (the production timer asks for the same dates every second)', () => {
  it('hands each caller its own array: changing one does not change what the next caller gets', () => {
    const first = shiftsOnDate(cal, ZONE, '2026-03-29');
    expect(first.map((s) => s.name)).toEqual(['Early', 'Late', 'Night']);
    first.pop();
    const again = shiftsOnDate(cal, ZONE, '2026-03-29');
    expect(again.map((s) => s.name)).toEqual(['Early', 'Late', 'Night']);
    expect(Object.isFrozen(again[0])).toBe(true);
    // Another zone is another set of windows, not the one kept for Berlin.
    expect(shiftsOnDate(cal, 'America/New_York', '2026-03-29')[0]!.start).not.toBe(again[0]!.start);
  });
});
