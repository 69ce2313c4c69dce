import {
  acknowledged,
  type AlertCore,
  cleared,
  displayState,
  downtimePriority,
  FLOOD_WINDOW_MS,
  FloodDetector,
  isOpen,
  rankBadActors,
  raised,
  shelved,
  suppressedFor,
  tickShelve,
  unshelved,
  AlertsConfig,
} from '../../../shared/domain/alert.ts';

const fresh: AlertCore = { active: false, acked: true, shelving: null, suppressed: false, dismissed: false };

describe('ISA-18.2 alert states', () => {
  it('walks unack-active → ack-active → normal, and unack-active → unack-cleared → normal', () => {
    const a = raised(fresh);
    expect(displayState(a)).toBe('unack-active');
    expect(displayState(acknowledged(a))).toBe('ack-active');
    expect(displayState(cleared(acknowledged(a)))).toBe('normal');
    expect(displayState(cleared(a))).toBe('unack-cleared');
    expect(isOpen(cleared(a))).toBe(true);
    expect(displayState(acknowledged(cleared(a)))).toBe('normal');
    expect(isOpen(acknowledged(cleared(a)))).toBe(false);
  });

  it('a re-raise un-acknowledges; a one-shot shelve ends at return to normal, a timed one does not', () => {
    const a = acknowledged(raised(fresh));
    expect(raised(a).acked).toBe(false);
    const once = shelved(a, { kind: 'oneShot', reason: 'known', by: 'Paul', at: 0 });
    expect(displayState(once)).toBe('shelved');
    expect(cleared(once).shelving).toBeNull();
    const timed = shelved(a, { kind: 'timed', durationMs: 60_000, reason: 'known', by: 'Paul', at: 0 });
    expect(cleared(timed).shelving?.kind).toBe('timed');
    expect(unshelved(timed).shelving).toBeNull();
  });

  it('counts a timed shelve down by elapsed monotonic time only; backwards or NaN steps count as nothing', () => {
    let a = shelved(raised(fresh), { kind: 'timed', durationMs: 60_000, reason: 'r', by: 'P', at: 0 });
    a = tickShelve(a, -3_600_000, 0);
    expect(a.shelving?.remainingMs).toBe(60_000);
    a = tickShelve(a, Number.NaN, 0);
    expect(a.shelving?.remainingMs).toBe(60_000);
    a = tickShelve(a, 59_999, 0);
    expect(a.shelving?.remainingMs).toBe(1);
    expect(tickShelve(a, 1, 0).shelving).toBeNull();
  });

  it('suppresses by design during a planned stop, except a lost controller link', () => {
    expect(suppressedFor('downtime', 'planned_stop')).toBe(true);
    expect(suppressedFor('rate', 'planned_stop')).toBe(true);
    expect(suppressedFor('link', 'planned_stop')).toBe(false);
    expect(suppressedFor('downtime', 'faulted')).toBe(false);
  });
});

describe('flood detection', () => {
  it('starts at the 11th alert within 10 minutes and ends below 5', () => {
    const f = new FloodDetector();
    for (let i = 0; i < 10; i++) expect(f.raise(i * 1000).flooding).toBe(false);
    expect(f.raise(10_000)).toMatchObject({ flooding: true, inWindow: 11, since: 10_000 });
    // The window slides: the flood lasts while 5 or more remain.
    expect(f.at(FLOOD_WINDOW_MS + 3_500)).toMatchObject({ flooding: true, inWindow: 7 });
    expect(f.at(FLOOD_WINDOW_MS + 5_500)).toMatchObject({ flooding: true, inWindow: 5 });
    expect(f.at(FLOOD_WINDOW_MS + 6_000)).toMatchObject({ flooding: false, inWindow: 4, since: null });
  });
});

describe('bad actors', () => {
  it('ranks by count and marks three raises within a minute as chattering', () => {
    const r = (key: string, at: number) => ({ key, title: key, lineId: 'L1', at });
    const top = rankBadActors([r('a', 0), r('a', 20_000), r('a', 50_000), r('b', 0), r('b', 100_000), r('b', 200_000), r('b', 300_000), r('c', 0)], 2);
    expect(top.map((b) => [b.key, b.count, b.chattering])).toEqual([
      ['b', 4, false],
      ['a', 3, true],
    ]);
  });
});

describe('downtime severity by duration', () => {
  it('takes the most urgent rung passed for the line and state', () => {
    const cfg = AlertsConfig.parse({ downtime: [{ states: ['faulted'], afterSec: 60, priority: 3 }, { states: ['faulted'], afterSec: 600, priority: 1 }, { lineId: 'L2', afterSec: 10, priority: 2 }] });
    expect(downtimePriority(cfg.downtime, 'L1', 'faulted', 59_000)).toBeNull();
    expect(downtimePriority(cfg.downtime, 'L1', 'faulted', 60_000)).toBe(3);
    expect(downtimePriority(cfg.downtime, 'L1', 'faulted', 600_000)).toBe(1);
    expect(downtimePriority(cfg.downtime, 'L1', 'starved', 9e9)).toBeNull();
    expect(downtimePriority(cfg.downtime, 'L2', 'starved', 10_000)).toBe(2);
  });
});
