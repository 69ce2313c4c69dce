import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import type { ControllerDetails, OwnCertificateExport } from '../../../../../shared/contract/domains/connectivity.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

/**
 * Defect 9: an administrator stores (and replaces) a controller's password in Settings; the controller connects with
 * it without a restart of the core; the password is never returned, logged or audited. Defect 8: the console's own
 * certificate is exported as files in the data folder.
 */
type Env<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

let tmp: ReturnType<typeof makeTempDir>;
let plant: DemoPlant;
let core: Core;
let admin: string;
let supervisor: string;
const secrets = memorySecrets();
const logger = memoryLogger();
const PASSWORD = 'correct horse battery';
const call = async <T>(sid: string, key: string, payload: unknown): Promise<Env<T>> => (await core.dispatch(key, payload, sid)) as Env<T>;
const value = <T>(r: Env<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const link = async () => value(await call<ControllerDetails>(admin, 'connectivity.controllers', {})).controllers[0]!;
async function until(cond: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

beforeAll(async () => {
  tmp = makeTempDir('controller-password-');
  const configPath = path.join(tmp.dir, 'plant.json');
  const config = JSON.parse(fs.readFileSync(demoPlantConfigPath, 'utf8')) as { controllers: Record<string, unknown>[] };
  config.controllers[0] = {
    ...config.controllers[0],
    security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', allowInsecure: false },
    userToken: { type: 'username', userName: 'console-ws1', passwordSecret: 'demo-plc.password' },
  };
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki'), users: [{ userName: 'console-ws1', password: PASSWORD }], allowAnonymous: false });
  core = await startCore(
    { configPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, liveTickMs: 50 },
    { clock: systemClock, logger, secrets, notifier: recordingNotifier(), online: switchableOnline() },
  );
  admin = core.openSession();
  value(await call(admin, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' }));
  supervisor = core.openSession();
  value(await call(supervisor, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }));
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await plant?.stop();
  tmp?.cleanup();
});

describe('a controller password stored in Settings', () => {
  it('is refused to anyone but an administrator', async () => {
    const r = await call(supervisor, 'connectivity.setControllerPassword', { controllerId: 'demo-plc', password: PASSWORD });
    expect(r.ok).toBe(false);
  });

  it('without it the controller says the password is missing; a wrong one is refused; the right one connects, all without a restart', async () => {
    expect(await until(async () => (await link()).link === 'misconfigured', 20_000)).toBe(true);
    expect((await link()).error?.message).toContain('not stored on this workstation');

    const first = value(await call<{ replaced: boolean; reconnecting: boolean }>(admin, 'connectivity.setControllerPassword', { controllerId: 'demo-plc', password: 'wrong one' }));
    expect(first).toMatchObject({ replaced: false, reconnecting: true });
    expect(await until(async () => (await link()).error?.code === 'ACCESS_DENIED', 20_000)).toBe(true);

    const second = value(await call<{ replaced: boolean; reconnecting: boolean }>(admin, 'connectivity.setControllerPassword', { controllerId: 'demo-plc', password: PASSWORD }));
    expect(second).toMatchObject({ replaced: true, reconnecting: true });
    expect(await until(async () => (await link()).link === 'connected', 20_000)).toBe(true);
    expect(plant.sessionCount()).toBe(1);
  }, 90_000);

  it('is never shown back, logged or audited; the audit names who stored it', async () => {
    const c = await link();
    expect(JSON.stringify(c)).not.toContain(PASSWORD);
    expect(c.userName).toBe('console-ws1');
    const audit = value(await call<{ records: { action: string; outcome: string; details: unknown }[] }>(admin, 'audit.query', { limit: 200 }));
    const stored = audit.records.filter((r) => r.action === 'connectivity.setControllerPassword' && r.outcome === 'ok');
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => (JSON.parse(String(r.details)) as { replaced: boolean }).replaced).sort()).toEqual([false, true]);
    expect(JSON.stringify(audit.records)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit.records)).not.toContain('wrong one');
    expect(JSON.stringify(logger.lines)).not.toContain(PASSWORD);
  });

  it("exports the console's own certificate as PEM and DER files in the data folder", async () => {
    const r = value(await call<OwnCertificateExport>(admin, 'connectivity.exportOwnCertificate', {}));
    expect(r.pemPath.startsWith(path.join(tmp.dir, 'data'))).toBe(true);
    expect(fs.readFileSync(r.pemPath, 'utf8')).toBe(r.pem);
    expect(r.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(r.pem).not.toMatch(/PRIVATE KEY/);
    expect(fs.readFileSync(r.derPath)[0]).toBe(0x30);
    expect(r.sha1).toMatch(/^[0-9A-F]{40}$/);
    expect((await call(supervisor, 'connectivity.exportOwnCertificate', {})).ok).toBe(false);
  });
});
