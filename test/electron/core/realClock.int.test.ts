import path from 'node:path';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import type { HealthSnapshot } from '../../../shared/contract/domains/system.ts';
import type { Core } from '../../../electron/core/coreApi.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { startSapSandbox } from '../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../fixtures/tempDir.ts';

// Issue 13, class fix of defect 1: the timed-shelve crash passed every test because the fake clock only
// yielded integers. Here the whole core runs on the real clock (systemClock, performance.now()) with every
// module that keeps time busy: alert shelving (a timed shelve past its 15 s write of the remaining time),
// session idle lock, the outbox worker posting to the ERP sandbox, the live pump, the production tracker
// counting, line signals and the OPC UA alarm source. Nothing may be logged as an error, no module may be
// degraded, and the core must answer at the end.
const FAULT_KEY = (line: number) => `opcua:demo-plc:nsu=urn:plant-console:demo-plant;s=Line${line}.FaultAlarm`;

describe('the real core under the real clock', () => {
  const tmp = makeTempDir('real-clock-');
  let plant: DemoPlant;
  let sap: Awaited<ReturnType<typeof startSapSandbox>>;
  let core: Core;
  const logger = memoryLogger();
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  const health: HealthSnapshot[] = [];

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
    sap = await startSapSandbox({});
    core = await startCore(
      { configPath: demoPlantConfigPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, erpBaseUrl: sap.url, liveTickMs: 100 },
      { clock: systemClock, logger, secrets: memorySecrets({ 'erp-demo': 'CONSOLE:demo' }), notifier: recordingNotifier(), online: switchableOnline() },
    );
    core.events.subscribe((s, p) => {
      if (s === 'system.health') health.push(p as HealthSnapshot);
    }, 'test');
  });
  afterAll(async () => {
    await core?.dispose();
    await sap?.close();
    await plant?.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    tmp.cleanup();
  });

  const call = async <T>(session: string, key: string, payload: unknown = {}): Promise<T> => {
    const r = await core.dispatch(key, payload, session);
    if (!r.ok) throw new Error(`${key}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const signIn = async (badgeId: string, pin: string) => {
    const s = core.openSession();
    await call(s, 'auth.signIn', { method: 'badge', badgeId, pin });
    return s;
  };

  it('runs every time-keeping module for a while without an error', async () => {
    const planner = await signIn('BADGE-1002', '2222');
    const quality = await signIn('BADGE-1003', '3333');
    // Production: the plant makes parts; the tracker counts them on real time.
    const ticking = setInterval(() => plant.advance(), 200);
    let alert: AlertView | undefined;
    try {
      // Alerts: a controller alarm, shelved for 5 minutes.
      plant.injectFault(1, 600);
      const end = Date.now() + 20_000;
      while (!(alert = (await call<{ alerts: AlertView[] }>(planner, 'alerts.list', { includeClosed: true })).alerts.find((a) => a.key === FAULT_KEY(1) && a.active))) {
        if (Date.now() > end) throw new Error('no alert from the controller');
        await new Promise((r) => setTimeout(r, 100));
      }
      await call(planner, 'alerts.shelve', { id: alert.id, kind: 'timed', minutes: 5, reason: 'Fitter on site' });
      // Outbox: a hold goes to the ERP through the worker's schedule.
      await call(quality, 'holds.place', { scope: { kind: 'order', erpOrderId: '1002130' }, reason: 'supplier recall', defectCategory: 'foreign-body' });
      // Past the shelve's first write of its remaining time (15 s): the write that crashed the console.
      await new Promise((r) => setTimeout(r, 17_000));
    } finally {
      clearInterval(ticking);
    }
    const shelved = (await call<{ alerts: AlertView[] }>(planner, 'alerts.list', { includeClosed: true })).alerts.find((a) => a.id === alert!.id)!;
    expect(shelved.shelving?.kind).toBe('timed');
    expect(shelved.shelving?.remainingMs).toBeLessThan(5 * 60_000 - 15_000);
    expect(Number.isInteger(shelved.shelving?.remainingMs)).toBe(true);
    // The core still answers and every module is ok.
    expect((await call<{ plantId: string }>(core.openSession(), 'system.info')).plantId).toBeTruthy();
    const now = await call<HealthSnapshot>(core.openSession(), 'system.health');
    expect(now.modules.filter((m) => m.state !== 'ok')).toEqual([]);
    expect(health.flatMap((s) => s.modules.filter((m) => m.state !== 'ok'))).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => `${l.msg} ${String(l.fields?.error ?? '')}`)).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);
    // 17 s of it is the wait past the shelve's first write: the guard is ten times the ~20 s it takes.
  }, 200_000);
});
