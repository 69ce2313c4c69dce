import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { startSapSandbox } from '../../../electron/demo/erp/sapSandbox.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../fixtures/fakePorts.ts';
import { makeTempDir, readDemoPlantConfig } from '../../fixtures/tempDir.ts';

// Issue 14 defect 1: dispose() neither cancelled nor awaited the order sync in flight, which then wrote to
// the closed database: "TypeError: The database connection is not open at saveSync … at OrderSync.run".
describe('dispose while the ERP is slow and the order sync is in flight', () => {
  const tmp = makeTempDir('dispose-in-flight-');
  let plant: DemoPlant;
  let sap: Awaited<ReturnType<typeof startSapSandbox>>;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
    sap = await startSapSandbox({});
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sap?.close();
    await plant?.stop();
    tmp.cleanup();
  });

  it('cancels and awaits the read, writes nothing after close, logs no error and resolves', async () => {
    // The ERP holds the first order read for 7 s (shorter than the shipped request timeout of 10 s).
    sap.admin.addFault({ match: { op: 'order.read' }, action: { kind: 'delay', ms: 7_000 }, times: 1 });
    const cfg = readDemoPlantConfig() as { erp: Record<string, unknown> };
    const configPath = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(configPath, JSON.stringify(cfg));
    const logger = memoryLogger();
    const core = await startCore(
      { configPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, erpBaseUrl: sap.url, liveTickMs: 50 },
      { clock: systemClock, logger, secrets: memorySecrets({ 'erp-demo': 'CONSOLE:demo' }), notifier: recordingNotifier(), online: switchableOnline() },
    );
    // Wait until the order read has reached the ERP (it is now being held there).
    const end = Date.now() + 20_000;
    const orderReads = () => Object.entries(sap.admin.counts().requests).filter(([k]) => /order/i.test(k)).reduce((n, [, v]) => n + v, 0);
    while (orderReads() === 0) {
      if (Date.now() > end) throw new Error(`the order read never reached the ERP: ${JSON.stringify(sap.admin.counts().requests)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const heldSince = Date.now();
    await core.dispose();
    // Past the ERP's answer: an uncancelled sync would have written to the closed database by now.
    await new Promise((r) => setTimeout(r, Math.max(0, heldSince + 10_000 - Date.now())));
    expect(unhandled.map(String)).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => `${l.msg} ${String(l.fields?.error ?? '')}`)).toEqual([]);
    expect(logger.lines.some((l) => l.msg === 'Core stopped')).toBe(true);
  }, 60_000);
});
