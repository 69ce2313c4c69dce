import { formatClock, formatCount, formatDuration } from '../../../renderer/format/time.ts';
import { i18n } from '../../../renderer/i18n/instance.ts';

// The helpers follow the language in force; these figures are the English ones (German: useFormat's test).
beforeAll(() => i18n.changeLanguage('en'));

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5_000, '0 s'],
    [45_000, '45 s'],
    [725_000, '12 min 05 s'],
    [7_800_000, '2 h 10 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

it('formats a clock time in the plant zone', () => {
  const at = Date.UTC(2026, 6, 1, 12, 3, 22);
  expect(formatClock(at, 'UTC')).toBe('12:03:22');
  expect(formatClock(at, 'Europe/Berlin')).toBe('14:03:22');
});

it('formats counts with separators', () => {
  expect(formatCount(12345)).toBe('12,345');
  expect(formatCount(null)).toBe('—');
});
