import { ProductionTracker } from '../../../../../electron/core/features/production/ProductionTracker.ts';
import { LiveFigures } from '../../../../../electron/core/features/production/liveFigures.ts';
import { lineFigures, shiftPeriod } from '../../../../../electron/core/features/production/lineFigures.ts';
import { shiftFor } from '../../../../../electron/core/features/production/reportWindows.ts';
import { setReason } from '../../../../../electron/core/features/production/downtimeRepo.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const plant = loaded.value;
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** A small seeded generator (mulberry32): a failing sequence can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The live figures are kept incrementally (liveFigures.ts) instead of reading the whole shift every second;
 * they must be exactly what the full computation (`lineFigures`, which the shift and line views use) gives.
 * The real tracker on a real SQLite file gets a random sequence of counter values (normal counts, resets,
 * implausible jumps that are held, bad quality), machine states, orders (one with a non-ASCII name, which
 * SQLite sorts by its bytes) and time steps (jitter, gaps of minutes), across the Early shift's break and
 * the change from Early to Late, with the clock now and then set back; after every flush both are compared field by field.
 */
describe('live production figures, kept incrementally', () => {
  for (const seed of [1, 7, 2026]) {
    it(`equal a full recomputation over a random sequence of samples across a break and a shift change (seed ${seed})`, () => {
      const random = rng(seed);
      const db = openTestDb(tmp.dir, `live${seed}.db`);
      migrate(db);
      const lines = plant.lines.slice(0, 2);
      let now = Date.UTC(2026, 2, 2, 8, 22, 0); // Monday 09:22 Berlin: the Early shift, its break at 09:30
      const live = new LiveFigures(db);
      const tracker = new ProductionTracker({ db, plant, logger: memoryLogger(), now: () => now, onDowntimeChanged: (id) => live.downtimeChanged(id), onFlushed: (b) => live.flushed(b) });
      const orders = ['', 'ORD-100', 'ORD-200', 'Ä-7', 'ORD-100\u{1F600}'];
      const counts = new Map(lines.map((l) => [l.id, { good: 0, reject: 0 }]));
      const v = (value: number | string, at: number, quality: LiveValue['quality'] = 'good'): LiveValue => ({ tagId: 't', value: quality === 'good' ? value : null, quality, sourceTs: at, serverTs: at });
      let compared = 0;
      const shiftsSeen = new Set<string>();
      const step = () => {
        const r = random();
        // Mostly a second; now and then jitter, a gap of minutes, or the clock set back a minute and a half.
        now += r < 0.005 ? -90_000 : r < 0.02 ? 60_000 + Math.floor(random() * 240_000) : r < 0.1 ? Math.floor(random() * 1000) : 1000;
        for (const l of lines) {
          const c = counts.get(l.id)!;
          const k = random();
          if (k < 0.03) tracker.ingest(l.id, 'order', v(orders[Math.floor(random() * orders.length)]!, now));
          if (k < 0.02) tracker.ingest(l.id, 'good', v(0, now, 'bad'));
          else if (k < 0.03) c.good = 0; // a counter reset
          else if (k < 0.035) c.good += 100_000; // implausible: held for a supervisor
          else c.good += Math.floor(random() * 3);
          if (random() < 0.2) c.reject += 1;
          tracker.ingest(l.id, 'good', v(c.good, now));
          tracker.ingest(l.id, 'reject', v(c.reject, now));
          const s = random();
          if (s < 0.05) tracker.ingest(l.id, 'state', v(1 + Math.floor(random() * 8), now));
          else if (s < 0.06) tracker.ingest(l.id, 'state', v(0, now, 'bad'));
          else if (s < 0.12) tracker.ingest(l.id, 'state', v(1, now));
        }
        if (random() < 0.6) {
          tracker.flush();
          const shift = shiftFor(plant, 'current', now)!;
          shiftsSeen.add(shift.id);
          for (const l of lines) {
            const settings = tracker.settingsOf(l.id)!;
            const period = shiftPeriod(shift, 'current', now);
            expect(live.figuresOf(settings, period, now)).toStrictEqual(lineFigures(db, settings, period, now).figures);
            compared++;
          }
        }
      };
      while (now < Date.UTC(2026, 2, 2, 8, 40, 0)) step();
      // A supervisor codes a stop outside the tracker: the module reloads the line (as its handlers do).
      const open = db.prepare("SELECT id FROM downtime_event WHERE line_id = 'L1' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined;
      if (open) {
        setReason(db, { id: open.id, reasonCode: [...tracker.settingsOf('L1')!.reasons.keys()][0]!, by: 'u', at: now });
        live.reload();
      }
      now = Date.UTC(2026, 2, 2, 12, 50, 0); // 13:50 Berlin, ten minutes before Late starts
      while (now < Date.UTC(2026, 2, 2, 13, 12, 0)) step();
      expect(shiftsSeen.size).toBeGreaterThanOrEqual(2);
      expect(compared).toBeGreaterThan(500);
      db.close();
    }, 120_000);
  }
});
