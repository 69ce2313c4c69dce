import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlantConfig } from '../../electron/core/platform/config/loadPlantConfig.ts';
import { ProductionTracker } from '../../electron/core/features/production/ProductionTracker.ts';
import { lineSettings } from '../../electron/core/features/production/lineSettings.ts';
import { windowFigures } from '../../electron/core/features/production/windowFigures.ts';
import { openDatabase } from '../../electron/core/platform/storage/db.ts';
import { migrate } from '../../electron/core/platform/storage/migrations/index.ts';
import type { LiveValue } from '../../electron/core/platform/opcua/opcuaTypes.ts';
import type { PlantConfig } from '../../shared/domain/plantConfig.ts';
import { createPlantModel } from '../../electron/demo/plantModel.ts';
import { RingBuffer } from '../../renderer/charts/ringBuffer.ts';
import { downsampleMinMax } from '../../renderer/charts/downsample.ts';
import { measure, report } from './support.ts';

// Production figures: database growth per line per day, the core's cost of production for 50 lines,
// and the trend's data preparation for a full shift of 1 s data on 10 lines. Baselines in the same run.

const loaded = loadPlantConfig(path.resolve(import.meta.dirname, '..', '..', 'resources', 'demo-plant.json'));
if (!loaded.ok) throw new Error(loaded.error.text);
const demo = loaded.value;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-production-'));
const T0 = Date.UTC(2026, 2, 2, 5, 0, 0);

function plantWith(lines: number): PlantConfig {
  const base = demo.lines[0]!;
  return { ...demo, lines: Array.from({ length: lines }, (_, i) => ({ ...base, id: `B${i + 1}`, name: `Bench ${i + 1}`, tags: { ...base.tags, goodCount: `nsu=x;s=B${i}.G`, rejectCount: `nsu=x;s=B${i}.R`, machineState: `nsu=x;s=B${i}.S`, currentOrder: `nsu=x;s=B${i}.O` } })) };
}

function run(lines: number, seconds: number, file: string) {
  const opened = openDatabase(path.join(dir, file));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  migrate(db);
  // Size, not durability, is measured here: FULL sync would only make the bench slow.
  db.pragma('synchronous = OFF');
  const plant = plantWith(lines);
  let now = T0;
  const tracker = new ProductionTracker({ db, plant, logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } }, now: () => now });
  const model = createPlantModel({ lines: Math.min(lines, 50) });
  const v = (tagId: string, value: number | string): LiveValue => ({ tagId, value, quality: 'good', sourceTs: now, serverTs: now });
  let ingestMs = 0;
  for (let t = 0; t < seconds; t++) {
    now = T0 + t * 1000;
    const t0 = performance.now();
    for (let i = 0; i < lines; i++) {
      const s = model.lineAt((i % 50) + 1, t);
      const l = plant.lines[i]!;
      tracker.ingest(l.id, 'order', v(l.tags.currentOrder!, s.currentOrder));
      tracker.ingest(l.id, 'good', v(l.tags.goodCount, s.goodCount));
      tracker.ingest(l.id, 'reject', v(l.tags.rejectCount!, s.rejectCount));
      tracker.ingest(l.id, 'state', v(l.tags.machineState, s.machineState));
    }
    tracker.flush();
    ingestMs += performance.now() - t0;
  }
  return { db, plant, ingestMs, now };
}

// 1. Growth per line per day: one line, 24 h of 1 s data.
{
  const { db } = run(1, 86_400, 'day.db');
  const bytes = (table: string) => {
    const rows = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
    return rows.n;
  };
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const sizeOf = (table: string) => {
    try {
      return (db.prepare('SELECT SUM(pgsize) AS b FROM dbstat WHERE name = ? OR name LIKE ?').get(table, `${table}_%`) as { b: number | null }).b ?? 0;
    } catch {
      return bytes(table) * 40; // dbstat not compiled in: estimate
    }
  };
  const rollup = sizeOf('production_minute') + sizeOf('downtime_event') + sizeOf('counter_event');
  const raw = sizeOf('counter_sample') + sizeOf('state_sample');
  console.log(`one line, one day of 1 s data: production_minute ${bytes('production_minute')} rows, downtime_event ${bytes('downtime_event')}, counter_sample ${bytes('counter_sample')} (page size ${pageSize})`);
  report({ name: 'db growth, rollups (kept long)', metric: 'per line per day', value: Math.round(rollup / 1024), unit: 'KiB' });
  report({ name: 'db growth, raw samples (kept 48 h)', metric: 'per line per day', value: Math.round(raw / 1024), unit: 'KiB' });
  db.close();
}

// 2. The core's cost for 50 lines: ingest + flush per second, and the live figures recomputed each second.
{
  const seconds = 600;
  const { db, plant, ingestMs, now } = run(50, seconds, 'fifty.db');
  const baseline = measure(() => JSON.parse(JSON.stringify(Array.from({ length: 50 * 4 }, (_, i) => ({ tagId: `t${i}`, value: i, quality: 'good', sourceTs: now })))), 50);
  const settings = plant.lines.map((l) => lineSettings(plant, l));
  const live = measure(() => {
    for (const s of settings) windowFigures(db, s, { start: T0, end: T0 + 8 * 3_600_000, breaks: [] }, now);
  }, 20);
  const perSecond = ingestMs / seconds + live.medianMs;
  console.log(`50 lines × (2 counters + state + order), 1 s updates: ingest+flush ${(ingestMs / seconds).toFixed(2)} ms/s, live OEE for 50 lines ${live.medianMs.toFixed(2)} ms/s`);
  report({ name: 'production core, 50 lines', metric: 'CPU per second of line time', value: Number(((perSecond / 1000) * 100).toFixed(2)), unit: '% of a core', baseline: Number(baseline.medianMs.toFixed(3)), ratio: Number((perSecond / baseline.medianMs).toFixed(1)) });
  db.close();
}

// 3. Trend data for a full 8 h shift of 1 s data on 10 lines, min/max downsampled to 360 buckets.
{
  const buffers = Array.from({ length: 10 }, () => new RingBuffer(8 * 3600 + 600));
  for (const b of buffers) for (let t = 0; t < 8 * 3600; t++) b.push(T0 + t * 1000, 100 + 20 * Math.sin(t / 300) + (t % 17));
  const baseline = measure(() => {
    let s = 0;
    for (const b of buffers) b.forEach((_t, v) => (s += v));
    if (s < 0) throw new Error();
  });
  const redraw = measure(() => {
    for (const b of buffers) downsampleMinMax(b, T0, T0 + 8 * 3_600_000, 360);
  });
  console.log(`10 lines × 28,800 points → 10 × ≤720 points: ${redraw.medianMs.toFixed(2)} ms (p95 ${redraw.p95Ms.toFixed(2)}); a plain pass over the same data ${baseline.medianMs.toFixed(2)} ms`);
  report({ name: 'trend downsample, 10 lines × 8 h of 1 s', metric: 'median per redraw (data prep)', value: Number(redraw.medianMs.toFixed(2)), unit: 'ms', baseline: Number(baseline.medianMs.toFixed(2)), ratio: Number((redraw.medianMs / baseline.medianMs).toFixed(2)), budget: '≤ 16 ms incl. drawing', pass: redraw.p95Ms <= 16 });
}

fs.rmSync(dir, { recursive: true, force: true });
