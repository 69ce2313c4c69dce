import { lineConditions, newConditionMemory } from '../../../../../electron/core/features/alerts/lineConditions.ts';
import { AlertsConfig } from '../../../../../shared/domain/alert.ts';
import type { LineProduction, LineSnapshot, MachineState } from '../../../../../shared/domain/line.ts';

// Each alert source of the evaluator, from live line snapshots: downtime by duration and state (severity
// ladder), controller link lost / stale, rate below target for N minutes, reject share above a limit.

const T0 = Date.UTC(2026, 2, 2, 6);
const cfg = AlertsConfig.parse({});
const noAsset = () => null;

function production(p: Partial<LineProduction> = {}): LineProduction {
  return {
    orderId: 'PO-1',
    ratePerMin: 120,
    targetRatePerMin: 120,
    shift: null,
    good: 0,
    reject: 0,
    availability: null,
    performance: null,
    quality: null,
    oee: null,
    downtime: null,
    uncodedCount: 0,
    gap: false,
    ...p,
  } as LineProduction;
}

function line(p: Partial<LineSnapshot> & { state?: MachineState } = {}): LineSnapshot {
  return {
    lineId: 'L1',
    name: 'Line 1',
    controllerId: 'plc',
    link: 'connected',
    stale: false,
    state: 'running',
    rawState: 1,
    stateSince: T0,
    good: { value: 1000, quality: 'good', at: T0 },
    reject: { value: 10, quality: 'good', at: T0 },
    insecure: false,
    production: production(),
    ...p,
  } as LineSnapshot;
}

const stopped = (state: MachineState, since: number): Partial<LineSnapshot> => ({
  state,
  stateSince: since,
  production: production({ ratePerMin: 0, downtime: { eventId: 7, state, since, coded: false, reasonLabel: null, micro: false, noData: false } }),
});

describe('downtime source: severity by duration and state', () => {
  it('raises nothing below the first rung, P2 after 5 min faulted, P1 after 30 min', () => {
    const m = newConditionMemory();
    expect(lineConditions(cfg, [line(stopped('faulted', T0))], m, T0 + 299_000, noAsset)).toEqual([]);
    const at5 = lineConditions(cfg, [line(stopped('faulted', T0))], m, T0 + 300_000, noAsset);
    expect(at5.map((c) => [c.key, c.source, c.priority, c.downtimeEventId])).toEqual([['downtime:L1', 'downtime', 2, 7]]);
    expect(at5[0]!.detail).toContain('downtime #7');
    const at30 = lineConditions(cfg, [line(stopped('faulted', T0))], m, T0 + 1_800_000, noAsset);
    expect(at30[0]!.priority).toBe(1);
  });

  it('a starved line follows its own rung (P3 after 15 min), and a per-line rung overrides for that line only', () => {
    const m = newConditionMemory();
    expect(lineConditions(cfg, [line(stopped('starved', T0))], m, T0 + 600_000, noAsset)).toEqual([]);
    expect(lineConditions(cfg, [line(stopped('starved', T0))], m, T0 + 900_000, noAsset)[0]!.priority).toBe(3);
    const strict = AlertsConfig.parse({ downtime: [{ lineId: 'L2', states: ['starved'], afterSec: 60, priority: 1 }] });
    const l2 = line({ ...stopped('starved', T0), lineId: 'L2', name: 'Line 2' });
    const out = lineConditions(strict, [line(stopped('starved', T0)), l2], newConditionMemory(), T0 + 61_000, noAsset);
    expect(out.map((c) => [c.key, c.priority])).toEqual([['downtime:L2', 1]]);
  });

  it('a planned stop suppresses by design; a stop while the link is down raises no downtime alert', () => {
    const planned = AlertsConfig.parse({ downtime: [{ afterSec: 60, priority: 3 }] });
    const out = lineConditions(planned, [line(stopped('planned_stop', T0))], newConditionMemory(), T0 + 120_000, noAsset);
    expect(out.map((c) => [c.key, c.suppressed])).toEqual([['downtime:L1', true]]);
    const down = line({ ...stopped('faulted', T0), link: 'reconnecting' });
    expect(lineConditions(cfg, [down], newConditionMemory(), T0 + 3_600_000, noAsset).filter((c) => c.source === 'downtime')).toEqual([]);
  });
});

