import { renderToStaticMarkup } from 'react-dom/server';
import { formatFor, InLanguage, useFormat } from '../../../renderer/i18n/index.tsx';
import { languageInForce } from '../../../renderer/i18n/language.ts';

const NBSP = /\u00a0|\u202f/g;
const plain = (s: string) => s.replace(NBSP, ' ');

describe('useFormat: Intl in the person’s locale (de-DE / en-GB) and the plant’s zone', () => {
  const de = formatFor('de', 'Europe/Berlin');
  const en = formatFor('en', 'Europe/Berlin');

  it('numbers, percentages and quantities follow the locale', () => {
    expect(de.count(12345)).toBe('12.345');
    expect(en.count(12345)).toBe('12,345');
    expect(de.count(null)).toBe('—');
    expect(de.number(1234.5, { min: 1, max: 1 })).toBe('1.234,5');
    expect(en.number(1234.5, { min: 1, max: 1 })).toBe('1,234.5');
    expect(plain(de.percent(0.843))).toBe('84 %');
    expect(en.percent(0.843)).toBe('84%');
    expect(plain(de.quantity(12.5, 'kg', 1))).toBe('12,5 kg');
    // ERP units (issue 18): catalogue words with plurals; an unknown code is the ERP's own word, shown as it came.
    expect(plain(en.quantity(1200, 'PCE'))).toBe('1,200 pieces');
    expect(plain(en.quantity(1, 'PC'))).toBe('1 piece');
    expect(plain(de.quantity(120, 'ST'))).toBe('120 Stück');
    expect(plain(de.quantity('12.5', 'CAR'))).toBe('12,5 Kartons');
    expect(plain(de.quantity(3, 'm3'))).toBe('3 m³');
    expect(plain(de.quantity(1200, 'XYZ'))).toBe('1.200 XYZ');
    expect(de.quantity(7, '')).toBe('7');
    expect(de.quantity('', 'PC')).toBe('—');
  });

  it('dates and times are the plant’s wall clock, on both sides of the spring DST change (Europe/Berlin, 29 March 2026)', () => {
    const beforeJump = Date.UTC(2026, 2, 29, 0, 30); // 01:30 CET
    const afterJump = Date.UTC(2026, 2, 29, 1, 30); // 03:30 CEST (02:30 never happens)
    expect(de.time(beforeJump)).toBe('01:30');
    expect(de.time(afterJump)).toBe('03:30');
    expect(de.date(afterJump)).toBe('29.03.2026');
    expect(en.date(afterJump)).toBe('29/03/2026');
    expect(plain(de.dateTime(afterJump))).toBe('29.03.2026, 03:30');
    expect(plain(en.dateTime(afterJump))).toBe('29/03/2026, 03:30');
    expect(de.clock(Date.UTC(2026, 6, 1, 12, 3, 22))).toBe('14:03:22');
    // The same instant in another plant's zone.
    expect(formatFor('de', 'America/Chicago').time(afterJump)).toBe('20:30');
  });

  it('autumn DST: the hour that happens twice reads twice, by the plant’s clock (25 October 2026)', () => {
    const first = Date.UTC(2026, 9, 25, 0, 30); // 02:30 CEST
    const second = Date.UTC(2026, 9, 25, 1, 30); // 02:30 CET
    expect(de.time(first)).toBe('02:30');
    expect(de.time(second)).toBe('02:30');
    expect(de.duration(second - first)).toBe('1 h 00 min');
  });

  it('durations, the date only when it is not today, and relative times', () => {
    expect(de.duration(725_000)).toBe('12 min 05 s');
    expect(en.duration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(de.duration(-5)).toBe('0 s');
    const now = Date.UTC(2026, 11, 6, 12, 0);
    expect(de.timeOrDateTime(now - 3_600_000, now)).toBe('12:00');
    expect(plain(de.timeOrDateTime(now - 20 * 3_600_000, now))).toBe('05.12.2026, 17:00');
    expect(de.relative(now - 5 * 60_000, now)).toBe('vor 5 Minuten');
    expect(en.relative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(en.relative(now + 2 * 3_600_000, now)).toBe('in 2 hours');
  });

  it('the hook takes the language from the provider (the zone from system.info: useTimeZone; a server render reads the store’s initial state, so the zone is checked through formatFor above)', () => {
    const at = Date.UTC(2026, 0, 1, 0, 0);
    function Show() {
      const f = useFormat();
      return <span>{`${f.lang} ${f.locale} ${f.count(1234567)} ${f.dateTime(at)}`}</span>;
    }
    expect(plain(renderToStaticMarkup(<InLanguage lang="de"><Show /></InLanguage>))).toBe(`<span>de de-DE 1.234.567 ${plain(formatFor('de', undefined).dateTime(at))}</span>`);
    expect(plain(renderToStaticMarkup(<InLanguage lang="en"><Show /></InLanguage>))).toBe(`<span>en en-GB 1,234,567 ${plain(formatFor('en', undefined).dateTime(at))}</span>`);
  });
});

describe('the language in force', () => {
  it('is the person’s choice, else the plant’s, else German', () => {
    expect(languageInForce('en', 'de')).toBe('en');
    expect(languageInForce(null, 'en')).toBe('en');
    expect(languageInForce(undefined, undefined)).toBe('de');
  });
});
