import { commands } from '../../../shared/contract/commands.ts';
import { calendarDateProblem, FIELD_LIMITS, limitedText, textProblem, timeOfDayProblem } from '../../../shared/domain/fieldLimits.ts';

const lotScope = (lot: string) => ({ kind: 'lot', lot, lineId: 'L1', from: Date.UTC(2026, 11, 6, 6), to: Date.UTC(2026, 11, 6, 7) });
const place = (lot: string) => commands['holds.place'].req.safeParse({ scope: lotScope(lot), reason: 'seal leak', defectCategory: 'sealing' });

describe('field limits: stored whole or refused naming the limit', () => {
  it('defect 2: a 15-character lot is refused with SAP batch’s limit, never cut to 10', () => {
    const r = place('LOT-2026-1206-A');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['Lot number: at most 10 characters (SAP batch), got 15']);
    const fits = place('LOT-1206-A');
    expect(fits.success && fits.data.scope.kind === 'lot' && fits.data.scope.lot).toBe('LOT-1206-A');
  });

  it('keeps Unicode, right-to-left text and emoji whole where it is stored', () => {
    const reason = limitedText(FIELD_LIMITS.holdReason, { min: 3 });
    for (const s of ['Dichtung undicht – Öl', 'חותם דולף בקו 2', 'ختم تالف', 'leak 💧🔧 on capper', 'İstanbul ǅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢']) expect(reason.parse(` ${s} `)).toBe(s);
  });

  it('counts UTF-16 code units as SAP does: an emoji outside the BMP takes two', () => {
    expect(textProblem(FIELD_LIMITS.lot, '😀😀😀😀😀')).toBeNull();
    expect(textProblem(FIELD_LIMITS.lot, '😀😀😀😀😀😀')).toBe('Lot number: at most 10 characters (SAP batch), got 12');
  });

  it('refuses control characters and broken surrogates; notes keep line breaks', () => {
    expect(textProblem(FIELD_LIMITS.holdReason, 'jam\u0000ed')).toMatch(/^Reason: contains a line break or control character/);
    expect(textProblem(FIELD_LIMITS.holdReason, 'two\nlines')).toMatch(/control character/);
    expect(textProblem(FIELD_LIMITS.holdNote, 'two\nlines\tok')).toBeNull();
    expect(textProblem(FIELD_LIMITS.holdNote, 'bell\u0007')).toMatch(/control character/);
    expect(textProblem(FIELD_LIMITS.holdNote, 'half \uD83D emoji')).toMatch(/broken character/);
    expect(textProblem(FIELD_LIMITS.holdNote, 'bidi \u202Eoverride')).toBeNull(); // RTL marks are text, not control characters
  });

  it('every limit names its field and cites the remote system where the value goes there', () => {
    expect(FIELD_LIMITS.lot).toMatchObject({ max: 10, system: 'SAP batch' });
    expect(FIELD_LIMITS.erpOrderId.max).toBe(12);
    expect(FIELD_LIMITS.material.max).toBe(40);
    expect(FIELD_LIMITS.storageLocation.max).toBe(4);
    expect(FIELD_LIMITS.plant.max).toBe(4);
    expect(FIELD_LIMITS.workCenter.max).toBe(8);
    expect(FIELD_LIMITS.confirmationText.max).toBe(40);
    expect(FIELD_LIMITS.caseTitle.max).toBe(160);
  });
});

describe('dates and times', () => {
  it('defect 9: only real calendar days pass', () => {
    expect(calendarDateProblem('2026-13-45')).toMatch(/no month 13/);
    expect(calendarDateProblem('2026-02-29')).toMatch(/no day 29/);
    expect(calendarDateProblem('2028-02-29')).toBeNull();
    expect(calendarDateProblem('2026-12-06')).toBeNull();
    expect(calendarDateProblem('2026-12-00')).toMatch(/no day 00/);
    expect(calendarDateProblem('26-12-06')).toMatch(/YYYY-MM-DD/);
    expect(commands['shift.draft'].req.safeParse({ date: '2026-13-45' }).error?.issues[0]?.message).toBe('Date: there is no month 13 (2026-13-45)');
  });

  it('times of day run 00:00–23:59', () => {
    expect(timeOfDayProblem('00:00')).toBeNull();
    expect(timeOfDayProblem('23:59')).toBeNull();
    expect(timeOfDayProblem('24:00')).toMatch(/not a time of day/);
    expect(timeOfDayProblem('12:60')).toMatch(/not a time of day/);
    expect(timeOfDayProblem('7:30')).toMatch(/HH:MM/);
  });
});
