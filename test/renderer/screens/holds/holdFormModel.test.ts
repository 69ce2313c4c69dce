import { rangeFromLast, scopeOf, windowOf, type HoldFormInput } from '../../../../renderer/screens/holds/holdFormModel.ts';
import { spanWords, windowWords } from '../../../../renderer/screens/holds/WindowFields.tsx';
import { heldWords, scopeText } from '../../../../renderer/screens/holds/holdText.ts';
import { i18n } from '../../../../renderer/i18n/instance.ts';

// The words are checked in English (the console's instance speaks the plant's language, German, by default).
beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const MIN = 60_000;
// 14:20:30 on 1 July 2026 in Berlin (UTC+2).
const NOW = Date.UTC(2026, 6, 1, 12, 20, 30);
const TZ = 'Europe/Berlin';
const base: HoldFormInput = { kind: 'window', lineId: 'L2', mode: 'range', minutes: 30, fromText: '2026-07-01T13:00', toText: '2026-07-01T14:00', orderId: '', lot: '' };

describe('place-hold form: a time window from/to in plant time, or the last N minutes', () => {
  it('reads from/to in the plant zone, not the page zone', () => {
    expect(scopeOf(base, NOW, TZ)).toEqual({ kind: 'window', lineId: 'L2', from: Date.UTC(2026, 6, 1, 11, 0), to: Date.UTC(2026, 6, 1, 12, 0) });
    expect(scopeOf({ ...base, kind: 'lot', lot: ' B-42 ' }, NOW, TZ)).toEqual({ kind: 'lot', lot: 'B-42', lineId: 'L2', from: Date.UTC(2026, 6, 1, 11, 0), to: Date.UTC(2026, 6, 1, 12, 0) });
  });

  it('keeps "last N minutes" as the quick choice, ending now', () => {
    expect(scopeOf({ ...base, mode: 'last', minutes: 30 }, NOW, TZ)).toEqual({ kind: 'window', lineId: 'L2', from: NOW - 30 * MIN, to: NOW });
    expect(windowOf({ mode: 'last', minutes: 0, fromText: '', toText: '' }, NOW, TZ)).toMatch(/minutes/);
    expect(windowOf({ mode: 'last', minutes: 2.5, fromText: '', toText: '' }, NOW, TZ)).toMatch(/whole number/);
  });

  it('says why a window cannot be held, in the words the core uses', () => {
    expect(scopeOf({ ...base, fromText: '2026-07-01T14:00', toText: '2026-07-01T13:00' }, NOW, TZ)).toMatch(/"from" must be earlier than "to"/);
    expect(scopeOf({ ...base, fromText: '2026-07-01T14:00', toText: '2026-07-01T14:00' }, NOW, TZ)).toMatch(/ends before it starts/);
    expect(scopeOf({ ...base, toText: '2026-07-01T15:00' }, NOW, TZ)).toMatch(/ends in the future/);
    expect(scopeOf({ ...base, fromText: '2026-07-01T14:30', toText: '2026-07-01T15:00' }, NOW, TZ)).toMatch(/starts in the future/);
    expect(scopeOf({ ...base, fromText: '2026-05-01T00:00' }, NOW, TZ)).toMatch(/longer than 31 days/);
    expect(scopeOf({ ...base, mode: 'last', minutes: 31 * 24 * 60 + 1 }, NOW, TZ)).toMatch(/longer than 31 days/);
    expect(scopeOf({ ...base, fromText: '' }, NOW, TZ)).toMatch(/start of the window/);
    expect(scopeOf({ ...base, toText: '2026-07-01' }, NOW, TZ)).toMatch(/end of the window is not a date/);
    expect(scopeOf({ ...base, lineId: '' }, NOW, TZ)).toBe('Pick a line');
    expect(scopeOf({ ...base, kind: 'lot' }, NOW, TZ)).toBe('Give the lot number');
  });

  it('lets a window end at the current minute (the screen shows minutes, the clock has seconds)', () => {
    expect(scopeOf({ ...base, fromText: '2026-07-01T14:00', toText: '2026-07-01T14:21' }, NOW, TZ)).toMatchObject({ to: Date.UTC(2026, 6, 1, 12, 21) });
    expect(scopeOf({ ...base, fromText: '2026-07-01T14:00', toText: '2026-07-01T14:22' }, NOW, TZ)).toMatch(/ends in the future/);
  });

  it('starts from/to from the window the quick choice showed', () => {
    expect(rangeFromLast(30, NOW, TZ)).toEqual({ fromText: '2026-07-01T13:50', toText: '2026-07-01T14:20' });
  });

  it('leaves order and line holds as they were', () => {
    expect(scopeOf({ ...base, kind: 'order', lineId: '', orderId: ' 1002130 ' }, NOW, TZ)).toEqual({ kind: 'order', erpOrderId: '1002130' });
    expect(scopeOf({ ...base, kind: 'line' }, NOW, TZ)).toEqual({ kind: 'line', lineId: 'L2', from: NOW });
  });
});

