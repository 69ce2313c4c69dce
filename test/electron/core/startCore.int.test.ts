import fs from 'node:fs';
import path from 'node:path';
import type { LiveLines } from '../../../shared/contract/domains/lines.ts';
import { listCountedBaselines } from '../../../electron/core/features/production/productionRepo.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { CoreStartError, startCore } from '../../../electron/core/startCore.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../fixtures/coreHarness.ts';
import { fakePorts } from '../../fixtures/fakePorts.ts';
import { makeTempDir, readDemoPlantConfig } from '../../fixtures/tempDir.ts';

describe('startCore with the demo plant', () => {
  let h: CoreHarness;
  beforeAll(async () => {
    h = await startCoreWithDemoPlant();
  });
  afterAll(async () => h?.stop());

  const allConnected = (m: LiveLines) => m.lines.length === 3 && m.lines.every((l) => l.link === 'connected' && l.good.value !== null);

  it('streams every line live from the real OPC UA simulator, one message per tick', async () => {
    await h.next<LiveLines>('live.lines', allConnected);
    h.plant.advance(30);
    const expected = h.plant.currentValues();
    const msg = await h.next<LiveLines>('live.lines', (m) => m.lines.every((l, i) => l.good.value === expected[i]!.goodCount));
    expect(msg.lines.map((l) => l.lineId)).toEqual(['L1', 'L2', 'L3']);
    msg.lines.forEach((l, i) => {
      expect(l.reject.value).toBe(expected[i]!.rejectCount);
      expect(l.rawState).toBe(expected[i]!.machineState);
      expect(l.insecure).toBe(true);
    });
  });

  it('answers commands for a session and refuses bad ones', async () => {
    const s = h.core.openSession();
    const info = await h.core.dispatch('system.info', {}, s);
    expect(info).toMatchObject({ ok: true, value: { plantName: 'Demo Plant', mode: 'demo', host: 'test', timeZone: 'Europe/Berlin' } });
    const lines = await h.core.dispatch('lines.list', {}, s);
    expect(lines.ok && (lines.value as unknown[]).length).toBe(3);
    const bad = await h.core.dispatch('lines.list', { sneaky: true }, s);
    expect(bad.ok === false && bad.error.code).toBe('BAD_REQUEST');
    const who = await h.core.dispatch('session.current', {}, s);
    expect(who).toEqual({ ok: true, value: { userId: 'anonymous', displayName: 'Viewer', roles: ['viewer'] } });
    h.core.closeSession(s);
    const closed = await h.core.dispatch('system.info', {}, s);
    expect(closed.ok === false && closed.error.code).toBe('UNAUTHENTICATED');
  });

  it("keeps each counter's restart point in production_counter (no per-tick counter_baseline any more)", async () => {
    h.plant.advance(5);
    const expected = h.plant.currentValues()[0]!.goodCount;
    await h.next<LiveLines>('live.lines', (m) => m.lines[0]!.good.value === expected);
    const opened = openDatabase(path.join(h.dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      // Production flushes its rollups and counters once a second.
      await vi.waitFor(() => expect(listCountedBaselines(opened.db).find((b) => b.lineId === 'L1' && b.signal === 'good')?.value).toBe(expected), { timeout: 15_000, interval: 100 });
      expect(opened.db.prepare("SELECT name FROM sqlite_schema WHERE name = 'counter_baseline'").all()).toEqual([]);
    } finally {
      opened.db.close();
    }
  });
});

describe('startCore refuses to start half-configured', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.cleanup());

  it('names the configuration file and the problem, and opens nothing', async () => {
    const cfg = readDemoPlantConfig() as { lines: { tags: { goodCount: string } }[] };
    cfg.lines[0]!.tags.goodCount = 'ns=2;s=Line1.GoodCount';
    const file = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(file, JSON.stringify(cfg));
    const dataDir = path.join(tmp.dir, 'data');
    const err = await startCore({ configPath: file, dataDir, host: 'test', version: 't' }, fakePorts({ clock: systemClock })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreStartError);
    expect((err as CoreStartError).code).toBe('CONFIG_INVALID');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('lines[0].tags.goodCount');
    expect(fs.existsSync(path.join(dataDir, 'console.db'))).toBe(false);
  });

  it('refuses a database from a newer version of the app', async () => {
    const dataDir = path.join(tmp.dir, 'newer');
    fs.mkdirSync(dataDir, { recursive: true });
    const opened = openDatabase(path.join(dataDir, 'console.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    opened.db.pragma('user_version = 9990');
    opened.db.close();
    const cfg = path.join(tmp.dir, 'ok.json');
    fs.writeFileSync(cfg, JSON.stringify(readDemoPlantConfig()));
    const err = await startCore({ configPath: cfg, dataDir, host: 'test', version: 't' }, fakePorts({ clock: systemClock })).catch((e: unknown) => e);
    expect((err as CoreStartError).code).toBe('DATABASE');
    expect((err as Error).message).toContain('9990');
  });
});
