import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionCheckReport } from '../../../../../shared/contract/domains/system.ts';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
let core: Core;
let plant: DemoPlant;
let sb: Awaited<ReturnType<typeof startServiceNowSandbox>>;
const logger = memoryLogger();

beforeAll(async () => {
  sb = await startServiceNowSandbox();
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  core = await startCore(
    { configPath: demoPlantConfigPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, liveTickMs: 50, cmmsBaseUrl: sb.url, erpBaseUrl: 'http://127.0.0.1:1' },
    { clock: systemClock, logger, secrets: memorySecrets({ 'cmms-demo': 'console:demo' }), notifier: recordingNotifier(), online: switchableOnline() },
  );
}, 120_000);
afterAll(async () => {
  await core?.dispose();
  await plant?.stop();
  await sb?.close();
  if (fs.existsSync(tmp.dir)) tmp.cleanup();
});

async function signedIn(badgeId: string, pin: string): Promise<string> {
  const s = core.openSession();
  const r = await core.dispatch('auth.signIn', { method: 'badge', badgeId, pin }, s);
  if (!r.ok) throw new Error(r.error.message);
  return s;
}

describe('system.checkConnections', () => {
  it('checks at start-up into the log, answers an administrator line by line, and is refused to a viewer', async () => {
    const until = Date.now() + 20_000;
    while (!logger.lines.some((l) => l.msg.startsWith('Connection check, CMMS (ServiceNow): Cases are found again')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(logger.lines.filter((l) => l.msg.startsWith('Connection check, ')).map((l) => `${l.level} ${l.msg}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^warn Connection check, ERP \(SAP S\/4HANA\): 127\.0\.0\.1:1 cannot be reached: .*ECONNREFUSED/),
        'info Connection check, CMMS (ServiceNow): Signed in with the stored account',
        'info Connection check, CMMS (ServiceNow): The incident table can be read',
      ]),
    );

    const admin = await signedIn('BADGE-1004', '4444');
    const r = await core.dispatch('system.checkConnections', { recheck: true }, admin);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rep = r.value as ConnectionCheckReport;
    const byTarget = Object.fromEntries(rep.targets.map((t) => [t.target, t.lines.map((l) => [l.step, l.ok])]));
    expect(byTarget).toEqual({ erp: [['network', false]], cmms: [['network', true], ['signIn', true], ['definition', true], ['readBack', true]] });
    expect(rep.targets.find((t) => t.target === 'cmms')?.route).toMatch(/^direct/);

    const viewer = await signedIn('BADGE-1005', '5555');
    const no = await core.dispatch('system.checkConnections', { recheck: false }, viewer);
    expect(no.ok).toBe(false);
  }, 60_000);
});
