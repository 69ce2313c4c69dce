import type { ControllerDetail, LinkGapView } from '../../../../shared/contract/domains/connectivity.ts';
import type { ControllerConfig } from '../../../../shared/domain/plantConfig.ts';
import type { ConnectionState } from '../../platform/opcua/opcuaTypes.ts';

/** One controller's link as the settings screen and the header show it. */
export function controllerDetail(c: ControllerConfig, endpoint: string, s: ConnectionState | undefined, gaps: readonly LinkGapView[], now: number): ControllerDetail {
  const e = s?.error ?? null;
  return {
    controllerId: c.id,
    name: c.name,
    endpoint,
    link: s?.phase ?? 'misconfigured',
    since: s?.since ?? now,
    securityMode: c.security.mode,
    securityPolicy: c.security.policy,
    insecure: c.security.policy === 'None',
    staleSince: s?.staleSince ?? null,
    lastHeardAt: s?.lastHeardAt ?? null,
    keepAlivePeriodMs: s?.keepAlivePeriodMs ?? null,
    serverStartTime: s?.serverStartTime ?? null,
    sessions: s?.server
      ? {
          current: s.server.currentSessionCount,
          max: s.server.maxSessions,
          usedByConsole: s.server.sessionsUsedByConsole,
          maxMonitoredItemsPerCall: s.server.maxMonitoredItemsPerCall,
          maxNodesPerRead: s.server.maxNodesPerRead,
        }
      : null,
    recentGaps: [...gaps],
    error: e
      ? {
          code: e.code,
          message: e.message,
          ...(e.status ? { status: e.status } : {}),
          ...(e.certificate ? { certificate: e.certificate } : {}),
          ...(e.offered ? { offered: e.offered } : {}),
          ...(e.ownCertificate ? { ownCertificate: e.ownCertificate } : {}),
        }
      : null,
    userName: c.userToken?.type === 'username' ? c.userToken.userName : null,
  };
}
