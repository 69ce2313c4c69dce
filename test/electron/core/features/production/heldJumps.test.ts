import { ProductionTracker } from '../../../../../electron/core/features/production/ProductionTracker.ts';
import { lineFigures, shiftPeriod } from '../../../../../electron/core/features/production/lineFigures.ts';
import { shiftFor } from '../../../../../electron/core/features/production/reportWindows.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { productionHandlers } from '../../../../../electron/core/features/production/productionHandlers.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import type { CommandContext } from '../../../../../electron/core/platform/dispatch/handlers.ts';
import { createPlantModel } from '../../../../../electron/demo/plantModel.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const plant = loaded.value;
const T0 = Date.UTC(2026, 2, 2, 7, 0, 0); // a Monday, 08:00 Berlin: inside the Early shift
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;

const supervisor: CommandContext = { actor: { userId: 'u-anna', displayName: 'Anna Berg', roles: ['supervisor'] }, sessionId: 's1', now: 0 };

/** The real tracker and handlers on a real SQLite file, fed the demo model's line 1 tick by tick (1 s a tick). */
function setup(cfg: PlantConfig = plant) {
  const L1 = cfg.lines[0]!;
  const db = openTestDb(tmp.dir, `held${++n}.db`);
  migrate(db);
  let now = T0;
  const logger = memoryLogger();
  const tracker = new ProductionTracker({ db, plant: cfg, logger, now: () => now });
  const handlers = productionHandlers({ db, plant: cfg, tracker, flush: () => tracker.flush() });
  const model = createPlantModel({ lines: 1 });
  const v = (tag: string, value: number | string, at: number): LiveValue => ({ tagId: tag, value, quality: 'good', sourceTs: at, serverTs: at });
  const deliver = (tick: number, goodOffset = 0) => {
    const s = model.lineAt(1, tick);
    now = T0 + tick * 1000;
    tracker.ingest('L1', 'order', v(L1.tags.currentOrder!, s.currentOrder, now));
    tracker.ingest('L1', 'good', v(L1.tags.goodCount, s.goodCount + goodOffset, now));
    tracker.ingest('L1', 'reject', v(L1.tags.rejectCount!, s.rejectCount, now));
    tracker.ingest('L1', 'state', v(L1.tags.machineState, s.machineState, now));
  };
  const figures = () => {
    tracker.flush();
    const shift = shiftFor(cfg, 'current', now)!;
    return lineFigures(db, tracker.settingsOf('L1')!, shiftPeriod(shift, 'current', now), now).figures;
  };
  const ctx = (): CommandContext => ({ ...supervisor, now });
  return { db, tracker, handlers, deliver, figures, ctx, logger, now: () => now, setNow: (t: number) => (now = t), model };
}

describe('held counter jumps (issue 14 #10)', () => {
  it('holds an implausible jump out of production, records it, logs it and shows it with its reason', async () => {
    const t = setup();
    for (let k = 1; k <= 120; k++) t.deliver(k);
    const before = t.figures();
    // The counter jumps by 50,000 parts within one second: far beyond what Line 1 can make.
    for (let k = 121; k <= 125; k++) t.deliver(k, 50_000);
    const after = t.figures();
    const g = (k: number) => t.model.lineAt(1, k).goodCount;
    // Counted: everything the line made since the first reading except the one second of the jump, which is
    // held whole (the 50,000 and the parts of that second), nothing lost, nothing counted twice.
    expect(before.good).toBeGreaterThan(0);
    expect(after.good).toBe(g(125) - g(1) - (g(121) - g(120)));
    expect(after.heldParts).toBe(50_000 + g(121) - g(120));
    expect(after.period).toMatchObject({ kind: 'shift', label: 'this shift' });

    const warn = t.logger.lines.find((r) => r.msg === 'Implausible counter jump held for a supervisor');
    expect(warn).toMatchObject({ level: 'warn', fields: { lineId: 'L1', signal: 'good' } });

    const list = await t.handlers['production.heldJumps']({ lineId: 'L1', from: T0, to: t.now() + 1 }, t.ctx());
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.jumps).toHaveLength(1);
    const j = list.value.jumps[0]!;
    expect(j).toMatchObject({ lineId: 'L1', lineName: 'Line 1 – Filling', kind: 'suspect', signal: 'good', decision: null });
    expect(j.held).toBe(after.heldParts);
    expect(j.reason).toMatch(/more than the line can make/);

    const detail = await t.handlers['production.lineDetail']({ lineId: 'L1', shift: 'current' }, t.ctx());
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.counterEvents.find((e) => e.id === j.id)).toMatchObject({ kind: 'suspect', held: j.held });
    expect(detail.value.figures?.heldParts).toBe(j.held);
  });

  it('a supervisor accepts a held jump: its parts are counted once, audited; a second decision is refused', async () => {
    const t = setup();
    for (let k = 1; k <= 60; k++) t.deliver(k);
    for (let k = 61; k <= 62; k++) t.deliver(k, 20_000);
    const before = t.figures();
    const [j] = ((await t.handlers['production.heldJumps']({ from: T0, to: t.now() + 1 }, t.ctx())) as { ok: true; value: { jumps: { id: number; held: number }[] } }).value.jumps;
    const r = await t.handlers['production.decideHeldJump']({ eventId: j!.id, decision: 'accepted', note: 'counter was fine, line ran' }, t.ctx());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.decision).toMatchObject({ decision: 'accepted', by: 'Anna Berg', note: 'counter was fine, line ran' });
    const after = t.figures();
    expect(after.good).toBe(before.good + j!.held);
    expect(after.heldParts).toBe(0);
    const audit = t.db.prepare("SELECT action, target, user_id AS userId FROM audit_log WHERE action LIKE 'production.%'").all();
    expect(audit).toEqual([{ action: 'production.acceptHeldJump', target: `counter-event:${j!.id}`, userId: 'u-anna' }]);
    const again = await t.handlers['production.decideHeldJump']({ eventId: j!.id, decision: 'rejected', note: '' }, t.ctx());
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(t.figures().good).toBe(after.good);
  });

  it('a supervisor rejects a held jump: production unchanged, decision kept and audited', async () => {
    const t = setup();
    for (let k = 1; k <= 60; k++) t.deliver(k);
    t.deliver(61, 30_000);
    const before = t.figures();
    const [j] = ((await t.handlers['production.heldJumps']({ lineId: 'L1', from: T0, to: t.now() + 1 }, t.ctx())) as { ok: true; value: { jumps: { id: number }[] } }).value.jumps;
    const r = await t.handlers['production.decideHeldJump']({ eventId: j!.id, decision: 'rejected', note: '' }, t.ctx());
    expect(r).toMatchObject({ ok: true, value: { decision: { decision: 'rejected' } } });
    expect(t.figures()).toMatchObject({ good: before.good, heldParts: 0 });
    expect(t.db.prepare("SELECT count(*) AS c FROM audit_log WHERE action = 'production.rejectHeldJump'").get()).toEqual({ c: 1 });
  });

  it('shows a counter reset as an event with its words on the line view', async () => {
    const t = setup();
    for (let k = 1; k <= 30; k++) t.deliver(k);
    // The controller's counter is cleared: it starts again from a few parts.
    const s = t.model.lineAt(1, 31);
    const L1 = plant.lines[0]!;
    t.setNow(T0 + 31_000);
    t.tracker.ingest('L1', 'good', { tagId: L1.tags.goodCount, value: 3, quality: 'good', sourceTs: T0 + 31_000, serverTs: T0 + 31_000 });
    t.setNow(T0 + 32_000);
    expect(s.goodCount).toBeGreaterThan(3);
    const detail = await t.handlers['production.lineDetail']({ lineId: 'L1', shift: 'current' }, t.ctx());
    if (!detail.ok) throw new Error(detail.error.message);
    const reset = detail.value.counterEvents.find((e) => e.kind === 'reset');
    expect(reset).toMatchObject({ signal: 'good', counted: 3 });
    expect(reset?.reason).toMatch(/was reset/);
  });

  it('refuses a decision on something that is not a held jump', async () => {
    const t = setup();
    const r = await t.handlers['production.decideHeldJump']({ eventId: 12345, decision: 'accepted', note: '' }, t.ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no held counter jump with that number' } });
  });
});

