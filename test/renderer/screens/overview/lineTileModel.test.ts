import { noDataReason, periodWords, toLineTileView } from '../../../../renderer/screens/overview/lineTileModel.ts';
import { aLine } from '../../fixtures.ts';
import { i18n } from '../../../../renderer/i18n/instance.ts';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

const UTC = 'UTC';

describe('toLineTileView', () => {
  it('shows a running line as normal with its time in state', () => {
    const v = toLineTileView(aLine({ state: 'running', stateSince: 0 }), 'open', 754_000, UTC);
    expect(v.stateLabel).toBe('Running');
    expect(v.stateTone).toBe('normal');
    expect(v.timeInState).toBe('12 min 34 s');
    expect(v.noData).toBeNull();
    expect(v.good.text).toBe('100');
  });

  it('colours only abnormal states', () => {
    expect(toLineTileView(aLine({ state: 'faulted' }), 'open', 0).stateTone).toBe('alarm');
    expect(toLineTileView(aLine({ state: 'stopped' }), 'open', 0).stateTone).toBe('alarm');
    expect(toLineTileView(aLine({ state: 'starved' }), 'open', 0).stateTone).toBe('warning');
    expect(toLineTileView(aLine({ state: 'blocked' }), 'open', 0).stateTone).toBe('warning');
    expect(toLineTileView(aLine({ state: 'idle' }), 'open', 0).stateTone).toBe('warning');
    expect(toLineTileView(aLine({ state: 'planned_stop' }), 'open', 0).stateTone).toBe('normal');
  });

  it('names the raw code of an unmapped state', () => {
    const v = toLineTileView(aLine({ state: 'unknown', rawState: 42 }), 'open', 0);
    expect(v.stateLabel).toBe('Unknown state code 42');
    expect(v.stateTone).toBe('warning');
  });

  it('says NO DATA with the time of the last value when the data is stale', () => {
    const v = toLineTileView(aLine({ stale: true, good: { value: 9, quality: 'good', at: Date.UTC(2026, 0, 1, 14, 3, 22) } }), 'open', 0, UTC);
    expect(v.noData).toEqual({ reason: 'No update from the controller', lastValueAt: '14:03:22' });
    expect(v.stateTone).toBe('nodata');
    expect(v.timeInState).toBeNull();
    expect(v.linkLabel).toBe('Connected, data stale');
  });

  it('treats every line as not live while the page has no core', () => {
    const v = toLineTileView(aLine(), 'reconnecting', 0, UTC);
    expect(v.noData?.reason).toBe('Console core not connected');
    expect(v.linkLabel).toBe('Link not known');
  });

  it('orders the reasons from the most basic cause', () => {
    expect(noDataReason(aLine({ link: 'disconnected', stale: true }), 'open')).toBe('Controller disconnected');
    expect(noDataReason(aLine({ good: { value: 1, quality: 'bad', at: 1 } }), 'open')).toBe('Controller reports bad quality');
    expect(noDataReason(aLine(), 'open')).toBeNull();
  });

  it('marks uncertain counts and shows a missing count as a dash', () => {
    const v = toLineTileView(aLine({ good: { value: null, quality: 'uncertain', at: null } }), 'open', 0);
    expect(v.good).toEqual({ text: '—', uncertain: true });
  });
});

describe('periodWords (issue 13 #3)', () => {
  const base = { orderId: null, ratePerMin: null, targetRatePerMin: 120, good: 383, reject: 4, availability: null, performance: null, quality: null, oee: null, downtime: null, uncodedCount: 0, gap: false };
  it('takes the words the core sends with the figures', () => {
    expect(periodWords({ ...base, shift: { id: 'x', name: 'Early', start: 0, end: 1 }, period: { kind: 'shift', label: 'this shift', start: 0, end: 1 } })).toBe('this shift');
    expect(periodWords({ ...base, shift: null, period: { kind: 'shift', label: 'since the last shift ended', start: 0, end: 1 } })).toBe('since the last shift ended');
  });
  it('names the period for an older core too', () => {
    expect(periodWords({ ...base, shift: { id: 'x', name: 'Early', start: 0, end: 1 } })).toBe('this shift');
    expect(periodWords({ ...base, shift: { id: 'x', name: 'Unscheduled', start: 0, end: 1 } })).toBe('since the last shift ended');
  });
});

describe('a tile on a link loss (issue 14 #11)', () => {
  it('keeps the last count, greyed with its time, instead of "no value received yet"', () => {
    const at = Date.UTC(2026, 11, 6, 14, 2, 11);
    const v = toLineTileView(aLine({ link: 'reconnecting', state: 'unknown', good: { value: 1275, quality: 'bad', at } }), 'open', at + 5000, UTC);
    expect(v.noData).toEqual({ reason: 'Controller reconnecting', lastValueAt: '14:02:11' });
    expect(v.good.text).toBe('1,275');
  });
});
