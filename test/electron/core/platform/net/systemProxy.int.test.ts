import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import { registerTargetRoutes } from '../../../../../electron/core/platform/net/connectionCheck.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { CmmsTarget, type NetworkSettings } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { makePki, startConnectProxy, startTlsFront, type TestPki } from './support/netRig.ts';

const tmp = makeTempDir();
let pki: TestPki;
beforeAll(() => {
  pki = makePki(tmp.dir);
});
afterAll(() => tmp.cleanup());

const create = (): OutboxSendItem => {
  const id = crypto.randomUUID();
  return { id, kind: 'case.create', orderingKey: `case:${id}`, firstSentAt: Date.now(), attempts: 1, payload: { caseId: id, plantId: 'demo', lineId: 'L1', lineName: 'Line 1', assetId: null, locationId: null, title: 'L1 faulted', description: 'evidence', priority: 2, machineDown: true, malfunctionStart: null, reportedBy: 'Paul', createdAt: new Date().toISOString() } };
};

/**
 * The desktop app's system proxy (electron/main/systemProxy.ts hands the core origin → proxy URL or null):
 * registered through the same registerTargetRoutes startCore uses, a case sent to ServiceNow behind HTTPS,
 * through a real CONNECT proxy process on loopback.
 */
async function rig(network: Partial<NetworkSettings>, env: NodeJS.ProcessEnv, systemProxy: (origin: string) => Record<string, string | null>) {
  const sb = await startServiceNowSandbox();
  const front = await startTlsFront(sb.url, pki);
  const cfg = CmmsTarget.parse({ kind: 'servicenow', baseUrl: front.url, credentialsSecret: 'c', timeoutSec: 10, settleSec: 0, network: { caFile: pki.caFile, ...network } });
  const routes = await registerTargetRoutes({ cmms: cfg }, {}, memorySecrets({}), env, systemProxy(new URL(front.url).origin));
  const c = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'console:demo' }), remoteKeysOf: () => null });
  return { c, route: routes.routes[0]!.route, close: async () => { routes.dispose(); await front.close(); await sb.close(); } };
}

describe("the desktop app's system proxy (issue 16, plant networks)", () => {
  it('with proxy "environment" and no proxy in the environment, the system proxy carries the request', async () => {
    const proxy = await startConnectProxy();
    const r = await rig({ proxy: 'environment' }, {}, (origin) => ({ [origin]: proxy.url }));
    try {
      expect((await r.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(proxy.tunnels).toHaveLength(1);
      expect(r.route).toContain(`through proxy ${proxy.url} (the system's proxy settings)`);
    } finally {
      await r.close();
      await proxy.close();
    }
  });

  it('HTTPS_PROXY in the environment wins over the system proxy; a configured "none" wins over both', async () => {
    const system = await startConnectProxy();
    const envProxy = await startConnectProxy();
    const viaEnv = await rig({ proxy: 'environment' }, { HTTPS_PROXY: envProxy.url }, (origin) => ({ [origin]: system.url }));
    const none = await rig({ proxy: 'none' }, { HTTPS_PROXY: envProxy.url }, (origin) => ({ [origin]: system.url }));
    try {
      expect((await viaEnv.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect((await none.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(envProxy.tunnels).toHaveLength(1);
      expect(system.tunnels).toHaveLength(0);
    } finally {
      await viaEnv.close();
      await none.close();
      await system.close();
      await envProxy.close();
    }
  });

  it('DIRECT from the system goes direct and says so', async () => {
    const r = await rig({ proxy: 'environment' }, {}, (origin) => ({ [origin]: null }));
    try {
      expect((await r.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(r.route).toContain("direct (the system's proxy settings say DIRECT)");
    } finally {
      await r.close();
    }
  });
});
