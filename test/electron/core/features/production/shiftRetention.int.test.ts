import { minutesOf } from '../../../../../electron/core/features/production/productionRepo.ts';
import { shiftFor } from '../../../../../electron/core/features/production/reportWindows.ts';
import { shiftDaysKept } from '../../../../../electron/core/features/production/shiftCalendar.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { startShiftRig } from './shiftRig.ts';

/**
 * A console runs for weeks: three shifts a day. Whatever the core keeps in memory per shift or per day must be
 * dropped when that shift or day is over, or memory grows with every shift change. These tests run the parts a
 * shift change touches (shiftRig.ts: line feed, live pump, production module, alerts module, shift close, on a
 * real SQLite file, the demo plant's own values, the core's clock port as a FakeClock) through many shift
 * changes and count the entries of every map, list and cache they keep (entries, not bytes: a count is exact;
 * bytes are what `test/bench/shiftMemory.ts` prints).
 */

const tmp = makeTempDir('plant-console-retention-');
afterAll(() => tmp.cleanup());

/** A calendar of `minutes`-long shifts all day, every day, each with a one-minute break: many shift changes per simulated hour. */
function shortShifts(minutes: number) {
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const shifts = [];
  for (let m = 0; m < 1440; m += minutes) {
    shifts.push({ name: `S${hhmm(m).replace(':', '')}`, start: hhmm(m), end: hhmm(m + minutes), days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, breaks: [{ start: hhmm(m + 4), end: hhmm(m + 5) }] });
  }
  return { shifts: shifts.map((s) => ({ ...s, days: [...s.days] })), holidays: [] };
}

