import fs from 'node:fs';
import path from 'node:path';
import type { LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import { counterEventsOf, minutesOf } from '../../../../../electron/core/features/production/productionRepo.ts';
import { openDatabase } from '../../../../../electron/core/platform/storage/db.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The real core on the real demo plant, whose controller restarts (server stopped, sessions lost, new
 * StartTime) while the lines keep making parts. Line 2's counters are also cleared by the restart. The
 * production rollups must hold every part the counters moved, the parts made while the link was down
 * flagged as gap parts, and nothing negative.
 */
describe('production across a controller restart on the real demo plant', () => {
  let h: CoreHarness;
  beforeAll(async () => {
    const raw = readDemoPlantConfig() as { lines: Record<string, unknown>[] };
    // Compressed time (ticks stepped by the test): far more parts per real minute than a real line.
    for (const l of raw.lines) l['maxRatePerMin'] = 1_000_000;
    const file = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    h = await startCoreWithDemoPlant({ configPath: file });
  });
  afterAll(async () => {
    await h?.stop();
    tmp.cleanup();
  });

  it('loses no count, flags the gap and never counts negative production', async () => {
    const connected = (m: LiveLines) => m.lines.every((l) => l.link === 'connected' && l.good.value !== null);
    await h.next<LiveLines>('live.lines', connected);
    const plant = h.plant;
    const startTick = plant.currentTick();
    const advance = async (ticks: number) => {
      for (let i = 0; i < ticks; i++) {
        plant.advance(1);
        await sleep(20);
      }
    };
    await advance(120);
    await sleep(600);
    const beforeTick = plant.currentTick();
    const startedBefore = plant.startTime().getTime();

    // The controller goes down; line 2's counters are cleared by the restart; all lines keep producing.
    const restarting = plant.restart(2500);
    await h.next<LiveLines>('live.lines', (m) => m.lines.every((l) => l.link !== 'connected'), 10_000);
    plant.resetCounter(2);
    const resetTick = plant.currentTick();
    // Fewer parts than before the restart: line 2 comes back lower (a counter that restarted and already
    // counted past its old value looks exactly like a retentive one; nothing can tell them apart).
    await advance(40);
    const downTick = plant.currentTick();
    await restarting;
    expect(plant.startTime().getTime()).not.toBe(startedBefore);
    await h.next<LiveLines>('live.lines', connected, 20_000);
    await advance(40);
    const endTick = plant.currentTick();
    await sleep(1800); // one flush of the production module after the last value

    const opened = openDatabase(path.join(h.dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.db;
    try {
      const model = plant.model;
      const window = { from: Date.now() - 600_000, to: Date.now() + 60_000 };
      for (const [i, lineId] of ['L1', 'L2', 'L3'].entries()) {
        const n = i + 1;
        // Readings before the restart: the plain counter. After it, line 2 counts from 0 at the reset tick.
        const pre = (tick: number) => model.lineAt(n, tick);
        const post = (tick: number) => model.lineAt(n, tick, n === 2 ? resetTick : undefined);
        // Before the restart: what the counter moved. Line 2 after the reset: what it shows (made since).
        const expected = (sig: 'goodCount' | 'rejectCount') =>
          n === 2 ? pre(beforeTick)[sig] - pre(startTick)[sig] + post(endTick)[sig] : post(endTick)[sig] - pre(startTick)[sig];
        const expectedGap = (sig: 'goodCount' | 'rejectCount') => (n === 2 ? post(downTick)[sig] : post(downTick)[sig] - pre(beforeTick)[sig]);
        const mine = minutesOf(db, { lineId, ...window });
        const sum = (f: (r: (typeof mine)[number]) => number) => mine.reduce((s, r) => s + f(r), 0);
        expect(sum((r) => r.good), `${lineId} good`).toBe(expected('goodCount'));
        expect(sum((r) => r.reject), `${lineId} reject`).toBe(expected('rejectCount'));
        expect(sum((r) => r.gapGood), `${lineId} gap good`).toBe(expectedGap('goodCount'));
        expect(expectedGap('goodCount')).toBeGreaterThan(0); // the test really had counts in the gap
        expect(mine.every((r) => r.good >= 0 && r.reject >= 0 && r.gapGood >= 0 && r.gapReject >= 0), `${lineId} no negative minute`).toBe(true);
        const kinds = counterEventsOf(db, { lineId, ...window }).filter((e) => e.signal === 'good').map((e) => e.kind);
        expect(kinds, lineId).toContain('gap');
        if (n === 2) expect(kinds).toContain('reset');
        else expect(kinds.filter((k) => k !== 'gap'), lineId).toEqual([]);
      }
    } finally {
      db.close();
    }
    const live = await h.next<LiveLines>('live.lines', () => true);
    expect(live.lines.every((l) => l.production?.gap === true)).toBe(true);
  }, 60_000);
});
