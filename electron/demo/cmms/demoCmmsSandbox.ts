import type { FaultRule } from '../erp/faultRules.ts';
import { startMaintainXSandbox } from './maintainXSandbox.ts';
import { startServiceNowSandbox } from './serviceNowSandbox.ts';

/**
 * One demo CMMS sandbox as `npm run sandbox:cmms` and serve's demo start it, with the JSON line that reports
 * where it listens and the demo credentials it accepts (ServiceNow: basic auth console:demo, a bearer token,
 * an OAuth client; MaintainX: an API key). Shared by runCmmsSandbox.ts and runErpSandbox.ts --cmms (serve's
 * demo runs the ERP and the CMMS sandbox in one process: one Node start instead of two).
 */
export async function startDemoCmmsSandbox(kind: 'servicenow' | 'maintainx', port: number, faults: FaultRule[]): Promise<{ close(): Promise<void>; report: string }> {
  if (kind === 'servicenow') {
    const h = await startServiceNowSandbox({ port, faults, oauthClients: { 'plant-console': 'demo-secret' } });
    return { close: h.close, report: JSON.stringify({ name: 'servicenow', url: h.url, adminUrl: h.adminUrl, user: 'console', password: 'demo', token: 'demo-token', oauth: { tokenUrl: `${h.url}/oauth_token.do`, clientId: 'plant-console', clientSecret: 'demo-secret' } }) };
  }
  const h = await startMaintainXSandbox({ port, faults });
  return { close: h.close, report: JSON.stringify({ name: 'maintainx', url: h.url, adminUrl: h.adminUrl, apiKey: 'demo-key' }) };
}
