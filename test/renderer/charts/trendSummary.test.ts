import { trendSummary } from '../../../renderer/charts/trendSummary.ts';
import { i18n } from '../../../renderer/i18n/instance.ts';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('trendSummary', () => {
  it('says the latest live rate with its time, the target and the range so far', () => {
    const at = Date.UTC(2026, 2, 2, 7, 15, 30);
    expect(trendSummary({ t: at, v: 111.6 }, 120, { min: 0, max: 131.2 }, 'UTC')).toBe(
      'Live rate 112 parts per minute at 07:15:30, target 120 parts per minute, this shift between 0 and 131.',
    );
  });

  it('says so when there is no live rate yet', () => {
    expect(trendSummary(null, 90, null, 'UTC')).toBe('No live rate yet this shift, target 90 parts per minute.');
  });

  it('speaks German when German is in force (issue 18)', async () => {
    await i18n.changeLanguage('de');
    expect(trendSummary(null, 90, { min: 0, max: 12 }, 'UTC')).toBe('In dieser Schicht noch kein aktueller Takt, Soll 90 Teile pro Minute, in dieser Schicht zwischen 0 und 12.');
  });
});
