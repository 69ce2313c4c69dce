import path from 'node:path';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import type { LinkGap, LiveValue } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { controller, makeGateway, tempDir, waitFor } from '../../../../reliability/rows/support.ts';

/** Each allowed policy, user-name logins, counter rollover and reset, and the gap record, against the demo plant. */
let tmp: ReturnType<typeof tempDir>;
let plant: DemoPlant;
const gateways: { dispose(): Promise<void> }[] = [];

beforeAll(async () => {
  tmp = tempDir('gateway-security-');
  plant = await startDemoPlant({
    port: 0,
    autoTick: false,
    pkiDir: path.join(tmp.dir, 'sim-pki'),
    users: [{ userName: 'console-ws1', password: 'correct horse' }],
    // Line 1 starts 5 counts below the UInt32 wrap.
    goodCountStart: [2 ** 32 - 5, 0, 0],
  });
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.dispose()));
  await plant.stop();
  tmp.cleanup();
});

function gw(...args: Parameters<typeof makeGateway>) {
  const g = makeGateway(...args);
  gateways.push(g);
  return g;
}

describe('OPC UA gateway security against the demo plant', () => {
  it.each(['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'])('connects with SignAndEncrypt/%s and reads live values', async (policy) => {
    const g = gw({ controller: controller(plant.endpointUrl, { security: { mode: 'SignAndEncrypt', policy, allowInsecure: false } }), pkiDir: path.join(tmp.dir, 'pki-policies'), demoMode: true });
    await g.connect();
    expect(g.state()).toMatchObject({ phase: 'connected', error: null });
    const r = await g.read([demoNodeRef(2, 'GoodCount')]);
    expect(r.ok && r.value[0]?.value).toBe(plant.currentValues()[1]!.goodCount);
    await g.dispose();
  });

  it('logs in with a user name and the password from the secret store; a wrong password is ACCESS_DENIED', async () => {
    const secure = { mode: 'SignAndEncrypt' as const, policy: 'Basic256Sha256', allowInsecure: false };
    const ok = gw({
      controller: controller(plant.endpointUrl, { security: secure, userToken: { type: 'username', userName: 'console-ws1', passwordSecret: 'plc1.password' } }),
      pkiDir: path.join(tmp.dir, 'pki-users'),
      demoMode: true,
      secrets: memorySecrets({ 'plc1.password': 'correct horse' }),
    });
    await ok.connect();
    expect(ok.state().phase).toBe('connected');

    const wrong = gw({
      controller: controller(plant.endpointUrl, { security: secure, userToken: { type: 'username', userName: 'console-ws1', passwordSecret: 'plc1.password' } }),
      pkiDir: path.join(tmp.dir, 'pki-users'),
      demoMode: true,
      secrets: memorySecrets({ 'plc1.password': 'wrong' }),
    });
    await wrong.connect();
    expect(wrong.state().phase).toBe('disconnected');
    expect(wrong.state().error?.code).toBe('ACCESS_DENIED');

    const missing = gw({
      controller: controller(plant.endpointUrl, { security: secure, userToken: { type: 'username', userName: 'console-ws1', passwordSecret: 'not.stored' } }),
      pkiDir: path.join(tmp.dir, 'pki-users'),
      demoMode: true,
      secrets: memorySecrets(),
    });
    await missing.connect();
    expect(missing.state()).toMatchObject({ phase: 'misconfigured', error: { code: 'CONFIG' } });
    expect(missing.state().error?.message).toContain('not.stored');
  });

  it('delivers a UInt32 rollover and a controller counter reset as they happen, and records a restart gap', async () => {
    const tag = demoNodeRef(1, 'GoodCount');
    const seen: LiveValue[] = [];
    const gaps: LinkGap[] = [];
    const g = gw({ controller: controller(plant.endpointUrl), pkiDir: path.join(tmp.dir, 'pki-counters'), demoMode: true });
    g.subscribe([tag], (v) => seen.push(...v));
    g.onDidCloseGap((gap) => gaps.push(gap));
    await g.connect();
    await waitFor(() => seen.some((v) => v.quality === 'good'), 5000);
    expect(seen.at(-1)!.value).toBe(2 ** 32 - 5);
    plant.advance(5); // 2 parts a second: 10 parts, past the wrap
    const wrapped = plant.currentValues()[0]!.goodCount;
    expect(wrapped).toBeLessThan(10);
    expect(await waitFor(() => seen.at(-1)?.value === wrapped, 5000)).toBe(true);
    plant.resetCounter(1);
    expect(await waitFor(() => seen.at(-1)?.value === 0, 5000)).toBe(true);

    const startBefore = g.state().serverStartTime;
    await plant.restart(300);
    expect(await waitFor(() => gaps.length === 1, 15_000)).toBe(true);
    expect(gaps[0]).toMatchObject({ controllerId: 'plc', seq: 1, serverRestarted: true });
    expect(gaps[0]!.restoredAt).toBeGreaterThan(gaps[0]!.lostAt);
    expect(g.state().serverStartTime).not.toBe(startBefore);
    expect(g.state().lastGap).toEqual(gaps[0]);
    expect(g.state().server?.currentSessionCount).toBe(plant.sessionCount());
  });
});
