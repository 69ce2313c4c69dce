import type { LineSignalReadings, SignalDefinition, SignalReading } from '../../../../shared/domain/signal.ts';
import { bandText, formatSignal, toSignalCard, toSignalPanel } from '../../../../renderer/screens/line/signalView.ts';
import { i18n } from '../../../../renderer/i18n/instance.ts';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

const UTC = 'UTC';
const T = Date.UTC(2026, 0, 1, 14, 3, 22);

const def = (patch: Partial<SignalDefinition> = {}): SignalDefinition => ({ id: 'p', label: 'Fill pressure', nodeId: 'nsu=urn:x;s=P', unit: 'bar', decimals: 2, low: 3.5, high: 5, ...patch });
const reading = (patch: Partial<SignalReading> = {}): SignalReading => ({ id: 'p', value: 4.2, quality: 'good', at: T, band: 'normal', ...patch });
const line = (signals: SignalReading[], patch: Partial<LineSignalReadings> = {}): LineSignalReadings => ({ lineId: 'L1', link: 'connected', stale: false, signals, ...patch });
const card = (r: SignalReading, d = def(), l = line([r])) => toSignalCard(d, r, l, 'open', UTC);

describe('signal cards', () => {
  it('shows a value in its band calmly: grey, no flag, with its unit, digits and band', () => {
    expect(card(reading())).toEqual({
      id: 'p',
      label: 'Fill pressure',
      valueText: '4.20',
      unit: 'bar',
      tone: 'normal',
      dimmed: false,
      uncertain: false,
      flag: null,
      flagCode: null,
      detail: null,
      bandText: 'normal 3.50 – 5.00 bar',
      nodeId: null,
      abnormal: false,
    });
  });

  it('colours only a value outside its band, and says which side and how far in words', () => {
    expect(card(reading({ value: 5.3, band: 'high' }))).toMatchObject({ tone: 'warning', flag: 'HIGH', detail: 'by 0.30 bar', abnormal: true });
    expect(card(reading({ value: 3.1, band: 'low' }))).toMatchObject({ tone: 'warning', flag: 'LOW', detail: 'by 0.40 bar' });
  });

  it('shows a Bad value greyed with the reason and the node, never as a live number', () => {
    const c = card(reading({ value: 4.25, quality: 'bad', band: null, reason: 'The controller reports the value as Bad (BadSensorFailure).' }));
    expect(c).toMatchObject({ tone: 'nodata', dimmed: true, flag: 'BAD', valueText: '4.25', nodeId: 'nsu=urn:x;s=P', abnormal: true });
    expect(c.detail).toBe('The controller reports the value as Bad (BadSensorFailure). Shown: last value 14:03:22.');
    // A reason that names the node already is not followed by it again.
    expect(card(reading({ value: null, quality: 'bad', band: null, reason: 'No such tag (nsu=urn:x;s=P)' })).nodeId).toBeNull();
  });

  it('marks an Uncertain value, keeping its band', () => {
    expect(card(reading({ quality: 'uncertain', reason: 'The controller reports the value as Uncertain.' }))).toMatchObject({ tone: 'normal', uncertain: true, flag: 'UNCERTAIN', abnormal: true });
    expect(card(reading({ quality: 'uncertain', value: 6, band: 'high', reason: 'U' }))).toMatchObject({ tone: 'warning', uncertain: true, flag: 'HIGH', detail: 'by 1.00 bar · U' });
  });

  it('greys every value when the line is stale, disconnected or the page has no core', () => {
    const r = reading();
    expect(card(r, def(), line([r], { stale: true }))).toMatchObject({ tone: 'nodata', dimmed: true, flag: 'STALE', detail: null });
    expect(card(reading({ value: null, at: null, quality: 'bad', reason: 'x' }), def(), line([r], { link: 'reconnecting' }))).toMatchObject({ flag: 'NO DATA', detail: 'no value yet' });
    expect(toSignalCard(def(), r, line([r]), 'reconnecting', UTC)).toMatchObject({ tone: 'nodata', flag: 'NO DATA' });
  });
});

describe('signal panel', () => {
  it('says once why nothing is live, with the newest value time', () => {
    const rs = [reading({ quality: 'bad', reason: 'Not connected to the controller (reconnecting).' }), reading({ id: 'q', at: T - 60_000, quality: 'bad', reason: 'Not connected to the controller (reconnecting).' })];
    const p = toSignalPanel([def(), def({ id: 'q' })], line(rs, { link: 'reconnecting' }), 'open', UTC);
    expect(p.notLive).toEqual({ reason: 'Not connected to the controller (reconnecting).', lastValueAt: '14:03:22' });
    expect(p.abnormal).toBe(2);
    expect(toSignalPanel([def()], undefined, 'open', UTC).notLive?.reason).toBe('No values from the console core yet.');
  });

  it('keeps the configured order and counts what needs attention', () => {
    const p = toSignalPanel([def({ id: 'b' }), def({ id: 'a' })], line([reading({ id: 'a', value: 9, band: 'high' }), reading({ id: 'b' })]), 'open', UTC);
    expect(p.cards.map((c) => c.id)).toEqual(['b', 'a']);
    expect(p.abnormal).toBe(1);
    expect(p.notLive).toBeNull();
  });
});

describe('formatting', () => {
  it('uses the configured digits and never shows -0', () => {
    expect(formatSignal(4.2, 2)).toBe('4.20');
    expect(formatSignal(1234.5, 0)).toBe('1,235');
    expect(formatSignal(-0.04, 1)).toBe('0.0');
    expect(formatSignal(null, 1)).toBe('—');
  });

  it('states the band in words', () => {
    expect(bandText(def({ low: null }))).toBe('normal up to 5.00 bar');
    expect(bandText(def({ high: null, unit: null }))).toBe('normal from 3.50');
    expect(bandText(def({ low: null, high: null }))).toBeNull();
  });
});

describe('signal cards in German (issue 18)', () => {
  it('words, flags and numbers follow the language in force; the flag code stays for styling', async () => {
    await i18n.changeLanguage('de');
    expect(formatSignal(1234.5, 2)).toBe('1.234,50');
    expect(formatSignal(-0.001, 1)).toBe('0,0');
    expect(bandText(def())).toBe('normal 3,50 – 5,00 bar');
    expect(card(reading({ value: 5.3, band: 'high' }))).toMatchObject({ flag: 'HOCH', flagCode: 'HIGH', detail: 'um 0,30 bar' });
    expect(toSignalCard(def(), reading(), line([reading()]), 'reconnecting', UTC)).toMatchObject({ flag: 'KEINE DATEN', flagCode: 'NO DATA' });
  });
});
