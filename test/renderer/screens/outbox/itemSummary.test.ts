import { formatFor } from '../../../../renderer/i18n/format.ts';
import { tMessage } from '../../../../renderer/i18n/index.tsx';
import { createI18n } from '../../../../renderer/i18n/instance.ts';
import { itemSummary } from '../../../../renderer/screens/outbox/OutboxScreen.tsx';
import type { Translate } from '../../../../renderer/i18n/index.tsx';
import { initialLinesState, linesStore } from '../../../../renderer/stores/linesStore.ts';

beforeAll(() => linesStore.setState({ byId: { L1: { name: 'Line 1 – Filling' } as never }, lineIds: ['L1'] }));
afterAll(() => linesStore.setState(initialLinesState));

const NBSP = /\u00a0|\u202f/g;
const plain = (s: string) => s.replace(NBSP, ' ');

function inLang(lang: 'de' | 'en') {
  const inst = createI18n(lang);
  const t = inst.getFixedT(lang, 'outbox') as unknown as Translate;
  return { t, f: formatFor(lang, 'Europe/Berlin'), tm: (m: Parameters<typeof tMessage>[0], fb: string) => tMessage(m, fb, inst) };
}

const downtimeTitle = { key: 'alerts.downtimeTitle', params: { line: 'Line 1 – Filling', state: 'faulted' } };

describe('outbox items in the reader’s language (issue 18)', () => {
  it('confirmations and holds: quantities in words, never the ERP’s unit code', () => {
    const { t, f, tm } = inLang('de');
    const post = { kind: 'confirmation.post' as const, summary: 'Order 1001 / 0010: 480 PC good, 12 scrap', payload: { order: { erpOrderId: '1001', operationId: '10' }, quantities: { yield: '480', scrap: '12', rework: '0', uom: 'PC' } } };
    expect(plain(itemSummary(t, post, f, tm))).toBe('Auftrag 1001 / 0010: Gutmenge 480 Stück, Ausschuss 12 Stück');
    const hold = { kind: 'hold.place' as const, summary: 'Hold on lot L-7: 2 PC (seal)', payload: { scope: { lot: 'L-7' }, items: [{ qty: '2', uom: 'ST' }], reason: 'Siegelnaht' } };
    expect(plain(itemSummary(t, hold, f, tm))).toBe('Charge L-7, 2 Stück (Siegelnaht)');
    const en = inLang('en');
    expect(plain(itemSummary(en.t, hold, en.f, en.tm))).toBe('lot L-7, 2 pieces (Siegelnaht)');
    expect(plain(itemSummary(en.t, { ...hold, payload: { ...hold.payload, items: [{ qty: '1', uom: 'EA' }] } }, en.f, en.tm))).toBe('lot L-7, 1 piece (Siegelnaht)');
  });

  it('maintenance cases: the alert’s title from its message, the repeated stop in words; no code, no English', () => {
    const { t, f, tm } = inLang('de');
    const create = { kind: 'case.create' as const, summary: 'case.create', payload: { lineId: 'L1', lineName: 'Line 1 – Filling', title: 'Line 1 – Filling: faulted, stopped too long', titleMsg: downtimeTitle, priority: 2, machineDown: true } };
    expect(itemSummary(t, create, f, tm)).toBe(`${tm(downtimeTitle, '')} (P2, Maschine steht)`);
    const text = itemSummary(t, create, f, tm);
    expect(text).not.toMatch(/faulted|stopped too long|case\.create/);
    expect(text).toMatch(/^Line 1 – Filling: .+ \(P2, Maschine steht\)$/);
    // An item stored before the title's message was kept: its English title, still named and prioritised in German.
    const old = { ...create, payload: { ...create.payload, titleMsg: undefined, machineDown: false, title: 'Motor overload' } };
    expect(itemSummary(t, old, f, tm)).toBe('Line 1 – Filling: Motor overload (P2)');
    const again = { kind: 'case.update' as const, summary: 'case.update', payload: { caseId: 'c', updateId: 'u', assetKey: 'L1/L1', text: 'Repeated stop on L1: Line 1 – Filling: faulted, stopped too long\n\nEvidence…', repeatedStop: { lineId: 'L1', title: 'Line 1 – Filling: faulted, stopped too long', titleMsg: downtimeTitle } } };
    expect(itemSummary(t, again, f, tm)).toMatch(/^Erneuter Stillstand: Line 1 – Filling: /);
    expect(itemSummary(t, again, f, tm)).not.toMatch(/Repeated|faulted/);
    const note = { kind: 'case.update' as const, summary: 'case.update', payload: { caseId: 'c', updateId: 'u', assetKey: 'L1/L1', text: 'Lager getauscht\n\nEvidence…' } };
    expect(itemSummary(t, note, f, tm)).toBe('Notiz zu Line 1 – Filling: Lager getauscht');
  });

  it('an item the screen cannot read says so in a sentence from the catalogue, never its kind’s code or the core’s English (issue 18)', () => {
    for (const lang of ['de', 'en'] as const) {
      const { t, f, tm } = inLang(lang);
      // The core has no words for case items: their summary is the kind's code ("Instandhaltungsfall: case.create").
      const untitled = { kind: 'case.create' as const, summary: 'case.create', payload: { lineId: 'L1', title: '', priority: 2 } };
      expect(itemSummary(t, untitled, f, tm)).toBe(lang === 'de' ? 'für Line 1 – Filling' : 'for Line 1 – Filling');
      const bare = { kind: 'case.update' as const, summary: 'case.update', payload: {} };
      const hold = { kind: 'hold.place' as const, summary: 'Hold on line L1: 0 PC (seal)', payload: { scope: { lineId: 'L1' } } };
      const post = { kind: 'confirmation.post' as const, summary: 'Order ? / ?: confirmation', payload: null };
      for (const item of [untitled, bare, hold, post]) {
        const text = itemSummary(t, item, f, tm);
        expect(text).not.toBe(item.summary);
        expect(text).not.toMatch(/case\.|confirmation\.|hold\.|Hold on|Order \?/);
        expect(text).not.toBe('');
      }
      expect(itemSummary(t, bare, f, tm)).toBe(t('summary.noDetail'));
    }
  });
});
