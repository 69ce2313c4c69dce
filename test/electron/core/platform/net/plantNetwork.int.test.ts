import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import { httpRequest } from '../../../../../electron/core/platform/erp/httpClient.ts';
import { createNetAgents, registerRoute } from '../../../../../electron/core/platform/net/netAgents.ts';
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

/** ServiceNow sandbox behind HTTPS with the test CA; a connector whose route uses `network`. */
async function rig(network: Partial<NetworkSettings>, opts: { env?: NodeJS.ProcessEnv; requireClientCert?: boolean } = {}) {
  const sb = await startServiceNowSandbox();
  const front = await startTlsFront(sb.url, pki, { requireClientCert: opts.requireClientCert });
  const cfg = CmmsTarget.parse({ kind: 'servicenow', baseUrl: front.url, credentialsSecret: 'c', timeoutSec: 10, settleSec: 0, network });
  const agents = await createNetAgents(cfg.network, { env: opts.env ?? {}, secrets: memorySecrets({}) });
  if (!agents.ok) throw new Error(agents.error);
  const unregister = registerRoute(front.url, agents.value);
  const c = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'console:demo' }), remoteKeysOf: () => null });
  return { sb, front, c, describe: agents.value.describe, close: async () => { unregister(); await front.close(); await sb.close(); } };
}

describe('plant networks: proxy, company CA, client certificate', () => {
  it('through a CONNECT proxy with the company CA trusted, a case reaches ServiceNow', async () => {
    const proxy = await startConnectProxy();
    const r = await rig({ proxy: proxy.url, caFile: pki.caFile });
    try {
      const [out] = await r.c.adapter.send([create()]);
      expect(out?.kind).toBe('done');
      expect(r.sb.admin.records('cases')).toHaveLength(1);
      expect(proxy.tunnels).toEqual([new URL(r.front.url).host]);
      expect(r.describe).toBe(`through proxy ${proxy.url}, 1 company CA from ${pki.caFile}`);
    } finally {
      await r.close();
      await proxy.close();
    }
  });

  it('HTTPS_PROXY from the environment is used; NO_PROXY bypasses it', async () => {
    const proxy = await startConnectProxy();
    const via = await rig({ proxy: 'environment', caFile: pki.caFile }, { env: { HTTPS_PROXY: proxy.url } });
    try {
      expect((await via.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await via.close();
    }
    const direct = await rig({ proxy: 'environment', caFile: pki.caFile }, { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    try {
      expect((await direct.c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await direct.close();
      await proxy.close();
    }
  });

  it.each(['proxy', 'direct'])('without the company CA (%s): nothing is sent, and the status says "certificate not trusted" with the issuer and fingerprint', async (route) => {
    const proxy = await startConnectProxy();
    const r = await rig({ proxy: route === 'proxy' ? proxy.url : 'none' });
    try {
      const [out] = await r.c.adapter.send([create()]);
      expect(out?.kind).toBe('transient');
      const msg = out && 'error' in out ? out.error.message : '';
      expect(msg).toContain('certificate not trusted');
      expect(msg).toContain('CN=Plant Test CA');
      expect(msg).toContain(pki.serverFingerprint);
      expect(r.sb.admin.records('cases')).toHaveLength(0);
      expect(r.sb.admin.counts().requests).toEqual({});
    } finally {
      await r.close();
      await proxy.close();
    }
  });

  it('a server that requires a client certificate accepts the configured one and refuses a console without it', async () => {
    const withCert = await rig({ proxy: 'none', caFile: pki.caFile, clientCertFile: pki.clientCert, clientKeyFile: pki.clientKey }, { requireClientCert: true });
    try {
      expect((await withCert.c.adapter.send([create()]))[0]?.kind).toBe('done');
    } finally {
      await withCert.close();
    }
    const without = await rig({ proxy: 'none', caFile: pki.caFile }, { requireClientCert: true });
    try {
      const [out] = await without.c.adapter.send([create()]);
      expect(out?.kind).not.toBe('done');
      expect(without.sb.admin.records('cases')).toHaveLength(0);
    } finally {
      await without.close();
    }
  });

  it('refuses unusable settings in words', async () => {
    expect(await createNetAgents({ proxy: 'none', systemCa: false, caFile: `${tmp.dir}/missing.pem` })).toMatchObject({ ok: false, error: expect.stringContaining('cannot be read') });
    const raw = await httpRequest({ method: 'GET', url: 'https://127.0.0.1:1/', timeoutMs: 2000 });
    expect(raw).toMatchObject({ ok: false, error: { phase: 'notSent' } });
  });
});