describe('HELD marker words', () => {
  it('spells out each hold on a line, from the full list when loaded and from the marker alone otherwise', () => {
    const markers = [
      { id: 'a', kind: 'window' as const, lineId: 'L2', erpOrderId: null, lot: null },
      { id: 'b', kind: 'order' as const, lineId: null, erpOrderId: '1002130', lot: null },
    ];
    expect(heldWords(markers, [], (id) => id, TZ)).toBe('2 quality holds: A time window; Order 1002130');
    const view = { id: 'a', scope: { kind: 'window' as const, lineId: 'L2', from: Date.UTC(2026, 6, 1, 11, 0), to: Date.UTC(2026, 6, 1, 12, 0) } };
    expect(heldWords([markers[0]!], [view], () => 'Capping', TZ, NOW)).toBe('Quality hold: Capping, 13:00–14:00');
  });
});

describe('window words on the form', () => {
  it('says the window in plant time to the minute, with its length', () => {
    expect(windowWords(Date.UTC(2026, 6, 1, 11, 50), Date.UTC(2026, 6, 1, 12, 21), TZ)).toBe('01/07/2026 13:50 – 14:21 (31 min)');
    // As the person's language writes a date (issue 18): German with dots.
    expect(windowWords(Date.UTC(2026, 6, 1, 11, 50), Date.UTC(2026, 6, 1, 12, 21), TZ, 'de', (k, o) => i18n.getFixedT('de')(k, o as never) as unknown as string)).toBe('01.07.2026 13:50 – 14:21 (31 min)');
    expect(windowWords(Date.UTC(2026, 6, 1, 21, 0), Date.UTC(2026, 6, 2, 0, 5), TZ)).toBe('01/07/2026 23:00 – 02/07/2026 02:05 (3 h 05 min)');
    expect(spanWords(2 * 1440 * MIN + 61 * MIN)).toBe('2 d 1 h 01 min');
  });
});

describe('hold scope words', () => {
  it('gives times alone for a window of today, and dates once it reaches another day (plant time)', () => {
    const w = (from: number, to: number) => ({ kind: 'window' as const, lineId: 'L2', from, to });
    expect(scopeText(w(Date.UTC(2026, 6, 1, 11, 0), Date.UTC(2026, 6, 1, 12, 0)), () => 'Capping', TZ, NOW)).toBe('Capping, 13:00–14:00');
    expect(scopeText(w(Date.UTC(2026, 5, 30, 20, 0), Date.UTC(2026, 6, 1, 12, 0)), () => 'Capping', TZ, NOW)).toBe('Capping, 30/06/2026, 22:00–01/07/2026, 14:00');
    expect(scopeText(w(Date.UTC(2026, 5, 30, 20, 0), Date.UTC(2026, 6, 1, 12, 0)), () => 'Capping', TZ, NOW, (k, o) => i18n.getFixedT('de')(k, o as never) as unknown as string, 'de')).toBe('Capping, 30.06.2026, 22:00–01.07.2026, 14:00');
  });
});
