import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { writeFlush } from '../../../../../electron/core/features/production/productionRepo.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { openDatabase, type WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';

export type RestSandbox = Awaited<ReturnType<typeof startRestErpSandbox>>;

/** The demo people (docs/people.md): badge and PIN. */
export const PEOPLE = {
  quinn: { badgeId: 'BADGE-1003', pin: '3333', userId: 'demo-quinn' },
  ada: { badgeId: 'BADGE-1004', pin: '4444', userId: 'demo-ada' },
  anna: { badgeId: 'BADGE-1001', pin: '1111', userId: 'demo-anna' },
  paul: { badgeId: 'BADGE-1002', pin: '2222', userId: 'demo-paul' },
} as const;

export interface HoldsRig {
  core: Core;
  plant: DemoPlant;
  erp: RestSandbox;
  /** A second connection to the core's database file (WAL): to seed production records and read what the core wrote. */
  db: WritableDb;
  logger: ReturnType<typeof memoryLogger>;
  /** Opens a screen session and signs a demo person in on it. */
  session(who: keyof typeof PEOPLE): Promise<string>;
  call<T = unknown>(sid: string, key: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  /** Seeds one minute of production for a line (as the production tracker writes it). */
  produce(lineId: string, minuteAt: number, orderId: string, good: number, reject?: number): void;
  /** Stops the core and starts a new one on the same database file (a console restart). */
  restartCore(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real core (demo plant configuration, two 12-hour shifts every day so a shift is always open, the
 * generic REST ERP sandbox as its ERP; `shiftsStartAt` moves the shift change) on a real SQLite file, connected to the real demo plant on
 * 127.0.0.1 port 0. `interlockOf` remaps a line's hold interlock tag (e.g. to a read-only node).
 */
export async function startHoldsRig(options: { interlockOf?: Record<string, string>; erpDown?: boolean; erpUrl?: (erp: RestSandbox) => Promise<string>; shiftsStartAt?: string } = {}): Promise<HoldsRig> {
  const tmp = makeTempDir('plant-console-holds-');
  const plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  const erp = await startRestErpSandbox();
  if (options.erpDown) erp.admin.setOutage(true);
  const cfg = readDemoPlantConfig() as { lines: { id: string; tags: Record<string, string> }[] } & Record<string, unknown>;
  for (const l of cfg.lines) if (options.interlockOf?.[l.id]) l.tags.holdInterlock = options.interlockOf[l.id]!;
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  // Two 12-hour shifts, the first at `shiftsStartAt` (plant time, "HH:MM"; default midnight).
  const [h0, m0] = (options.shiftsStartAt ?? '00:00').split(':').map(Number) as [number, number];
  const hhmm = (h: number) => `${String(h % 24).padStart(2, '0')}:${String(m0).padStart(2, '0')}`;
  cfg.shiftCalendar = { shifts: [{ name: 'Day', start: hhmm(h0), end: hhmm(h0 + 12), days: everyDay }, { name: 'Evening', start: hhmm(h0 + 12), end: hhmm(h0), days: everyDay }], holidays: [] };
  cfg.erp = { kind: 'rest', baseUrl: options.erpUrl ? await options.erpUrl(erp) : erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 2, settleSec: 0, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' } };
  const configPath = path.join(tmp.dir, 'plant.json');
  fs.writeFileSync(configPath, JSON.stringify(cfg));
  const logger = memoryLogger();
  const dataDir = path.join(tmp.dir, 'data');
  const boot = () =>
    startCore(
      { configPath, dataDir, host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, liveTickMs: 50 },
      { clock: systemClock, logger, secrets: memorySecrets({ erp: 'demo-key' }), notifier: recordingNotifier(), online: switchableOnline() },
    );
  let core = await boot();
  const opened = openDatabase(path.join(dataDir, 'console.db'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.db;
  const call = async <T>(sid: string, key: string, payload: unknown) => (await rig.core.dispatch(key, payload, sid)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  const rig: HoldsRig = {
    core,
    plant,
    erp,
    db,
    logger,
    call,
    async restartCore() {
      await rig.core.dispose();
      core = await boot();
      rig.core = core;
    },
    async session(who) {
      const sid = rig.core.openSession();
      const r = await call(sid, 'auth.signIn', { method: 'badge', badgeId: PEOPLE[who].badgeId, pin: PEOPLE[who].pin });
      if (!r.ok) throw new Error(`sign-in of ${who} failed: ${r.error.message}`);
      return sid;
    },
    produce(lineId, minuteAt, orderId, good, reject = 0) {
      writeFlush(db, { minutes: [{ lineId, minuteAt, orderId, good, reject, runMs: 60_000, gapGood: 0, gapReject: 0 }], baselines: [], counterEvents: [], counterSamples: [], stateSamples: [] });
    },
    async stop() {
      db.close();
      await rig.core.dispose();
      await plant.stop();
      await erp.close();
      tmp.cleanup();
    },
  };
  return rig;
}

/** Waits until the line's controller link is up (the interlock write needs it). */
export async function untilConnected(rig: HoldsRig, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const sid = rig.core.openSession();
  for (;;) {
    const r = await rig.call<{ controllers: { link: string }[] }>(sid, 'connection.list', {});
    if (r.ok && r.value.controllers.some((c) => c.link === 'connected')) return;
    if (Date.now() > end) throw new Error('the demo plant did not connect');
    await new Promise((res) => setTimeout(res, 50));
  }
}

export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
