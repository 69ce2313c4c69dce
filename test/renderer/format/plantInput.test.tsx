import { renderToStaticMarkup } from 'react-dom/server';
import { PlantDateTimeField } from '../../../renderer/components/PlantDateTimeField.tsx';
import { formatPlantInput, parsePlantInput } from '../../../renderer/format/plantTime.ts';
import { InLanguage } from '../../../renderer/i18n/index.tsx';

const Z = 'Europe/Berlin';

describe('date and time typed the way the person’s language writes them, read in the plant zone', () => {
  it('German and English forms, and ISO in both', () => {
    const at = Date.UTC(2026, 11, 6, 13, 5); // 14:05 in Berlin
    expect(formatPlantInput(at, 'de', Z)).toBe('06.12.2026 14:05');
    expect(formatPlantInput(at, 'en', Z)).toBe('06/12/2026 14:05');
    expect(parsePlantInput('06.12.2026 14:05', 'de', Z)).toBe(at);
    expect(parsePlantInput('6.12.26 14:05', 'de', Z)).toBe(at);
    expect(parsePlantInput('06/12/2026 14:05', 'en', Z)).toBe(at);
    expect(parsePlantInput('2026-12-06 14:05', 'de', Z)).toBe(at);
    expect(parsePlantInput('2026-12-06T14:05', 'en', Z)).toBe(at);
  });
  it('refuses what is not a date in that language, or not a date at all', () => {
    expect(parsePlantInput('12/06/2026 14:05', 'de', Z)).toBeNull();
    expect(parsePlantInput('06.12.2026 14:05', 'en', Z)).toBeNull();
    expect(parsePlantInput('31.04.2026 10:00', 'de', Z)).toBeNull();
    expect(parsePlantInput('06.12.2026 25:00', 'de', Z)).toBeNull();
    expect(parsePlantInput('gestern', 'de', Z)).toBeNull();
  });
  it('across DST: the autumn hour that happens twice is its first occurrence; the spring gap lands after the jump', () => {
    expect(parsePlantInput('25.10.2026 02:30', 'de', Z)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(parsePlantInput('29.03.2026 02:30', 'de', Z)).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });
  it('the field says what it read, or how to write it, in the person’s language', () => {
    const de = renderToStaticMarkup(<InLanguage lang="de"><PlantDateTimeField label="Von" text="06.12.2026 14:05" onText={() => {}} testId="from" /></InLanguage>);
    expect(de).toContain('placeholder="TT.MM.JJJJ hh:mm"');
    expect(de).toMatch(/So\.?, 06\.12\.2026, \d\d:\d\d Werkszeit/);
    const en = renderToStaticMarkup(<InLanguage lang="en"><PlantDateTimeField label="From" text="06.12.2026 14:05" onText={() => {}} testId="from" /></InLanguage>);
    expect(en).toContain('From: write it as DD/MM/YYYY hh:mm (plant time)');
  });
});