describe('link source: controller lost or stale', () => {
  it('raises one alert per controller after linkAfterSec, says lost or stale, and forgets when fresh again', () => {
    const m = newConditionMemory();
    const lost = [line({ link: 'reconnecting' }), line({ lineId: 'L2', name: 'Line 2', link: 'reconnecting' })];
    expect(lineConditions(cfg, lost, m, T0, noAsset)).toEqual([]);
    const after = lineConditions(cfg, lost, m, T0 + 30_000, noAsset).filter((c) => c.source === 'link');
    expect(after.map((c) => [c.key, c.priority, c.lineId])).toEqual([['link:plc', 2, null]]);
    expect(after[0]!.title).toContain('link lost');
    expect(after[0]!.detail).toContain('L1, L2');
    // Fresh again: memory resets, so the next silence counts from its own start.
    expect(lineConditions(cfg, [line()], m, T0 + 31_000, noAsset).filter((c) => c.source === 'link')).toEqual([]);
    const stale = [line({ stale: true })];
    expect(lineConditions(cfg, stale, m, T0 + 40_000, noAsset).filter((c) => c.source === 'link')).toEqual([]);
    const s2 = lineConditions(cfg, stale, m, T0 + 70_000, noAsset).filter((c) => c.source === 'link');
    expect(s2[0]!.title).toContain('data stale');
  });
});

describe('rate source: below target for N minutes', () => {
  it('raises after rateMinutes below rateBelowPct of target while running, and restarts the count after recovery', () => {
    const m = newConditionMemory();
    const slow = line({ production: production({ ratePerMin: 90 }) }); // 75 % of 120 < 80 %
    expect(lineConditions(cfg, [slow], m, T0, noAsset)).toEqual([]);
    expect(lineConditions(cfg, [slow], m, T0 + 299_000, noAsset)).toEqual([]);
    const raised = lineConditions(cfg, [slow], m, T0 + 300_000, noAsset);
    expect(raised.map((c) => [c.key, c.source, c.priority])).toEqual([['rate:L1', 'rate', 3]]);
    lineConditions(cfg, [line({ production: production({ ratePerMin: 100 }) })], m, T0 + 301_000, noAsset); // 83 %: fine
    expect(lineConditions(cfg, [slow], m, T0 + 302_000, noAsset)).toEqual([]);
    expect(lineConditions(cfg, [slow], m, T0 + 602_000, noAsset).map((c) => c.key)).toEqual(['rate:L1']);
  });

  it('a stopped line is the downtime source’s, not the rate source’s', () => {
    const m = newConditionMemory();
    const idle = line({ state: 'idle', production: production({ ratePerMin: 0 }) });
    lineConditions(cfg, [idle], m, T0, noAsset);
    expect(lineConditions(cfg, [idle], m, T0 + 600_000, noAsset).filter((c) => c.source === 'rate')).toEqual([]);
  });
});

describe('reject source: share above the limit', () => {
  const counts = (good: number, reject: number): Partial<LineSnapshot> => ({
    good: { value: good, quality: 'good', at: T0 },
    reject: { value: reject, quality: 'good', at: T0 },
  });

  it('raises when more than rejectPct % of at least rejectMinParts parts were rejected over the window', () => {
    const m = newConditionMemory();
    lineConditions(cfg, [line(counts(1000, 10))], m, T0, noAsset);
    // 40 made, 10 rejected: 25 % but under 50 parts: no alert yet.
    expect(lineConditions(cfg, [line(counts(1030, 20))], m, T0 + 60_000, noAsset)).toEqual([]);
    const out = lineConditions(cfg, [line(counts(1090, 20))], m, T0 + 120_000, noAsset);
    expect(out.map((c) => [c.key, c.source, c.priority])).toEqual([['reject:L1', 'reject', 3]]);
  });

  it('stays quiet at a low share, and a counter reset starts the window over instead of raising', () => {
    const m = newConditionMemory();
    lineConditions(cfg, [line(counts(1000, 10))], m, T0, noAsset);
    expect(lineConditions(cfg, [line(counts(1200, 12))], m, T0 + 60_000, noAsset)).toEqual([]); // 1 %
    expect(lineConditions(cfg, [line(counts(5, 3))], m, T0 + 65_000, noAsset)).toEqual([]); // reset
    expect(lineConditions(cfg, [line(counts(100, 3))], m, T0 + 125_000, noAsset)).toEqual([]);
  });
});
