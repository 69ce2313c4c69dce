import { ProductionTracker } from '../../../../../electron/core/features/production/ProductionTracker.ts';
import { eventsOverlapping } from '../../../../../electron/core/features/production/downtimeRepo.ts';
import { counterEventsOf, minutesOf, productionByOrder, productionInWindow } from '../../../../../electron/core/features/production/productionRepo.ts';
import { lineSettings } from '../../../../../electron/core/features/production/lineSettings.ts';
import { windowFigures } from '../../../../../electron/core/features/production/windowFigures.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { createPlantModel, DEMO_STATE } from '../../../../../electron/demo/plantModel.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const plant = loaded.value;
const L1 = plant.lines[0]!;
const T0 = Date.UTC(2026, 2, 2, 7, 0, 0); // a Monday, 08:00 Berlin: inside the Early shift
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;

function setup(start?: { db: WritableDb; at: number }, modelOpts: Parameters<typeof createPlantModel>[0] = {}) {
  const db = start?.db ?? openTestDb(tmp.dir, `t${++n}.db`);
  migrate(db);
  let now = start?.at ?? T0;
  const tracker = new ProductionTracker({ db, plant, logger: memoryLogger(), now: () => now });
  const model = createPlantModel({ lines: 1, ...modelOpts });
  const v = (tag: string, value: number | string, at: number): LiveValue => ({ tagId: tag, value, quality: 'good', sourceTs: at, serverTs: at });
  const bad = (tag: string): LiveValue => ({ tagId: tag, value: null, quality: 'bad', sourceTs: null, serverTs: now });
  /** Delivers the model's values at tick `tick` (1 s per tick from `base`), as the gateway would. */
  const deliver = (tick: number, base = T0, resetAt?: number) => {
    const s = model.lineAt(1, tick, resetAt);
    now = base + tick * 1000;
    tracker.ingest('L1', 'order', v(L1.tags.currentOrder!, s.currentOrder, now));
    tracker.ingest('L1', 'good', v(L1.tags.goodCount, s.goodCount, now));
    tracker.ingest('L1', 'reject', v(L1.tags.rejectCount!, s.rejectCount, now));
    tracker.ingest('L1', 'state', v(L1.tags.machineState, s.machineState, now));
  };
  return {
    db,
    tracker,
    model,
    deliver,
    linkLost: () => {
      for (const [sig, tag] of [['good', L1.tags.goodCount], ['reject', L1.tags.rejectCount!], ['state', L1.tags.machineState]] as const) tracker.ingest('L1', sig, bad(tag));
    },
    setNow: (t: number) => (now = t),
    now: () => now,
  };
}

/** What the model says about ticks [from, to): parts, rejects, running ticks, stops (state, ticks). */
function predict(model: ReturnType<typeof createPlantModel>, from: number, to: number) {
  const a = model.lineAt(1, from);
  const b = model.lineAt(1, to);
  let running = 0;
  const stops: { state: number; ticks: number }[] = [];
  for (let t = from; t < to; t++) {
    const st = model.lineAt(1, t).machineState;
    if (st === DEMO_STATE.running) running++;
    else if (stops.length > 0 && stops.at(-1)!.state === st && model.lineAt(1, t - 1).machineState === st) stops.at(-1)!.ticks++;
    else stops.push({ state: st, ticks: 1 });
  }
  return { good: b.goodCount - a.goodCount, reject: b.rejectCount - a.rejectCount, runningTicks: running, stops };
}

