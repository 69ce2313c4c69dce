import { noDataReason, toLineTileView } from '../../../../renderer/screens/overview/lineTileModel.ts';
import { aLine } from '../../fixtures.ts';

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
