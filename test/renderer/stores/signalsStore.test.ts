import type { LineSignalReadings, LiveSignals } from '../../../shared/domain/signal.ts';
import { createClient } from '../../../shared/contract/client.ts';
import { ok } from '../../../shared/contract/envelope.ts';
import { initialSignalsState, reduceLiveSignals, reduceSignalDefinitions, selectLineSignals, selectSignalDefinitions, setSignalWatchClient, signalsStore, watchedSignalLines, watchLineSignals } from '../../../renderer/stores/signalsStore.ts';

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

  it('tells the core the lines its panels show, the whole set at every change, and takes the answer', async () => {
    signalsStore.setState(initialSignalsState, true);
    const asked: unknown[] = [];
    setSignalWatchClient(
      createClient({
        invoke: async (key, req) => {
          asked.push([key, req]);
          const ids = (req as { lineIds: string[] }).lineIds;
          return ok(msg(asked.length, ...ids.map((id) => lineMsg(id, asked.length))));
        },
        on: () => () => undefined,
      }),
    );
    const flush = () => new Promise((r) => setTimeout(r, 0));
    try {
      const endA = watchLineSignals('L1');
      const endB = watchLineSignals('L2');
      const endC = watchLineSignals('L1'); // a second panel on the same line
      await flush();
      expect(asked).toEqual([
        ['signals.watch', { lineIds: ['L1'] }],
        ['signals.watch', { lineIds: ['L1', 'L2'] }],
        ['signals.watch', { lineIds: ['L1', 'L2'] }],
      ]);
      expect(selectLineSignals('L2')(signalsStore.getState())?.signals[0]?.value).toBe(3);
      endA();
      endA(); // ending twice ends once
      expect(watchedSignalLines()).toEqual(['L1', 'L2']);
      endC();
      endB();
      await flush();
      expect(asked.at(-1)).toEqual(['signals.watch', { lineIds: [] }]);
      expect(watchedSignalLines()).toEqual([]);
    } finally {
      setSignalWatchClient(null);
    }
  });
});
