import type { LineSignalReadings, LiveSignals } from '../../../shared/domain/signal.ts';
import { initialSignalsState, reduceLiveSignals, reduceSignalDefinitions, selectLineSignals, selectSignalDefinitions } from '../../../renderer/stores/signalsStore.ts';

const lineMsg = (lineId: string, value: number): LineSignalReadings => ({ lineId, link: 'connected', stale: false, signals: [{ id: 't', value, quality: 'good', at: 1, band: null }] });
const msg = (at: number, ...lines: LineSignalReadings[]): LiveSignals => ({ at, lines });

describe('signalsStore', () => {
  it('keeps the object of a line whose values did not change, so its panel does not re-render', () => {
    const s1 = reduceLiveSignals(initialSignalsState, msg(1, lineMsg('L1', 5), lineMsg('L2', 7)));
    const s2 = reduceLiveSignals(s1, msg(2, lineMsg('L1', 5), lineMsg('L2', 8)));
    expect(selectLineSignals('L1')(s2)).toBe(selectLineSignals('L1')(s1));
    expect(selectLineSignals('L2')(s2)?.signals[0]?.value).toBe(8);
    expect(s2.at).toBe(2);
  });

  it('drops a message older than the state (a snapshot answer after a newer tick)', () => {
    const s1 = reduceLiveSignals(initialSignalsState, msg(5, lineMsg('L1', 5)));
    expect(reduceLiveSignals(s1, msg(4, lineMsg('L1', 1)))).toBe(s1);
  });

  it('holds the definitions per line, and a stable empty list for a line without signals', () => {
    const s = reduceSignalDefinitions(initialSignalsState, { lines: [{ lineId: 'L1', signals: [{ id: 't', label: 'T', nodeId: 'n', unit: null, decimals: 1, low: null, high: null }] }] });
    expect(selectSignalDefinitions('L1')(s).map((d) => d.id)).toEqual(['t']);
    expect(selectSignalDefinitions('L9')(s)).toBe(selectSignalDefinitions('L8')(s));
    expect(selectSignalDefinitions('L9')(s)).toEqual([]);
  });
});
