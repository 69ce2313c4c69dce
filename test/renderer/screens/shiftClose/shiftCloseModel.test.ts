import { ShiftDraft } from '../../../../shared/contract/domains/shift.ts';
import { neededAcknowledgements, partsToPost, plantDayTime, rowsOf, shiftLabel } from '../../../../renderer/screens/shiftClose/shiftCloseModel.ts';
import { i18n } from '../../../../renderer/i18n/instance.ts';

// The words are checked in English here, German below (the console's instance speaks the plant's language by default).
beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const order = (erpOrderId: string, good: number, reject: number, countSource: 'production' | 'none' = 'production') => ({ erpOrderId, operationId: '0010', material: 'CAP', uom: 'PC', workCenterId: 'W', openQty: null, countedGood: good, countedReject: reject, countSource });
const draft = (orders: ReturnType<typeof order>[][], now: number, windowEnd: number) =>
  ShiftDraft.parse({ date: '2026-12-05', code: 'Late', windowStart: windowEnd - 8 * 3_600_000, windowEnd, varianceThresholdPct: 5, closed: null, now, lines: orders.map((o, i) => ({ lineId: `L${i + 1}`, lineName: `Line ${i + 1}`, workCenterId: 'W', orders: o, uncodedDowntimeMin: 0 })) });

describe('shift close model', () => {
  it('does not tick a line that made nothing (defect 4: Saturday offered with 0 on every line, all ticked)', () => {
    const rows = rowsOf(draft([[order('1', 0, 0, 'none')], [order('2', 0, 0, 'none')], [order('3', 120, 2)]], 0, 1));
    expect(rows.map((r) => r.include)).toEqual([false, false, true]);
    const none = rowsOf(draft([[order('1', 0, 0, 'none')], [order('2', 0, 0, 'none')]], 0, 1));
    expect(none.every((r) => !r.include)).toBe(true);
    expect(partsToPost(none)).toBe(0);
  });

  it('asks for the acknowledgements the core requires: a shift not ended, a close that posts nothing', () => {
    const end = Date.UTC(2026, 11, 5, 21);
    const running = draft([[order('1', 3, 0)]], end - 8 * 3_600_000 + 54_000, end);
    expect(neededAcknowledgements(running, rowsOf(running))).toEqual({ notEnded: true, zeroProduction: false });
    const ended = draft([[order('1', 0, 0, 'none')]], end + 300_000, end);
    expect(neededAcknowledgements(ended, rowsOf(ended))).toEqual({ notEnded: false, zeroProduction: true });
  });

  it('shows shifts and times on the plant clock', () => {
    const start = Date.UTC(2026, 11, 5, 13); // 14:00 in Berlin
    expect(plantDayTime(start, 'Europe/Berlin')).toBe('Sat 5 Dec 14:00');
    expect(plantDayTime(start, 'America/Chicago')).toBe('Sat 5 Dec 07:00');
    expect(shiftLabel({ date: '2026-12-05', code: 'Late', start, end: start + 8 * 3_600_000, state: 'ended-unclosed', good: 1234, reject: 5, closedAt: null, closedByName: null }, 'Europe/Berlin')).toBe(
      'Sat 5 Dec · Late 14:00–22:00 · ended, not closed · 1,234 good, 5 reject',
    );
    expect(shiftLabel({ date: '2026-12-05', code: 'Late', start, end: start + 8 * 3_600_000, state: 'closed', good: 0, reject: 0, closedAt: start, closedByName: 'Anna Berg' }, 'Europe/Berlin')).toContain('closed by Anna Berg · no production');
  });

  it('says them in German for a German reader (de-DE, plant zone)', () => {
    const start = Date.UTC(2026, 11, 5, 13);
    const de = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('de')(k, o as never) as unknown as string;
    expect(plantDayTime(start, 'Europe/Berlin', 'de')).toBe('Sa., 5. Dez. 14:00');
    expect(shiftLabel({ date: '2026-12-05', code: 'Late', start, end: start + 8 * 3_600_000, state: 'ended-unclosed', good: 1234, reject: 5, closedAt: null, closedByName: null }, 'Europe/Berlin', de, 'de')).toBe(
      'Sa., 5. Dez. · Late 14:00–22:00 · beendet, nicht abgeschlossen · 1.234 gut, 5 Ausschuss',
    );
  });
});
