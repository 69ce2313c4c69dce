import type { HoldView } from '../../../../shared/contract/domains/holds.ts';
import { erpView, interlockView, reachedEverything } from '../../../../renderer/screens/holds/holdText.ts';
import { i18n } from '../../../../renderer/i18n/instance.ts';

// The words are checked in English (the console's instance speaks the plant's language, German, by default).
beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const leg = (state: HoldView['erp']['place']['state'], message: string | null = null) => ({ state, outboxState: state === 'posted' ? 'done' : state === 'failed' ? 'rejected' : 'queued', message, reference: 'r' });
const hold = (over: Partial<HoldView> = {}): HoldView => ({
  id: 'h',
  scope: { kind: 'window', lineId: 'L2', from: 0, to: 1 },
  status: 'active',
  reason: 'r',
  defectCategory: 'other',
  note: '',
  placedAt: 0,
  placedBy: { userId: 'q', displayName: 'Q' },
  qty: { good: 1, reject: 0 },
  qtyAtPlacement: { good: 1, reject: 0 },
  orders: [],
  gap: false,
  interlock: { state: 'set', message: null, at: 0, lineId: 'L2' },
  erp: { place: leg('waiting'), release: null },
  released: null,
  revision: 0,
  ...over,
});

describe('holds screen words', () => {
  it('answers "did the hold reach everything" from the interlock and the ERP legs', () => {
    expect(reachedEverything(hold())).toEqual({ text: 'Line done, ERP waiting', tone: 'warning' });
    expect(reachedEverything(hold({ erp: { place: leg('posted'), release: null } }))).toEqual({ text: 'Reached everything', tone: 'normal' });
    expect(reachedEverything(hold({ interlock: { state: 'failed', message: 'Line 2: not connected', at: 0, lineId: 'L2' }, erp: { place: leg('posted'), release: null } })).tone).toBe('alarm');
    expect(reachedEverything(hold({ erp: { place: leg('posted'), release: leg('failed', 'ALREADY_RELEASED') } })).tone).toBe('alarm');
  });

  it('spells out failures with their reason', () => {
    expect(interlockView(hold({ interlock: { state: 'failed', message: 'Line 2: The controller is not connected', at: null, lineId: 'L2' } }), 'UTC').text).toBe('NOT SET: Line 2: The controller is not connected');
    expect(erpView(leg('failed', 'plant unknown')).text).toBe('FAILED: plant unknown');
    expect(erpView({ state: 'no_erp', outboxState: null, message: null, reference: null }).tone).toBe('normal');
  });
});


// Issue 18: the interlock's and the ERP's failures in the person's language; the controller's status code stays out.
describe('holds screen words in German', () => {
  it('a failed interlock says what happened and what to do, without the OPC UA status or the English text', async () => {
    const { createI18n } = await import('../../../../renderer/i18n/instance.ts');
    const { tMessage } = await import('../../../../renderer/i18n/index.tsx');
    const de = createI18n('de');
    const t = de.getFixedT('de') as unknown as (k: string, o?: Record<string, unknown>) => string;
    const tm = (m: Parameters<typeof tMessage>[0], fb = '') => tMessage(m, fb, de);
    const failed = hold({ interlock: { state: 'failed', message: 'Line 2: Writing Line2.HoldInterlock failed: This value is read-only on the controller. (BadNotWritable)', msg: { key: 'opcua.notWritable' }, at: null, lineId: 'L2' } });
    const text = interlockView(failed, 'UTC', t, 'de', tm).text;
    expect(text).toBe('NICHT GESETZT: Auf der Steuerung ist dieser Wert nur lesbar. Ein Administrator macht ihn auf der Steuerung beschreibbar oder ordnet in der Anlagenkonfiguration ein beschreibbares Signal zu');
    expect(text).not.toMatch(/Bad|read-only|HoldInterlock/);
    const kept = hold({ interlock: { state: 'kept', message: 'still set: 2 other active hold(s) on this line', msg: { key: 'holds.interlockKept', params: { count: 2 } }, at: null, lineId: 'L2' } });
    expect(interlockView(kept, 'UTC', t, 'de', tm).text).toBe('Bleibt gesetzt: 2 weitere aktive Sperren auf dieser Linie brauchen sie');
    // A REST ERP's own text, introduced by the catalogue's sentence.
    const rejected = { ...leg('failed', 'Material 4711 blocked for posting'), msg: { key: 'remote.rejected', params: { target: 'erp', text: 'Material 4711 blocked for posting' } } };
    expect(erpView(rejected, t, tm).text).toBe('FEHLGESCHLAGEN: Das ERP hat es abgelehnt: Material 4711 blocked for posting. Korrigieren und erneut senden oder verwerfen.');
  });
});
