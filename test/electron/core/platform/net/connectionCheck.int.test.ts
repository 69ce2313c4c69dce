import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { createCmmsConnector } from '../../../../../electron/core/platform/cmms/createCmmsConnector.ts';
import { checkOf, probeNetwork, registerTargetRoutes } from '../../../../../electron/core/platform/net/connectionCheck.ts';
import { createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { startMaintainXSandbox } from '../../../../../electron/demo/cmms/maintainXSandbox.ts';
import { startServiceNowSandbox } from '../../../../../electron/demo/cmms/serviceNowSandbox.ts';
import { CmmsTarget } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { makePki, startTlsFront } from './support/netRig.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('connection check: one plain line per answer', () => {
  it('ServiceNow: signed in, table readable, read-back query understood; a wrong password says so', async () => {
    const sb = await startServiceNowSandbox();
    try {
      const cfg = CmmsTarget.parse({ kind: 'servicenow', baseUrl: sb.url, credentialsSecret: 'c' });
      const good = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'console:demo' }), remoteKeysOf: () => null });
      const lines = await good.check();
      expect(lines.map((l) => [l.step, l.ok])).toEqual([['signIn', true], ['definition', true], ['readBack', true]]);
      expect(renderMessage(lines[2]!.msg!, 'de')).toMatch(/^Fälle werden über ihre Korrelations-ID wiedergefunden/);
      const bad = createCmmsConnector(cfg, { secrets: memorySecrets({ c: 'console:wrong' }), remoteKeysOf: () => null });
      const refused = await bad.check();
      expect(refused).toMatchObject([{ step: 'signIn', ok: false, text: 'ServiceNow refused the sign-in with the stored account (401); check the account in settings' }]);
      expect(renderMessage(refused[0]!.msg!, 'de')).toBe('ServiceNow hat die Anmeldung mit dem gespeicherten Konto abgelehnt; prüfen Sie das Konto in den Einstellungen.');
      expect(renderMessage(lines[0]!.msg!, 'de')).toBe('Bei ServiceNow angemeldet mit dem gespeicherten Konto');
      const none = createCmmsConnector(cfg, { secrets: memorySecrets({}), remoteKeysOf: () => null });
      expect((await none.check())[0]?.text).toContain('no ServiceNow credentials stored under "c"');
      expect(checkOf(good)).not.toBeNull();
    } finally {
      await sb.close();
    }
  });

  it('MaintainX: signed in, work orders listed, read by id; a wrong key says where to get one', async () => {
    const sb = await startMaintainXSandbox();
    try {
      const cfg = CmmsTarget.parse({ kind: 'maintainx', baseUrl: sb.url, credentialsSecret: 'k' });
      const good = createCmmsConnector(cfg, { secrets: memorySecrets({ k: 'demo-key' }), remoteKeysOf: () => null });
      expect((await good.check()).map((l) => [l.step, l.ok])).toEqual([['signIn', true], ['definition', true], ['readBack', null]]);
      await fetch(`${sb.url}/v1/workorders`, { method: 'POST', headers: { authorization: 'Bearer demo-key', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'first' }) });
      expect((await good.check()).map((l) => [l.step, l.ok])).toEqual([['signIn', true], ['definition', true], ['readBack', true]]);
      const bad = createCmmsConnector(cfg, { secrets: memorySecrets({ k: 'nope' }), remoteKeysOf: () => null });
      expect((await bad.check())[0]?.text).toContain('Settings > Integrations > API Keys');
    } finally {
      await sb.close();
    }
  });

  it('REST ERP: signed in, confirmations readable by reference; a wrong key says so', async () => {
    const sb = await startRestErpSandbox();
    try {
      const mk = (key: string) => createRestErp({ baseUrl: sb.url, plant: '1710', credentialsSecret: 'e', secrets: memorySecrets({ e: key }), batchSize: 10 });
      const good = checkOf(mk('demo-key'));
      expect(good).not.toBeNull();
      const lines = await good!();
      expect(lines.map((l) => [l.step, l.ok])).toEqual([['signIn', true], ['definition', true], ['readBack', true]]);
      // Each line in the reader's language; the English text as it was.
      expect(lines.map((l) => l.msg && renderMessage(l.msg, 'de'))).toEqual(['Mit dem API-Schlüssel angemeldet', 'Rückmeldungen lassen sich über ihre Referenz lesen', 'Rückmeldungen werden über ihre Referenz wiedergefunden: Eine Referenz, die niemand hat, liefert nichts']);
      expect(lines[0]!.text).toBe('Signed in with the API key');
      const wrong = (await checkOf(mk('wrong'))!())[0]!;
      expect(wrong).toMatchObject({ step: 'signIn', ok: false });
      expect(renderMessage(wrong.msg!, 'de')).toBe('Das ERP hat den API-Schlüssel abgelehnt; prüfen Sie ihn in den Einstellungen.');
    } finally {
      await sb.close();
    }
  });

  it('network: reachable over trusted TLS with the configured CA; untrusted and unreachable in words; unusable settings named', async () => {
    const pki = makePki(tmp.dir);
    const sb = await startServiceNowSandbox();
    const front = await startTlsFront(sb.url, pki);
    try {
      const bare = await probeNetwork(front.url, 5000);
      expect(bare.ok).toBe(false);
      expect(bare.text).toContain('certificate not trusted');
      // In words for a person (issue 18): the certificate is not trusted, nothing was sent, who can fix it; the issuer and code for the administrator.
      expect(bare.msg?.key).toBe('net.certUntrusted');
      expect(renderMessage(bare.msg!, 'de')).toMatch(/vertraut dem Zertifikat .* nicht und hat deshalb nichts gesendet/);
      expect(bare.technical).toContain('certificate not trusted');
      const base = { kind: 'servicenow', credentialsSecret: 'c' } as const;
      const routes = await registerTargetRoutes({ cmms: CmmsTarget.parse({ ...base, baseUrl: front.url, network: { proxy: 'none', caFile: pki.caFile } }) }, {}, memorySecrets({}), {});
      try {
        expect(routes.routes).toEqual([{ target: 'cmms', address: front.url, route: `direct, 1 company CA from ${pki.caFile}`, problem: null }]);
        expect(await probeNetwork(front.url, 5000)).toMatchObject({ step: 'network', ok: true, text: `${new URL(front.url).host} answers over a trusted TLS connection` });
      } finally {
        routes.dispose();
      }
      const broken = await registerTargetRoutes({ cmms: CmmsTarget.parse({ ...base, baseUrl: front.url, network: { caFile: `${tmp.dir}/none.pem` } }) }, {}, memorySecrets({}), {});
      expect(broken.routes[0]?.problem).toContain('cannot be read');
      const down = await probeNetwork('http://127.0.0.1:1', 2000);
      expect(down.text).toContain('cannot be reached: could not reach the server (the server refused the connection (ECONNREFUSED))');
    } finally {
      await front.close();
      await sb.close();
    }
  });
});