describe('ProductionTracker on the demo plant’s deterministic cycle', () => {
  it('counts good and reject, run time and every stop exactly as the model defines them', () => {
    const { db, tracker, model, deliver } = setup();
    const cycle = model.cycleLength(1);
    for (let t = 0; t <= cycle; t++) {
      deliver(t);
      if (t % 7 === 0) tracker.flush();
    }
    tracker.flush();
    const p = predict(model, 0, cycle);
    const minutes = minutesOf(db, { lineId: 'L1', from: T0, to: T0 + cycle * 1000 + 60_000 });
    expect(minutes.reduce((s, m) => s + m.good, 0)).toBe(p.good);
    expect(minutes.reduce((s, m) => s + m.reject, 0)).toBe(p.reject);
    expect(minutes.reduce((s, m) => s + m.runMs, 0)).toBe(p.runningTicks * 1000);
    const events = eventsOverlapping(db, { lineId: 'L1', from: T0, to: T0 + cycle * 1000 });
    // The last stop of the cycle is still open at the final tick (the next cycle starts running at `cycle`).
    expect(events.map((e) => [e.state, ((e.endAt ?? 0) - e.startAt) / 1000])).toEqual(
      p.stops.map((s) => [plant.lines[0]!.stateMap[String(s.state)], s.ticks]),
    );
    // Availability as the model defines it: running ticks over all ticks of the window (no breaks in it).
    const settings = lineSettings(plant, L1);
    const f = windowFigures(db, settings, { start: T0, end: T0 + cycle * 1000, breaks: [] }, T0 + cycle * 1000);
    const plannedStopTicks = p.stops.filter((s) => s.state === DEMO_STATE.plannedStop).reduce((a, s) => a + s.ticks, 0);
    expect(f.availability).toBeCloseTo(p.runningTicks / (cycle - plannedStopTicks), 6);
    expect(f.quality).toBeCloseTo(p.good / (p.good + p.reject), 6);
    // Performance: 120/min nominal, ideal 0.455 s per part.
    expect(f.performance).toBeCloseTo(((p.good + p.reject) * 0.455) / p.runningTicks, 6);
  });

  it('attributes counts made while the link was down to the gap, flagged, losing none', () => {
    const { db, tracker, model, deliver, linkLost, setNow } = setup();
    for (let t = 0; t <= 60; t++) deliver(t);
    tracker.flush();
    setNow(T0 + 60_500);
    linkLost();
    for (let s = 61; s < 180; s += 5) {
      setNow(T0 + s * 1000);
      tracker.flush(); // time passes while disconnected
    }
    deliver(180); // the gateway re-reads everything after reconnect
    tracker.flush();
    const total = minutesOf(db, { lineId: 'L1', from: T0, to: T0 + 4 * 60_000 });
    const p = predict(model, 0, 180);
    expect(total.reduce((s, m) => s + m.good, 0)).toBe(p.good);
    const gapGood = total.reduce((s, m) => s + m.gapGood, 0);
    expect(gapGood).toBe(model.lineAt(1, 180).goodCount - model.lineAt(1, 60).goodCount);
    // Spread over the gap's minutes, not piled on the reconnect minute.
    expect(total.filter((m) => m.gapGood > 0).length).toBeGreaterThanOrEqual(2);
    expect(counterEventsOf(db, { lineId: 'L1', from: T0, to: T0 + 300_000 }).map((e) => e.kind)).toContain('gap');
    expect(productionInWindow(db, { lineId: 'L1', from: T0, to: T0 + 300_000 }).gap).toBe(true);
    // While the link was down the state was not known: a "no data" event, never asked to be coded.
    expect(eventsOverlapping(db, { lineId: 'L1', from: T0, to: T0 + 300_000 }).some((e) => e.noData)).toBe(true);
  });

  it('counts across a counter wrap and a controller reset without negative or invented parts', () => {
    const { db, tracker, model, deliver } = setup(undefined, { goodCountStart: 2 ** 32 - 50 });
    for (let t = 0; t <= 100; t++) deliver(t);
    // The controller's counters are reset at tick 100; from then on they count from 0.
    for (let t = 101; t <= 200; t++) deliver(t, T0, 100);
    tracker.flush();
    const rows = minutesOf(db, { lineId: 'L1', from: T0, to: T0 + 400_000 });
    const made = model.lineAt(1, 200);
    const plain = createPlantModel({ lines: 1 }).lineAt(1, 200);
    expect(rows.reduce((s, m) => s + m.good, 0)).toBe(plain.goodCount);
    expect(rows.reduce((s, m) => s + m.reject, 0)).toBe(plain.rejectCount);
    expect(made.goodCount).toBeLessThan(plain.goodCount); // the controller itself shows only what it made since the reset
    const kinds = counterEventsOf(db, { lineId: 'L1', from: T0, to: T0 + 400_000 }).map((e) => e.kind);
    expect(kinds).toContain('wrap');
    expect(kinds).toContain('reset');
  });

  it('keeps its place across a console restart: counts made while it was not running go to the gap', () => {
    const first = setup();
    for (let t = 0; t <= 50; t++) first.deliver(t);
    first.tracker.flush();
    // A new tracker on the same database, 70 s later (as after a restart).
    const second = setup({ db: first.db, at: T0 + 120_000 });
    second.deliver(120);
    second.tracker.flush();
    const rows = minutesOf(first.db, { lineId: 'L1', from: T0, to: T0 + 300_000 });
    expect(rows.reduce((s, m) => s + m.good, 0)).toBe(first.model.lineAt(1, 120).goodCount);
    expect(rows.reduce((s, m) => s + m.gapGood, 0)).toBe(first.model.lineAt(1, 120).goodCount - first.model.lineAt(1, 50).goodCount);
  });

  it('ignores notifications flagged late (republished after the gap re-read): no false reset, no double count', () => {
    const { db, tracker, model, deliver, linkLost, setNow } = setup();
    for (let t = 0; t <= 60; t++) deliver(t);
    setNow(T0 + 60_500);
    linkLost();
    setNow(T0 + 90_000);
    deliver(90); // the re-read
    // Queued notifications from before the re-read, delivered after it: older and lower than what was counted.
    for (const t of [62, 70, 80]) {
      const s = model.lineAt(1, t);
      const at = T0 + t * 1000;
      tracker.ingest('L1', 'good', { tagId: L1.tags.goodCount, value: s.goodCount, quality: 'good', sourceTs: at, serverTs: at, flags: ['late'] });
      tracker.ingest('L1', 'reject', { tagId: L1.tags.rejectCount!, value: s.rejectCount, quality: 'good', sourceTs: at, serverTs: at, flags: ['late'] });
    }
    for (let t = 91; t <= 120; t++) deliver(t);
    tracker.flush();
    const rows = minutesOf(db, { lineId: 'L1', from: T0, to: T0 + 300_000 });
    expect(rows.reduce((s, m) => s + m.good, 0)).toBe(model.lineAt(1, 120).goodCount - model.lineAt(1, 0).goodCount);
    expect(rows.reduce((s, m) => s + m.reject, 0)).toBe(model.lineAt(1, 120).rejectCount - model.lineAt(1, 0).rejectCount);
    expect(rows.every((m) => m.good >= 0 && m.reject >= 0)).toBe(true);
    const kinds = counterEventsOf(db, { lineId: 'L1', from: T0, to: T0 + 300_000 }).map((e) => e.kind);
    expect(kinds).not.toContain('reset');
    expect(kinds).not.toContain('suspect');
  });

  it('after a controller restart counts the re-read as made since the reset, attributed to the gap', () => {
    const { db, tracker, model, deliver, setNow } = setup();
    for (let t = 0; t <= 60; t++) deliver(t);
    tracker.flush();
    // A session repair: no bad values came, but the gateway read a new StartTime before the re-read.
    setNow(T0 + 75_000);
    tracker.controllerRestarted(['L1'], T0 + 75_000);
    // The controller restarted at tick 70 with its counters at 0; the re-read comes at tick 90.
    deliver(90, T0, 70);
    tracker.gapClosed(['L1'], { controllerId: 'demo-plc', seq: 1, lostAt: T0 + 60_000, restoredAt: T0 + 90_000, serverRestarted: true, recovery: 'subscription-recreated', reason: 'test' });
    for (let t = 91; t <= 120; t++) deliver(t, T0, 70);
    tracker.flush();
    const rows = minutesOf(db, { lineId: 'L1', from: T0, to: T0 + 300_000 });
    const before = model.lineAt(1, 60).goodCount - model.lineAt(1, 0).goodCount;
    const since = model.lineAt(1, 120, 70).goodCount;
    expect(rows.reduce((s, m) => s + m.good, 0)).toBe(before + since);
    expect(rows.reduce((s, m) => s + m.gapGood, 0)).toBe(model.lineAt(1, 90, 70).goodCount);
    expect(rows.every((m) => m.good >= 0 && m.reject >= 0 && m.gapGood >= 0)).toBe(true);
    const events = counterEventsOf(db, { lineId: 'L1', from: T0, to: T0 + 300_000 }).filter((e) => e.signal === 'good');
    expect(events.map((e) => e.kind).sort()).toEqual(['gap', 'reset']);
    expect(events.every((e) => e.fromAt === T0 + 60_000)).toBe(true);
    expect(tracker.liveOf('L1', T0 + 120_000)?.lastGap?.serverRestarted).toBe(true);
  });

  it('keeps per-order production for shift close', () => {
    const { db, tracker, model, deliver } = setup();
    const cycle = model.cycleLength(1);
    for (let t = 0; t <= cycle + 30; t++) deliver(t);
    tracker.flush();
    const orders = productionByOrder(db, { lineId: 'L1', from: T0, to: T0 + 3_600_000 });
    expect(orders.length).toBeGreaterThanOrEqual(2); // the setup segment starts the next order
    expect(orders.reduce((s, o) => s + o.good, 0)).toBe(model.lineAt(1, cycle + 30).goodCount);
    expect(orders[0]!.orderId).toBe(model.lineAt(1, 0).currentOrder);
    expect(orders[0]!.minutes).toBeGreaterThan(0);
  });
});
