import { splitTimeFromInput } from '../../../../renderer/screens/downtime/splitTime.ts';

// The split time is typed as plant time (HH:MM or HH:MM:SS), read in the plant's zone whatever the browser's.
describe('split time from what a supervisor typed', () => {
  const start = Date.UTC(2026, 11, 6, 13, 0, 0); // 14:00 in Berlin (CET)
  const end = start + 20 * 60_000;
  it('reads the time of day in the plant zone', () => {
    expect(splitTimeFromInput('14:10', start, end, 'Europe/Berlin')).toBe(start + 10 * 60_000);
    expect(splitTimeFromInput('14:05:30', start, end, 'Europe/Berlin')).toBe(start + 330_000);
    expect(splitTimeFromInput('13:10', start, end, 'UTC')).toBe(start + 10 * 60_000);
  });
  it('refuses a time outside the stop or not a time', () => {
    expect(splitTimeFromInput('15:10', start, end, 'Europe/Berlin')).toBeNull();
    expect(splitTimeFromInput('14.10', start, end, 'Europe/Berlin')).toBeNull();
  });
  it('finds the time across midnight', () => {
    const s = Date.UTC(2026, 11, 6, 22, 50, 0); // 23:50 Berlin
    expect(splitTimeFromInput('00:05', s, s + 30 * 60_000, 'Europe/Berlin')).toBe(s + 15 * 60_000);
  });
});
