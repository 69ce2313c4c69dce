import type { HoldView } from '../../../../../shared/contract/domains/holds.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startSapSandbox } from '../../../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir, readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';
import { PEOPLE } from './holdsHarness.ts';

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** One standalone console: its own core, its own SQLite file, its own name. */
export interface Console {
  name: string;
  core: Core;
  dataDir: string;
  session(who: keyof typeof PEOPLE): Promise<string>;
  call<T = unknown>(sid: string, key: string, payload: unknown): Promise<Envelope<T>>;
}

export interface TwoConsoles {
  a: Console;
  b: Console;
  plant: DemoPlant;
  erp: Awaited<ReturnType<typeof startRestErpSandbox>>;
  cmms: Awaited<ReturnType<typeof startServiceNowSandbox>>;
  stop(): Promise<void>;
}

/**
 * Two standalone consoles (not attached to a hub: issue 19, "two standalone consoles"): two real cores,
 * each with its own SQLite file and its own controller session, on the same real demo plant (127.0.0.1,
 * port 0), both against the same generic REST ERP sandbox and the same ServiceNow sandbox. Two 12-hour
 * shifts every day, so a shift is always open. `erp: 'sap'`: the SAP sandbox instead (S/4HANA OData, holds as
 * blocked stock) with the demo plant's storage locations.
 */
export async function startTwoConsoles(o: { erp?: 'rest' | 'sap' } = {}): Promise<TwoConsoles> {
  const tmp = makeTempDir('plant-console-two-');
  const plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  const erp = o.erp === 'sap' ? await startSapSandbox({ minOrderGapMs: 0 }) : await startRestErpSandbox();
  const cmms = await startServiceNowSandbox();
  const cfg = readDemoPlantConfig() as Record<string, unknown> & { cmms: Record<string, unknown> };
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  cfg.shiftCalendar = { shifts: [{ name: 'Day', start: '00:00', end: '12:00', days: everyDay }, { name: 'Evening', start: '12:00', end: '00:00', days: everyDay }], holidays: [] };
  cfg.erp =
    o.erp === 'sap'
      ? { kind: 'sap-odata', baseUrl: erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 5, settleSec: 0, minOrderGapSec: 0, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' }, storageLocations: { lines: { L1: '0001', L2: '0001', L3: '0002' }, materials: { FG202: '0001' } } }
      : { kind: 'rest', baseUrl: erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 5, settleSec: 0, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' } };
  cfg.cmms = { ...cfg.cmms, baseUrl: cmms.url, settleSec: 0, pollSec: 2 };
  const configPath = path.join(tmp.dir, 'plant.json');
  fs.writeFileSync(configPath, JSON.stringify(cfg));

  async function open(name: string): Promise<Console> {
    const dataDir = path.join(tmp.dir, `data-${name}`);
    const core = await startCore(
      { configPath, dataDir, host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, liveTickMs: 50, consoleName: name },
      { clock: systemClock, logger: memoryLogger(), secrets: memorySecrets({ erp: o.erp === 'sap' ? 'CONSOLE:demo' : 'demo-key', 'cmms-demo': 'console:demo' }), notifier: recordingNotifier(), online: switchableOnline() },
    );
    const c: Console = {
      name,
      core,
      dataDir,
      call: async <T>(sid: string, key: string, payload: unknown) => (await core.dispatch(key, payload, sid)) as Envelope<T>,
      async session(who) {
        const sid = core.openSession();
        const r = await c.call(sid, 'auth.signIn', { method: 'badge', badgeId: PEOPLE[who].badgeId, pin: PEOPLE[who].pin });
        if (!r.ok) throw new Error(`sign-in of ${who} on ${name} failed: ${r.error.message}`);
        return sid;
      },
    };
    return c;
  }
  const [a, b] = await Promise.all([open('CONSOLE-A'), open('CONSOLE-B')]);
  return {
    a,
    b,
    plant,
    erp,
    cmms,
    async stop() {
      await Promise.allSettled([a.core.dispose(), b.core.dispose()]);
      await plant.stop();
      await erp.close();
      await cmms.close();
      tmp.cleanup();
    },
  };
}

export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What console `c` shows of hold `id` (released ones included). */
export async function holdOn(c: Console, sid: string, id: string): Promise<HoldView> {
  const l = await c.call<{ holds: HoldView[] }>(sid, 'holds.list', { includeReleased: true });
  if (!l.ok) throw new Error(l.error.message);
  return l.value.holds.find((h) => h.id === id)!;
}

/** Places a hold on console `c` as the person of session `sid`; throws with the console's name on a refusal. */
export async function place(c: Console, sid: string, scope: unknown, reason: string): Promise<HoldView> {
  const r = await c.call<HoldView>(sid, 'holds.place', { scope, reason, defectCategory: 'foreign-body', note: `placed on ${c.name}` });
  if (!r.ok) throw new Error(`${c.name}: ${r.error.message}`);
  return r.value;
}

/** Releases hold `id` on console `c`, confirmed by Ada (the two-person rule). */
export async function release(c: Console, sid: string, id: string): Promise<void> {
  const v = await holdOn(c, sid, id);
  const r = await c.call<HoldView>(sid, 'holds.release', { holdId: id, reason: 'recall withdrawn', expectedRevision: v.revision, confirmer: { method: 'name', userName: 'ada', pin: '4444' } });
  if (!r.ok) throw new Error(`${c.name}: ${r.error.message}`);
}
