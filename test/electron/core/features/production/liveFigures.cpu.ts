/**
 * CPU of the production module's per-second work on 100 lines seven hours into a shift: ingest one second of
 * counts, flush, and the live figures of every line, either read in full from the database (`lineFigures`,
 * as the module did) or kept incrementally (`LiveFigures`, as it does now). Rounds alternate; CPU is
 * `process.cpuUsage` over each round (not wall time: the machine is shared).
 *
 *   npx node test/electron/core/features/production/liveFigures.cpu.ts [rounds=3] [ticks=60]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProductionTracker } from '../../../../../electron/core/features/production/ProductionTracker.ts';
import { LiveFigures } from '../../../../../electron/core/features/production/liveFigures.ts';
import { lineFigures, shiftPeriod } from '../../../../../electron/core/features/production/lineFigures.ts';
import { shiftFor } from '../../../../../electron/core/features/production/reportWindows.ts';
import { loadPlantConfig } from '../../../../../electron/core/platform/config/loadPlantConfig.ts';
import { openDatabase } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import type { PlantConfig } from '../../../../../shared/domain/plantConfig.ts';
import { demoPlantConfigPath } from '../../../../fixtures/tempDir.ts';

const rounds = Number(process.argv[2] ?? 3);
const ticks = Number(process.argv[3] ?? 60);
const loaded = loadPlantConfig(demoPlantConfigPath);
if (!loaded.ok) throw new Error(loaded.error.text);
const base = loaded.value.lines[0]!;
const plant: PlantConfig = { ...loaded.value, lines: Array.from({ length: 100 }, (_, i) => ({ ...base, id: `L${i + 1}`, name: `Line ${i + 1}` })) };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livefig-'));
const opened = openDatabase(path.join(dir, 'p.db'));
if (!opened.ok) throw new Error(opened.error.message);
const db = opened.db;
migrate(db);

let now = Date.UTC(2026, 2, 2, 5, 0, 0); // Monday 06:00 Berlin: the Early shift starts
const live = new LiveFigures(db);
const tracker = new ProductionTracker({ db, plant, logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } } as never, now: () => now, onDowntimeChanged: (id) => live.downtimeChanged(id), onFlushed: (b) => live.flushed(b) });
const v = (value: number | string, at: number): LiveValue => ({ tagId: 't', value, quality: 'good', sourceTs: at, serverTs: at });
const counts = plant.lines.map(() => 0);
let k = 0;
function second(stepMs: number): void {
  now += stepMs;
  k++;
  plant.lines.forEach((l, i) => {
    counts[i]! += Math.max(1, Math.round((stepMs / 1000) * 1.5));
    tracker.ingest(l.id, 'order', v(`ORD-${Math.floor(k / 3000) + (i % 3)}`, now));
    tracker.ingest(l.id, 'good', v(counts[i]!, now));
    tracker.ingest(l.id, 'reject', v(Math.floor(counts[i]! / 50), now));
    // A stop now and then (about every 20 minutes per line).
    if ((k + i * 7) % 1200 === 0) tracker.ingest(l.id, 'state', v(3, now));
    else if ((k + i * 7) % 1200 === 30 || k === 1) tracker.ingest(l.id, 'state', v(1, now));
  });
}
// Seven hours of history, a minute at a time.
for (let m = 0; m < 7 * 60; m++) {
  second(60_000);
  tracker.flush();
}

function tick(mode: 'full' | 'live'): number {
  second(1000);
  tracker.flush();
  const shift = shiftFor(plant, 'current', now)!;
  const period = shiftPeriod(shift, 'current', now);
  let good = 0;
  for (const l of plant.lines) {
    const settings = tracker.settingsOf(l.id)!;
    good += mode === 'full' ? lineFigures(db, settings, period, now).figures.good : live.figuresOf(settings, period, now).good;
  }
  return good;
}

const results: Record<'full' | 'live', number[]> = { full: [], live: [] };
for (let r = 0; r < rounds; r++) {
  for (const mode of r % 2 === 0 ? (['full', 'live'] as const) : (['live', 'full'] as const)) {
    tick(mode); // warm
    const c0 = process.cpuUsage();
    for (let t = 0; t < ticks; t++) tick(mode);
    const c = process.cpuUsage(c0);
    results[mode].push((c.user + c.system) / 1000 / ticks);
  }
}
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
console.log(`100 lines, 7 h into the shift, ${ticks} ticks of 1 s per round, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
console.log(`CPU ms per second of plant time (ingest + flush + figures of 100 lines): full read ${fmt(results.full)}; incremental ${fmt(results.live)}`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
