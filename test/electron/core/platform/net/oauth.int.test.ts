import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import type { OutboxSendItem } from '../../../../../electron/core/platform/outbox/outboxTypes.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { CmmsTarget } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';

const create = (): OutboxSendItem => {
  const id = crypto.randomUUID();
  return { id, kind: 'case.create', orderingKey: `case:${id}`, firstSentAt: Date.now(), attempts: 1, payload: { caseId: id, plantId: 'demo', lineId: 'L1', lineName: 'Line 1', assetId: null, locationId: null, title: 'L1 faulted', description: 'evidence', priority: 2, machineDown: true, malfunctionStart: null, reportedBy: 'Paul', createdAt: new Date().toISOString() } };
};
const SECRET = 's3cr3t-client-value';

async function rig(tokenTtlS: number, secret = SECRET) {
  const sb = await startServiceNowSandbox({ oauthClients: { 'plant-console': SECRET }, tokens: [], users: [], tokenTtlS });
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const cfg = CmmsTarget.parse({ kind: 'servicenow', baseUrl: sb.url, credentialsSecret: 'unused', timeoutSec: 5, settleSec: 0, oauth: { tokenUrl: `${sb.url}/oauth_token.do`, clientId: 'plant-console', clientSecretSecret: 'sn-oauth' } });
  const c = createCmmsConnector(cfg, { secrets: memorySecrets({ 'sn-oauth': secret }), remoteKeysOf: () => null, now: clock.now });
  const tokenRequests = () => sb.admin.counts().requests['POST /oauth_token.do'] ?? 0;
  return { sb, c, clock, tokenRequests };
}

describe('OAuth 2.0 client credentials (ServiceNow)', () => {
  it('fetches a token once, reuses it, and fetches the next one before the first expires', async () => {
    const { sb, c, clock, tokenRequests } = await rig(120);
    try {
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(tokenRequests()).toBe(1);
      clock.advance(100_000); // 100 s of a 120 s token: still good, still cached
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(tokenRequests()).toBe(1);
      clock.advance(9_000); // 109 s: inside the last tenth, a new token before expiry
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(tokenRequests()).toBe(2);
      expect(sb.admin.records('cases')).toHaveLength(4);
    } finally {
      await sb.close();
    }
  });

  it('a token the server no longer accepts (401) is dropped and a new one fetched on the next attempt', async () => {
    const { sb, c, tokenRequests } = await rig(1);
    try {
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      await new Promise((r) => setTimeout(r, 1_200)); // the server's clock runs out the token; ours did not move
      const [refused] = await c.adapter.send([create()]);
      expect(refused).toMatchObject({ kind: 'config', error: { httpStatus: 401 } });
      expect((await c.adapter.send([create()]))[0]?.kind).toBe('done');
      expect(tokenRequests()).toBe(2);
    } finally {
      await sb.close();
    }
  });

  it('a wrong client secret parks the item with a plain message that holds no secret', async () => {
    const { sb, c } = await rig(120, 'wrong-secret-value');
    try {
      const [out] = await c.adapter.send([create()]);
      expect(out?.kind).toBe('config');
      const msg = out && 'error' in out ? out.error.message : '';
      expect(msg).toContain('refused the client "plant-console" (invalid_client');
      expect(msg).not.toContain('wrong-secret-value');
      expect(sb.admin.records('cases')).toHaveLength(0);
    } finally {
      await sb.close();
    }
  });

  it('MaintainX takes no OAuth settings', () => {
    expect(CmmsTarget.safeParse({ kind: 'maintainx', baseUrl: 'https://api.getmaintainx.com', credentialsSecret: 'k', oauth: { tokenUrl: 'https://x/t', clientId: 'a', clientSecretSecret: 'b' } }).success).toBe(false);
  });
});
