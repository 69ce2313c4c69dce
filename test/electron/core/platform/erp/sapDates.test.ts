import fc from 'fast-check';
import { DateTime } from 'luxon';
import { plantDay, sapDay, sapLocalDate, sapLocalDateTime, sapLocalTime } from '../../../../../electron/core/platform/erp/sapDates.ts';

// The conversion as it was written with luxon alone (fromISO in UTC, setZone): the reference the cached
// offsets must agree with, instant by instant.
const viaLuxon = (iso: string, zone: string) => {
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!d.isValid) throw new Error(`not a valid time "${iso}" in zone ${zone}: ${d.invalidExplanation ?? d.invalidReason}`);
  return { date: sapDay(d.toISODate()!), time: d.toFormat("'PT'HH'H'mm'M'ss'S'"), day: d.toISODate()! };
};
const ours = (iso: string, zone: string) => ({ date: sapLocalDate(iso, zone), time: sapLocalTime(iso, zone), day: plantDay(iso, zone) });
const midnight = (ymd: string) => `/Date(${Date.parse(`${ymd}T00:00:00Z`)})/`;

// Zones with DST at whole hours, at half hours (St_Johns changes at 02:00 local = x:30 UTC; Lord_Howe
// moves by 30 minutes), southern-hemisphere DST, odd offsets (Kathmandu +05:45, Chatham +12:45/+13:45),
// zones whose rules changed (Casablanca's Ramadan changes, Samoa skipping 2011-12-30), and fixed ones.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Pacific/Apia',
  'America/Santiago',
  'Asia/Tokyo',
  'UTC',
  'Etc/GMT+5',
  'utc+3',
];

