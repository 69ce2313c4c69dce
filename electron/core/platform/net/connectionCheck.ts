import type { ConnectionCheckLine } from '../../../../shared/contract/domains/system.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { httpRequest } from '../erp/httpClient.ts';
import { createNetAgents, registerRoute } from './netAgents.ts';
import { explainRequestFailure } from './explainFailure.ts';
import { msg } from '../../../../shared/i18n/index.ts';

export type CheckLine = ConnectionCheckLine;

/**
 * What an ERP or CMMS adapter adds to a connection check: sign-in, the service definition has what the
 * console needs, the read-back probe works. Each adapter fills it for its own system (ServiceNow and
 * MaintainX in platform/cmms; SAP's $metadata and $filter probes in SapOdataErp); the generic network part
 * (reachable, TLS, proxy) is `probeNetwork` below.
 */
export interface ConnectionCheckable {
  check(): Promise<CheckLine[]>;
}
export function checkOf(x: unknown): (() => Promise<CheckLine[]>) | null {
  const f = (x as Partial<ConnectionCheckable> | null | undefined)?.check;
  return typeof f === 'function' ? () => f.call(x) : null;
}

/** Reachable at all, and through TLS we trust: any HTTP answer counts, whatever its status. */
export async function probeNetwork(baseUrl: string, timeoutMs: number): Promise<CheckLine> {
  const u = new URL(baseUrl);
  const r = await httpRequest({ method: 'GET', url: u.href, headers: { accept: '*/*' }, timeoutMs });
  if (r.ok) return { step: 'network', ok: true, text: `${u.host} answers${u.protocol === 'https:' ? ' over a trusted TLS connection' : ' (plain http, not encrypted)'}`, msg: msg('check.networkOk', { host: u.host, tls: u.protocol === 'https:' ? 'yes' : 'no' }) };
  // What happened and what to do in the reader's language; the library's words for the administrator.
  const x = explainRequestFailure(u.host, { code: r.error.code ?? null, message: r.error.message });
  if (r.error.code === 'CERT_UNTRUSTED') return { step: 'network', ok: false, text: `${u.host}: ${r.error.message}`, msg: x.msg, technical: x.technical };
  return { step: 'network', ok: false, text: `${u.host} cannot be reached: ${r.error.message}`, msg: x.msg, technical: x.technical };
}

export interface TargetRoutes {
  /** Per target: the route in words, or why its network settings cannot be used. */
  routes: { target: 'erp' | 'cmms'; address: string; route: string; problem: string | null }[];
  dispose(): void;
}

/**
 * At start-up: one set of agents (proxy, CAs, client certificate) per configured ERP/CMMS target, registered
 * for its address and for its OAuth token endpoint, so every request to them takes the configured route.
 */
export async function registerTargetRoutes(config: Pick<PlantConfig, 'erp' | 'cmms'>, addresses: { erp?: string; cmms?: string }, secrets: { read(name: string): Promise<import('../../../../shared/result.ts').Result<string, 'NOT_FOUND' | 'UNAVAILABLE'>> }, env: NodeJS.ProcessEnv = process.env, systemProxies: Readonly<Record<string, string | null>> = {}): Promise<TargetRoutes> {
  const systemProxyOf = (u: string): string | null | undefined => systemProxies[new URL(u).origin];
  const undo: (() => void)[] = [];
  const routes: TargetRoutes['routes'] = [];
  for (const target of ['erp', 'cmms'] as const) {
    const t = config[target];
    if (!t) continue;
    const address = addresses[target] ?? t.baseUrl;
    const a = await createNetAgents(t.network, { env, secrets, systemProxy: systemProxyOf(address) });
    if (!a.ok) {
      routes.push({ target, address, route: '', problem: a.error });
      continue;
    }
    undo.push(registerRoute(address, a.value));
    if (t.oauth && new URL(t.oauth.tokenUrl).origin !== new URL(address).origin) {
      const b = await createNetAgents(t.network, { env, secrets, systemProxy: systemProxyOf(t.oauth.tokenUrl) });
      if (b.ok) undo.push(registerRoute(t.oauth.tokenUrl, b.value));
    }
    routes.push({ target, address, route: a.value.describe, problem: null });
  }
  return { routes, dispose: () => undo.forEach((f) => f()) };
}
