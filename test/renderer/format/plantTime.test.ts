import { fromPlantLocal, toPlantLocal } from '../../../renderer/format/plantTime.ts';

const H = 3_600_000;

describe('plant wall-clock times for the hold form', () => {
  it('reads and writes a time in the plant zone, not the page zone', () => {
    const at = Date.UTC(2026, 6, 1, 12, 3);
    expect(toPlantLocal(at, 'Europe/Berlin')).toBe('2026-07-01T14:03');
    expect(toPlantLocal(at, 'America/Chicago')).toBe('2026-07-01T07:03');
    expect(fromPlantLocal('2026-07-01T14:03', 'Europe/Berlin')).toBe(at);
    expect(fromPlantLocal('2026-07-01T07:03', 'America/Chicago')).toBe(at);
    expect(fromPlantLocal('2026-01-15T08:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 15, 7, 0));
  });

  it('drops seconds when writing, so a round trip lands on the minute', () => {
    const at = Date.UTC(2026, 1, 3, 22, 59, 41);
    expect(fromPlantLocal(toPlantLocal(at, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe(Date.UTC(2026, 1, 3, 22, 59));
  });

  it('reads a time that happens twice (autumn) as its first occurrence, so a window holds more, not less', () => {
    // 25 Oct 2026 in Berlin: 02:00–03:00 runs twice, first at UTC+2, then at UTC+1.
    expect(fromPlantLocal('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(fromPlantLocal('2026-10-25T03:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 30));
    expect(fromPlantLocal('2026-10-25T03:30', 'Europe/Berlin')! - fromPlantLocal('2026-10-25T01:30', 'Europe/Berlin')!).toBe(3 * H);
  });

  it('moves a time that never happens (spring) to just after the jump', () => {
    // 29 Mar 2026 in Berlin: 02:00 jumps to 03:00.
    expect(fromPlantLocal('2026-03-29T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(toPlantLocal(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe('2026-03-29T03:30');
    expect(fromPlantLocal('2026-03-29T01:59', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0, 59));
  });

  it('refuses text that is not a plant time', () => {
    for (const bad of ['', '2026-07-01', '2026-07-01 14:03', '2026-13-01T10:00', '2026-04-31T10:00', '2026-07-01T24:00', '2026-07-01T10:60']) {
      expect(fromPlantLocal(bad, 'Europe/Berlin')).toBeNull();
    }
  });
});
