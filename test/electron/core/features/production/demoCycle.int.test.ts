import fs from 'node:fs';
import path from 'node:path';
import type { LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import type { DowntimeList } from '../../../../../shared/contract/domains/downtime.ts';
import type { DowntimeEvent } from '../../../../../shared/domain/downtime.ts';
import { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { lineSettings } from '../../../../../electron/core/features/production/lineSettings.ts';
import { minutesOf } from '../../../../../electron/core/features/production/productionRepo.ts';
import { windowFigures } from '../../../../../electron/core/features/production/windowFigures.ts';
import { openDatabase } from '../../../../../electron/core/platform/storage/db.ts';
import { DEMO_STATE } from '../../../../../electron/demo/plantModel.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

const TICK_MS = 25;
const TICKS = 380;
const tmp = makeTempDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The demo plant stepped tick by tick in compressed time (25 ms a tick). The console's availability,
 * run-time rate and reject counts must match what the plant model defines for the same ticks, with
 * each tick weighted by its real length, within one tick.
 */
describe('production and downtime on the real demo plant', () => {
  let h: CoreHarness;
  let cfg: PlantConfig;
  beforeAll(async () => {
    const raw = readDemoPlantConfig() as { controllers: Record<string, unknown>[]; lines: Record<string, unknown>[]; shiftCalendar: unknown };
    // Ticks of 25 ms: the controller must report every change it sees, not sample once per publishing interval
    // (the line feed's default), or states shorter than 250 ms are never seen.
    for (const c of raw.controllers) c['samplingIntervalMs'] = 0;
    // Compressed time: the line makes 40× its rate per real minute, so the plausibility limit goes up.
    for (const l of raw.lines) {
      l['maxRatePerMin'] = 1_000_000;
      l['microStopThresholdSec'] = 0; // stops last a few hundred ms here
    }
    // Around the clock, so the test has a current shift whatever day it runs.
    const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    raw.shiftCalendar = { shifts: [{ name: 'Day', start: '06:00', end: '18:00', days: all }, { name: 'Night', start: '18:00', end: '06:00', days: all }], holidays: [] };
    const file = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    cfg = PlantConfig.parse(raw);
    h = await startCoreWithDemoPlant({ configPath: file });
  });
  afterAll(async () => {
    await h?.stop();
    tmp.cleanup();
  });

  it('matches the model’s availability, rate and rejects within one tick', async () => {
    await h.next<LiveLines>('live.lines', (m) => m.lines.every((l) => l.link === 'connected' && l.good.value !== null));
    await sleep(300);
    const startTick = h.plant.currentTick();
    const at: number[] = [];
    for (let i = 1; i <= TICKS; i++) {
      h.plant.advance(1);
      at.push(Date.now());
      await sleep(TICK_MS);
    }
    await sleep(1500); // one flush of the production module
    const opened = openDatabase(path.join(h.dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.db;
    try {
      const model = h.plant.model;
      for (const [i, line] of cfg.lines.entries()) {
        // Tick k (k = startTick+1 …) is shown from at[k] to at[k+1]; the window covers ticks 1 … TICKS-1.
        const from = at[0]!;
        const to = at[TICKS - 1]!;
        let runMs = 0;
        let plannedStopMs = 0;
        let maxTick = 0;
        for (let k = 0; k < TICKS - 1; k++) {
          const len = at[k + 1]! - at[k]!;
          maxTick = Math.max(maxTick, len);
          const st = model.lineAt(i + 1, startTick + 1 + k).machineState;
          if (st === DEMO_STATE.running) runMs += len;
          if (st === DEMO_STATE.plannedStop) plannedStopMs += len;
        }
        const expectedAvailability = runMs / (to - from - plannedStopMs);
        const f = windowFigures(db, lineSettings(cfg, line), { start: from, end: to, breaks: [] }, to);
        // Run time to the millisecond is what the stops leave of the window (minute rollups are coarser
        // at a window's edges, which in compressed time are most of it).
        const planned = to - from - f.plannedDowntimeMs;
        const availability = (planned - f.unplannedDowntimeMs) / planned;
        const oneTick = maxTick / (to - from - plannedStopMs);
        expect(Math.abs(availability - expectedAvailability), `${line.id} availability ${availability} vs ${expectedAvailability}`).toBeLessThanOrEqual(oneTick);
        expect(Math.abs(f.plannedDowntimeMs - plannedStopMs)).toBeLessThanOrEqual(maxTick);

        // Counts: everything from the first advanced tick to the last, exactly.
        const first = model.lineAt(i + 1, startTick);
        const last = model.lineAt(i + 1, startTick + TICKS);
        const minutes = minutesOf(db, { lineId: line.id, from: from - 120_000, to: Date.now() + 60_000 });
        const counted = (sig: 'good' | 'reject') => minutes.filter((m) => m.minuteAt >= Math.floor((from - 1000) / 60_000) * 60_000).reduce((s, m) => s + m[sig], 0);
        expect(counted('reject')).toBeGreaterThanOrEqual(last.rejectCount - first.rejectCount);
        expect(counted('reject')).toBeLessThanOrEqual(last.rejectCount - first.rejectCount + 1);

        // Rate while running: parts per run minute, against the model's speed (per real minute).
        let parts = 0;
        let runTicks = 0;
        for (let k = 1; k <= TICKS; k++) {
          const s = model.lineAt(i + 1, startTick + k - 1);
          if (s.machineState === DEMO_STATE.running) runTicks++;
          parts += model.lineAt(i + 1, startTick + k).goodCount + model.lineAt(i + 1, startTick + k).rejectCount - s.goodCount - s.rejectCount;
        }
        const modelPartsPerTick = parts / runTicks;
        const consolePartsPerTick = (f.good + f.reject) / ((planned - f.unplannedDowntimeMs) / ((to - from) / (TICKS - 1)));
        expect(Math.abs(consolePartsPerTick - modelPartsPerTick) / modelPartsPerTick, `${line.id} rate`).toBeLessThan(0.05);
      }
    } finally {
      db.close();
    }
  });

  it('lets a signed-in supervisor code, split and annotate downtime, audited; others are refused', async () => {
    const s = h.core.openSession();
    const list = (await h.core.dispatch('downtime.list', { lineId: 'L1' }, s)) as { ok: true; value: DowntimeList };
    expect(list.ok).toBe(true);
    const target = list.value.events.find((e) => !e.micro && !e.noData && e.endAt !== null)!;
    expect(target).toBeDefined();

    const denied = await h.core.dispatch('downtime.setReason', { eventId: target.id, reasonCode: 'jam' }, s);
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');

    const signed = await h.core.dispatch('auth.signIn', { method: 'name', userName: 'anna', pin: '1111' }, s);
    expect(signed.ok).toBe(true);
    const badCode = await h.core.dispatch('downtime.setReason', { eventId: target.id, reasonCode: 'not-a-reason' }, s);
    expect(badCode.ok === false && badCode.error.code).toBe('BAD_REQUEST');
    const badShape = await h.core.dispatch('downtime.setReason', { eventId: -3, reasonCode: 'jam' }, s);
    expect(badShape.ok === false && badShape.error.code).toBe('BAD_REQUEST');
    const branch = await h.core.dispatch('downtime.setReason', { eventId: target.id, reasonCode: 'mechanical' }, s);
    expect(branch.ok === false && branch.error.code).toBe('BAD_REQUEST'); // a category, not a leaf

    const coded = (await h.core.dispatch('downtime.setReason', { eventId: target.id, reasonCode: 'jam', expectedRevision: target.revision }, s)) as { ok: true; value: DowntimeEvent };
    expect(coded).toMatchObject({ ok: true, value: { id: target.id, reasonCode: 'jam', reasonLabel: 'Unplanned › Mechanical › Jam / blockage', codedBy: 'demo-anna', planned: false } });
    const stale = await h.core.dispatch('downtime.setReason', { eventId: target.id, reasonCode: 'sensor', expectedRevision: target.revision }, s);
    expect(stale.ok === false && stale.error.code).toBe('CONFLICT');

    const mid = Math.round((target.startAt + target.endAt!) / 2);
    const split = (await h.core.dispatch('downtime.split', { eventId: target.id, at: mid }, s)) as { ok: true; value: { first: DowntimeEvent; second: DowntimeEvent } };
    expect(split.ok).toBe(true);
    expect(split.value.first).toMatchObject({ endAt: mid, reasonCode: 'jam' });
    expect(split.value.second).toMatchObject({ startAt: mid, endAt: target.endAt, reasonCode: null });
    const outside = await h.core.dispatch('downtime.split', { eventId: target.id, at: target.startAt - 1 }, s);
    expect(outside.ok === false && outside.error.code).toBe('BAD_REQUEST');

    const noted = (await h.core.dispatch('downtime.addNote', { eventId: split.value.second.id, text: '  Film roll changed  ' }, s)) as { ok: true; value: DowntimeEvent };
    expect(noted.value.notes).toEqual([expect.objectContaining({ by: 'Anna Berg', text: 'Film roll changed' })]);
    const empty = await h.core.dispatch('downtime.addNote', { eventId: split.value.second.id, text: '   ' }, s);
    expect(empty.ok === false && empty.error.code).toBe('BAD_REQUEST');

    const opened = openDatabase(path.join(h.dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    const actions = (opened.db.prepare("SELECT action, target FROM audit_log WHERE action LIKE 'downtime.%' AND outcome = 'ok' ORDER BY seq").all() as { action: string; target: string }[]).map((r) => r.action);
    opened.db.close();
    expect(actions).toEqual(['downtime.setReason', 'downtime.split', 'downtime.addNote']);

    // The live tiles carry production figures for every line.
    const live = await h.next<LiveLines>('live.lines', (m) => m.lines.every((l) => l.production?.shift !== null && l.production !== undefined));
    expect(live.lines[0]!.production).toMatchObject({ targetRatePerMin: 120 });
    expect(live.lines[0]!.production!.good).toBeGreaterThan(0);
  });
});