describe('SAP plant-local dates and times (sapDates.ts)', () => {
  it('Europe/Berlin spring forward (2026-03-29): 01:59:59 CET is followed by 03:00:00 CEST', () => {
    expect(sapLocalDateTime('2026-03-29T00:59:59.000Z', 'Europe/Berlin')).toEqual({ date: midnight('2026-03-29'), time: 'PT01H59M59S' });
    expect(sapLocalDateTime('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).toEqual({ date: midnight('2026-03-29'), time: 'PT03H00M00S' });
    expect(sapLocalTime('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toBe('PT03H30M00S');
    // The hour before and after the change, minute by minute, as luxon reads them.
    for (let t = Date.parse('2026-03-28T23:00:00Z'); t <= Date.parse('2026-03-29T03:00:00Z'); t += 60_000) {
      const iso = new Date(t).toISOString();
      expect(ours(iso, 'Europe/Berlin'), iso).toEqual(viaLuxon(iso, 'Europe/Berlin'));
    }
  });

  it('Europe/Berlin fall back (2026-10-25): 02:00–02:59 happens twice, first in CEST, then in CET', () => {
    expect(sapLocalTime('2026-10-25T00:00:00.000Z', 'Europe/Berlin')).toBe('PT02H00M00S');
    expect(sapLocalTime('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('PT02H30M00S');
    expect(sapLocalTime('2026-10-25T00:59:59.000Z', 'Europe/Berlin')).toBe('PT02H59M59S');
    expect(sapLocalTime('2026-10-25T01:00:00.000Z', 'Europe/Berlin')).toBe('PT02H00M00S');
    expect(sapLocalTime('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('PT02H30M00S');
    expect(sapLocalTime('2026-10-25T02:00:00.000Z', 'Europe/Berlin')).toBe('PT03H00M00S');
    for (let t = Date.parse('2026-10-24T23:00:00Z'); t <= Date.parse('2026-10-25T03:00:00Z'); t += 60_000) {
      const iso = new Date(t).toISOString();
      expect(ours(iso, 'Europe/Berlin'), iso).toEqual(viaLuxon(iso, 'Europe/Berlin'));
    }
  });

  it('a UTC instant late in the evening is the next plant day (the night shift of a confirmation)', () => {
    expect(sapLocalDateTime('2026-03-01T23:30:00.000Z', 'Europe/Berlin')).toEqual({ date: midnight('2026-03-02'), time: 'PT00H30M00S' });
    expect(sapLocalDateTime('2026-07-01T22:00:00.000Z', 'Europe/Berlin')).toEqual({ date: midnight('2026-07-02'), time: 'PT00H00M00S' });
    expect(sapLocalDate('2026-03-02T03:00:00.000Z', 'America/New_York')).toBe(midnight('2026-03-01'));
    expect(plantDay('2026-03-02T03:00:00.000Z', 'America/New_York')).toBe('2026-03-01');
  });

  it('a change of offset at a half hour (America/St_Johns 2026-03-08 02:00 NST = 05:30 UTC) is read in that very hour', () => {
    expect(sapLocalTime('2026-03-08T05:29:59.000Z', 'America/St_Johns')).toBe('PT01H59M59S');
    expect(sapLocalTime('2026-03-08T05:30:00.000Z', 'America/St_Johns')).toBe('PT03H00M00S');
    // The hour 05:00–06:00 UTC was cached from its first instant: the later one is still right.
    expect(sapLocalTime('2026-03-08T05:00:00.000Z', 'America/St_Johns')).toBe('PT01H30M00S');
    expect(sapLocalTime('2026-03-08T05:45:00.000Z', 'America/St_Johns')).toBe('PT03H15M00S');
  });

  it('fractions of a second are cut, never rounded, as before', () => {
    expect(sapLocalTime('2026-03-02T05:00:59.999Z', 'Europe/Berlin')).toBe('PT06H00M59S');
    expect(sapLocalTime('2026-03-02T05:00:59.9999Z', 'Europe/Berlin')).toBe(viaLuxon('2026-03-02T05:00:59.9999Z', 'Europe/Berlin').time);
  });

  it('other ISO spellings (an offset, no zone, a date alone) give what luxon gives', () => {
    for (const iso of ['2026-03-02T06:00:00+01:00', '2026-03-02T05:00:00', '2026-03-02', '2026-03-02T05:00Z', '2026-03-02T24:00:00Z', '0099-03-02T05:00:00Z']) {
      expect(ours(iso, 'Europe/Berlin'), iso).toEqual(viaLuxon(iso, 'Europe/Berlin'));
    }
  });

  it('refuses what is not a time, or not a zone, with the same words as before', () => {
    expect(() => sapLocalDate('not a time', 'Europe/Berlin')).toThrow(/not a valid time "not a time" in zone Europe\/Berlin/);
    expect(() => sapLocalTime('2026-02-30T05:00:00.000Z', 'Europe/Berlin')).toThrow(/not a valid time/);
    expect(() => sapLocalTime('2026-03-02T05:00:00.000Z', 'Mars/Olympus')).toThrow(/not a valid time "2026-03-02T05:00:00.000Z" in zone Mars\/Olympus/);
  });

  it('agrees with luxon at every minute around each change of offset, 2025–2026, in zones with odd rules', () => {
    let transitions = 0;
    for (const zone of ZONES) {
      // Changes of offset found hour by hour with luxon (the change lies in the hour before `t`); each is then
      // checked minute by minute from two hours before it to an hour after.
      let prev = DateTime.fromMillis(Date.parse('2025-01-01T00:00:00Z'), { zone }).offset;
      for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_600_000) {
        const off = DateTime.fromMillis(t, { zone }).offset;
        if (off === prev) continue;
        prev = off;
        transitions++;
        for (let u = t - 10_800_000; u <= t + 3_600_000; u += 60_000) {
          for (const iso of [new Date(u).toISOString(), new Date(u - 1000).toISOString()]) expect(ours(iso, zone), `${iso} ${zone}`).toEqual(viaLuxon(iso, zone));
        }
      }
    }
    expect(transitions).toBeGreaterThan(30);
  });

  it('agrees with luxon over random instants 1900–2100 in every zone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-12-31T23:59:59Z') }), fc.constantFrom(...ZONES), (t, zone) => {
        const iso = new Date(t).toISOString();
        expect(ours(iso, zone)).toEqual(viaLuxon(iso, zone));
        expect(sapLocalDateTime(iso, zone)).toEqual({ date: sapLocalDate(iso, zone), time: sapLocalTime(iso, zone) });
      }),
      { numRuns: 20_000 },
    );
  });
});
