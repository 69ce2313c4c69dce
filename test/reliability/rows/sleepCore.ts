import path from 'node:path';
import { createInterface } from 'node:readline';
import { PlantConfig } from '../../../shared/domain/plantConfig.ts';
import type { LiveValue } from '../../../electron/core/platform/opcua/opcuaTypes.ts';
import { ProductionTracker, type ProductionSignal } from '../../../electron/core/features/production/ProductionTracker.ts';
import { minutesOf } from '../../../electron/core/features/production/productionRepo.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../electron/core/platform/storage/migrations/index.ts';
import { readDemoPlantConfig } from '../../fixtures/tempDir.ts';
import { CounterLedger } from './counterLedger.ts';
import { collectingLogger, controller, makeGateway, realClock } from './support.ts';

/**
 * The console's side of the sleep row, in its own process so the test can freeze it (SIGSTOP) like a
 * workstation going to sleep: the OPC UA gateway and the production tracker (on a real SQLite file) against
 * the demo plant. It reports on stdout, one JSON object a line; `finish` on stdin flushes and prints totals.
 *
 * argv: <endpoint> <dataDir> <sessionTimeoutMs>
 */
const [endpoint, dataDir, sessionTimeout] = process.argv.slice(2);
if (!endpoint || !dataDir || !sessionTimeout) throw new Error('usage: sleepCore.ts <endpoint> <dataDir> <sessionTimeoutMs>');
const out = (o: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

const raw = readDemoPlantConfig() as { lines: Record<string, unknown>[] };
// The simulator ticks ten times a second: far more parts per minute than the real line.
for (const l of raw.lines) l['maxRatePerMin'] = 1_000_000;
const plant = PlantConfig.parse(raw);
const opened = openDatabase(path.join(dataDir, 'console.db'));
if (!opened.ok) throw new Error(opened.error.message);
const db = opened.db;
migrate(db);
const logger = collectingLogger();
const tracker = new ProductionTracker({ db, plant, logger, now: () => Date.now() });
const g = makeGateway({
  controller: controller(endpoint, { id: 'demo-plc' }),
  pkiDir: path.join(dataDir, 'pki'),
  demoMode: true,
  logger,
  // The client asks for max(session timeout, subscription lifetime): both short, so a long freeze outlives the session.
  timing: { requestedSessionTimeoutMs: Number(sessionTimeout), subscriptionLifetimeMs: Number(sessionTimeout) },
});
const ledger = new CounterLedger();
const owners = new Map<string, { lineId: string; signal: ProductionSignal }>();
for (const l of plant.lines) {
  owners.set(l.tags.goodCount, { lineId: l.id, signal: 'good' });
  if (l.tags.rejectCount) owners.set(l.tags.rejectCount, { lineId: l.id, signal: 'reject' });
}
const tags = [...owners.keys()];
let lastGoodAt = 0;
const latest = new Map<string, number>();
const firstSeen = new Map<string, number>();
g.subscribe(tags, (values: LiveValue[]) => {
  ledger.ingest(values);
  for (const v of values) {
    const o = owners.get(v.tagId);
    if (o) tracker.ingest(o.lineId, o.signal, v);
    if (v.quality !== 'good' || typeof v.value !== 'number' || v.flags?.includes('late')) continue;
    if (!firstSeen.has(v.tagId)) firstSeen.set(v.tagId, v.value);
    latest.set(v.tagId, v.value);
  }
  if (values.some((v) => v.quality === 'good')) lastGoodAt = Date.now();
});
let restartedAt: number | null = g.state().serverStartTime ?? null;
g.onDidChangeState((s) => {
  const st = s.serverStartTime ?? null;
  if (st !== null && restartedAt !== null && st !== restartedAt) tracker.controllerRestarted(plant.lines.map((l) => l.id), Date.now());
  if (st !== null) restartedAt = st;
  out({ type: 'state', phase: s.phase, at: Date.now() });
});
g.onDidCloseGap((gap) => {
  ledger.gap(gap);
  tracker.gapClosed(plant.lines.map((l) => l.id), gap);
  out({ type: 'gap', gap });
});
const flushTimer = setInterval(() => tracker.flush(), 500);
const heartbeat = setInterval(() => out({ type: 'beat', at: Date.now(), lastGoodAt, phase: g.state().phase, staleSince: g.state().staleSince ?? null }), 200);
void g.connect();

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'finish') return;
  void (async () => {
    clearInterval(flushTimer);
    clearInterval(heartbeat);
    tracker.flush();
    const counted: Record<string, { good: number; reject: number; gapGood: number; negative: number }> = {};
    for (const l of plant.lines) {
      const rows = minutesOf(db, { lineId: l.id, from: 0, to: Date.now() + 60_000 });
      counted[l.id] = {
        good: rows.reduce((s, r) => s + r.good, 0),
        reject: rows.reduce((s, r) => s + r.reject, 0),
        gapGood: rows.reduce((s, r) => s + r.gapGood, 0),
        negative: rows.filter((r) => r.good < 0 || r.reject < 0 || r.gapGood < 0).length,
      };
    }
    out({
      type: 'final',
      counted,
      // What each line's counters moved while watched (retentive counters: last − first).
      moved: Object.fromEntries(
        plant.lines.map((l) => {
          const m = (tag: string | undefined) => (tag ? (latest.get(tag) ?? 0) - (firstSeen.get(tag) ?? 0) : 0);
          return [l.id, { good: m(l.tags.goodCount), reject: m(l.tags.rejectCount) }];
        }),
      ),
      ledger: { missed: ledger.missed(), decreases: ledger.decreases, late: ledger.late, counted: ledger.counted, gapCounted: ledger.gapCounted },
      gaps: g.gaps(),
      log: logger.lines.filter((x) => /suspended|sleep|lost|restor|gap|session|reconnect/i.test(x)).slice(-20),
    });
    await g.dispose();
    db.close();
    process.exit(0);
  })();
});