describe('memory kept across shift changes', () => {
  it(
    'after 30 shift changes (across midnight) only the current shift is kept per line, and nothing else grows',
    async () => {
      const SHIFT_MIN = 10;
      const start = Date.UTC(2026, 2, 2, 20, 0); // Monday 21:00 Berlin: 30 ten-minute shifts run past midnight
      const rig = startShiftRig({ dir: tmp.dir, start, shiftCalendar: shortShifts(SHIFT_MIN), sampleMs: 5000 });
      // Every statement the timers compile, by SQL text (a person's request, here the shift close, is not a timer): a
      // statement prepared on every tick is native memory V8 does not see.
      const compiled = new Map<string, number>();
      let timers = false;
      const prepare = rig.db.prepare.bind(rig.db);
      rig.db.prepare = ((sql: string) => (timers && compiled.set(sql, (compiled.get(sql) ?? 0) + 1), prepare(sql))) as typeof rig.db.prepare;
      try {
        const seen: Record<string, number>[] = [];
        for (let n = 1; n <= 30; n++) {
          // Half a minute into shift n: the figures of the new shift are live, the one before has ended.
          timers = true;
          rig.runUntil(start + n * SHIFT_MIN * 60_000 + 30_000);
          timers = false;
          const closed = await rig.closeEndedShift();
          expect(closed.draftLines).toBe(rig.plant.lines.length);
          seen.push(rig.retained());
        }
        const now = rig.clock.now();
        const current = shiftFor(rig.plant, 'current', now)!;
        const last = seen.at(-1)!;
        // The live figures: one window per line, the current shift's, holding exactly its minute rows.
        expect(last['figures.lines']).toBe(rig.plant.lines.length);
        expect(last['live.lines']).toBe(rig.plant.lines.length);
        const inWindow = rig.plant.lines.reduce((n, l) => n + minutesOf(rig.db, { lineId: l.id, from: current.start, to: Number.MAX_SAFE_INTEGER }).length, 0);
        expect(last['figures.rows']).toBe(inWindow);
        expect(last['figures.keys']).toBe(inWindow);
        // The tracker: everything counted has been written; the rate window holds at most a minute of readings.
        expect(last['tracker.lines']).toBe(rig.plant.lines.length);
        expect([last['tracker.pending'], last['tracker.counterEvents'], last['tracker.stateSamples']]).toEqual([0, 0, 0]);
        expect(last['tracker.heldLogged']).toBeLessThanOrEqual(rig.plant.lines.length * 2);
        // Per line a reading per changed counter value within the last minute (the demo plant's tick is 1 s; one sample per 5 s here).
        expect(last['tracker.recent']).toBeLessThanOrEqual(rig.plant.lines.length * 13);
        // Alerts: the evaluator's memory is per line or controller, the reject window a few minutes of readings.
        expect(last['alerts.counterLines']).toBeLessThanOrEqual(rig.plant.lines.length);
        expect(last['alerts.linkBadSince']).toBeLessThanOrEqual(rig.plant.controllers.length);
        expect(last['alerts.rateLowSince']).toBeLessThanOrEqual(rig.plant.lines.length);
        expect(last['alerts.forwardedAcks']).toBe(0);
        // The reject window: a reading every 5 s per line over the configured minutes (and one before them).
        expect(last['alerts.counterReadings']).toBeLessThanOrEqual(rig.plant.lines.length * ((rig.plant.alerts.rejectMinutes * 60) / 5 + 2));
        // No count grows with the number of shifts: at no shift after the tenth does any exceed the most kept during
        // shifts 5 … 10 (the figures' rows are the current shift's, checked above; the shift days memo below).
        // (Windowed counts and those kept per line or controller, which follow the plant's state, are bounded above.)
        const windowed = new Set(['tracker.recent', 'tracker.heldLogged', 'alerts.counterReadings', 'alerts.floodInWindow', 'alerts.dirty', 'alerts.counterLines', 'alerts.linkBadSince', 'alerts.rateLowSince']);
        for (const key of Object.keys(last)) {
          if (key.startsWith('figures.') || key === 'shiftDays' || windowed.has(key)) continue;
          const early = Math.max(...seen.slice(4, 10).map((s) => s[key]!));
          for (const s of seen.slice(10)) expect(s[key], key).toBeLessThanOrEqual(early);
        }
        for (const s of seen) expect(s.shiftDays).toBeLessThanOrEqual(64);
        // The timers' statements are kept (platform/storage/prepared.ts), not compiled once a tick: over 30 shifts
        // (18,000 simulated seconds) no SQL text was compiled more often than once a simulated minute (those compiled
        // per event, an alert raised or cleared, are a few per shift).
        // (Before: the shelve countdown compiled its query every second, 18,000 times here, ~20 KB of native memory each.)
        const most = [...compiled].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
        expect(most[1], most[0]).toBeLessThanOrEqual((30 * SHIFT_MIN * 60) / 60);
      } finally {
        rig.dispose();
      }
    },
    600_000,
  );

  it('the memo of computed shift days keeps at most 64 dates over a year and more of days, and answers as a fresh computation does', () => {
    const loaded = loadPlantConfig(demoPlantConfigPath);
    if (!loaded.ok) throw new Error(loaded.error.text);
    const plant = loaded.value;
    const start = Date.UTC(2026, 0, 5, 5, 0);
    let most = 0;
    // 400 days, asked as the production timer asks (the current and the previous shift), every two hours.
    for (let t = start; t < start + 400 * 86_400_000; t += 2 * 3_600_000) {
      shiftFor(plant, 'current', t);
      shiftFor(plant, 'previous', t);
      most = Math.max(most, shiftDaysKept(plant.shiftCalendar));
    }
    // Before: the memo was cleared only at 2048 dates, so it held a date more for every day the console ran (~430 here).
    expect(most).toBeLessThanOrEqual(64);
    // What the memo answers is what a calendar with no memo yet (a copy) computes, also after dates were dropped.
    const fresh = { ...plant, shiftCalendar: structuredClone(plant.shiftCalendar) };
    for (let t = start; t < start + 400 * 86_400_000; t += 7 * 86_400_000 + 3_600_000) {
      expect(shiftFor(plant, 'current', t)).toEqual(shiftFor(fresh, 'current', t));
      expect(shiftFor(plant, 'previous', t)).toEqual(shiftFor(fresh, 'previous', t));
    }
  });
});
