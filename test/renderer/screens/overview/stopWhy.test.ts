import { interlockWords, stopWhy } from '../../../../renderer/screens/overview/stopWhy.ts';
import { knownFrom } from '../../../../renderer/screens/line/StateTimeline.tsx';
import { i18n } from '../../../../renderer/i18n/instance.ts';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

const stop = (o: Partial<{ coded: boolean; reasonLabel: string | null; micro: boolean; noData: boolean }> = {}) => ({
  eventId: 1,
  state: 'stopped' as const,
  since: 0,
  coded: false,
  reasonLabel: null,
  micro: false,
  noData: false,
  ...o,
});
// Only the fields stopWhy reads; the rest of LineProduction does not matter here.
const line = (state: 'running' | 'stopped' | 'idle', downtime: ReturnType<typeof stop> | null) => ({ state, production: { downtime } }) as never;

describe('why a line is stopped (tile)', () => {
  it('the active alarm first, then the coded reason, then "not coded"; nothing while it runs', () => {
    expect(stopWhy(line('stopped', stop()), { title: 'Filler down for 6 min', priority: 1 })).toEqual({ kind: 'alarm', text: 'Filler down for 6 min', priority: 1 });
    expect(stopWhy(line('stopped', stop({ coded: true, reasonLabel: 'Changeover' })), null)).toEqual({ kind: 'reason', text: 'Changeover' });
    expect(stopWhy(line('idle', stop()), null)?.kind).toBe('uncoded');
    expect(stopWhy(line('stopped', stop({ micro: true })), null)).toBeNull();
    expect(stopWhy(line('stopped', stop({ noData: true })), null)?.kind).toBe('nodata');
    expect(stopWhy(line('running', null), { title: 'x', priority: 2 })).toBeNull();
  });

  it('a held line shows the worst interlock state of its holds', () => {
    const holds = [
      { id: 'a', interlock: { state: 'set' as const, message: null, at: 1, lineId: 'L1' } },
      { id: 'b', interlock: { state: 'failed' as const, message: 'write refused', at: 1, lineId: 'L1' } },
    ];
    expect(interlockWords(holds, ['a'])).toEqual({ text: 'line interlock set', failed: false });
    expect(interlockWords(holds, ['a', 'b'])).toEqual({ text: 'INTERLOCK NOT SET', failed: true });
  });
});

describe('state timeline: nothing drawn as known before the console knew it', () => {
  const shift = { id: 's', name: 'Early', start: 1_000, end: 10_000, breaks: [] };
  it('starts at the first record or the console start, whichever is earlier, never before the shift', () => {
    expect(knownFrom({ shift, trend: [], timeline: [] } as never, 4_000)).toBe(4_000);
    expect(knownFrom({ shift, trend: [{ minuteAt: 3_000 }], timeline: [] } as never, 4_000)).toBe(3_000);
    expect(knownFrom({ shift, trend: [], timeline: [{ start: 500 }] } as never, 4_000)).toBe(1_000);
    expect(knownFrom({ shift: null, trend: [], timeline: [] } as never, 4_000)).toBeNull();
    expect(knownFrom({ shift, trend: [], timeline: [] } as never, null)).toBeNull();
  });
});