describe('OEE above 100 % is flagged with its reason (issue 14 #14)', () => {
  it('a wrong (too slow) ideal cycle time gives performance over 100 %, shown with what to check', () => {
    const raw = structuredClone(plant) as PlantConfig;
    const lines = raw.lines.map((l, i) => (i === 0 ? { ...l, idealCycleTimeSec: 5 } : l));
    const t = setup({ ...raw, lines });
    for (let k = 1; k <= 300; k++) t.deliver(k);
    const f = t.figures();
    expect(f.performance!).toBeGreaterThan(1);
    expect(f.warning).toBe(`performance ${Math.round(f.performance! * 100)} % — check the ideal cycle time of Line 1 – Filling`);
  });

  it('plausible figures carry no warning', () => {
    const t = setup();
    for (let k = 1; k <= 300; k++) t.deliver(k);
    const f = t.figures();
    expect(f.performance!).toBeLessThanOrEqual(1);
    expect(f.warning).toBeNull();
  });
});

describe('lineFigures under the real clock', () => {
  it('gives the running shift with its words and an as-of inside the period', () => {
    const db = openTestDb(tmp.dir, `clock${++n}.db`);
    migrate(db);
    const tracker = new ProductionTracker({ db, plant, logger: memoryLogger(), now: () => systemClock.now() });
    const now = systemClock.now();
    const shift = shiftFor(plant, 'current', now)!;
    const f = lineFigures(db, tracker.settingsOf('L2')!, shiftPeriod(shift, 'current', now), systemClock.now()).figures;
    expect(f.period.start).toBe(shift.start);
    expect(f.period.end).toBeGreaterThanOrEqual(now);
    expect(['this shift', 'since the last shift ended']).toContain(f.period.label);
    expect(f).toMatchObject({ good: 0, reject: 0, heldParts: 0, warning: null });
  });
});

describe('held jump warnings on the hot path', () => {
  it('logs a counter that jumps on every value once a minute (with how many more were held), not once per value', () => {
    const t = setup();
    for (let k = 1; k <= 10; k++) t.deliver(k);
    // Every value from here on is 50,000 parts above the last: a counter the configuration's rate does not fit.
    for (let k = 11; k <= 100; k++) t.deliver(k, (k - 10) * 50_000);
    const warns = () => t.logger.lines.filter((r) => r.msg === 'Implausible counter jump held for a supervisor');
    // 90 held jumps within 90 s: the first and one a minute later (the code as it was logged 90).
    expect(warns()).toHaveLength(2);
    expect(warns()[1]!.fields['alsoHeldSinceLastWarning']).toBe(59);
    const list = t.db.prepare(`SELECT COUNT(*) AS n FROM counter_event WHERE kind = 'suspect'`);
    t.tracker.flush();
    expect((list.get() as { n: number }).n).toBe(90); // every jump is still held and recorded
  });
});
