import { describe, expect, it } from 'vitest';
import { proxyFromPac, resolveSystemProxies, targetUrls } from '../../../electron/main/systemProxy.ts';

describe('system proxy: PAC result strings as Chromium answers resolveProxy', () => {
  it.each([
    ['PROXY proxy.plant.local:3128', { kind: 'proxy', url: 'http://proxy.plant.local:3128' }],
    ['PROXY proxy.plant.local:3128; DIRECT', { kind: 'proxy', url: 'http://proxy.plant.local:3128' }],
    ['PROXY 10.1.2.3:8080;PROXY 10.1.2.4:8080;DIRECT', { kind: 'proxy', url: 'http://10.1.2.3:8080' }],
    ['HTTPS secure-proxy.corp:443', { kind: 'proxy', url: 'https://secure-proxy.corp:443' }],
    ['PROXY [fd00::1]:3128', { kind: 'proxy', url: 'http://[fd00::1]:3128' }],
    ['PROXY proxy.corp', { kind: 'proxy', url: 'http://proxy.corp:80' }],
    ['DIRECT', { kind: 'direct' }],
    ['direct', { kind: 'direct' }],
    ['', { kind: 'direct' }],
    ['SOCKS5 socks.corp:1080; PROXY proxy.corp:8080', { kind: 'proxy', url: 'http://proxy.corp:8080' }],
    ['SOCKS5 socks.corp:1080; DIRECT', { kind: 'direct' }],
    ['SOCKS5 socks.corp:1080', { kind: 'unsupported', pac: 'SOCKS5 socks.corp:1080' }],
    ['PROXY', { kind: 'unsupported', pac: 'PROXY' }],
  ])('%j', (pac, expected) => {
    expect(proxyFromPac(pac)).toEqual(expected);
  });
});

describe('system proxy: the addresses looked up and what the core is handed', () => {
  it('takes ERP and CMMS base URLs and OAuth token endpoints from the configuration, nothing else', () => {
    const config = {
      plant: { id: 'p' },
      erp: { baseUrl: 'https://s4.plant.example/sap/opu/odata/sap', oauth: { tokenUrl: 'https://sub.authentication.eu10.hana.ondemand.com/oauth/token' } },
      cmms: { baseUrl: 'https://acme.service-now.com' },
      controllers: [{ endpoint: 'opc.tcp://plc1:4840' }],
    };
    expect(targetUrls(config)).toEqual(['https://s4.plant.example/sap/opu/odata/sap', 'https://sub.authentication.eu10.hana.ondemand.com/oauth/token', 'https://acme.service-now.com/']);
    expect(targetUrls(null)).toEqual([]);
    expect(targetUrls({ erp: { baseUrl: 'not a url' } })).toEqual([]);
  });

  it('maps each origin to a proxy URL or null (DIRECT); SOCKS-only answers and failed look-ups are left out and reported', async () => {
    const answers: Record<string, string> = {
      'https://erp.example/sap': 'PROXY proxy.plant.local:3128; DIRECT',
      'https://cmms.example/': 'DIRECT',
      'https://socks.example/': 'SOCKS5 s:1080',
    };
    const reports: string[] = [];
    const out = await resolveSystemProxies(
      [...Object.keys(answers), 'https://broken.example/'],
      async (u) => {
        const a = answers[u];
        if (a === undefined) throw new Error('resolver failed');
        return a;
      },
      (msg) => reports.push(msg),
    );
    expect(out).toEqual({ 'https://erp.example': 'http://proxy.plant.local:3128', 'https://cmms.example': null });
    expect(reports).toHaveLength(2);
  });
});
