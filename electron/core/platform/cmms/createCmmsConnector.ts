import type { CmmsTarget } from '../../../../shared/domain/plantConfig.ts';
import type { CmmsConnector, CmmsConnectorOptions } from './cmmsTypes.ts';
import { createMaintainXCmms } from './MaintainXCmms.ts';
import { createServiceNowCmms } from './ServiceNowCmms.ts';
import { createClientCredentials } from '../net/oauthClientCredentials.ts';

/** The connector the plant configuration names; credentials come from the SecretStore only. */
export function createCmmsConnector(cfg: CmmsTarget, o: Omit<CmmsConnectorOptions, 'baseUrl' | 'credentialsSecret' | 'table' | 'organizationId'> & { baseUrlOverride?: string }): CmmsConnector {
  const opts: CmmsConnectorOptions = {
    ...o,
    baseUrl: o.baseUrlOverride ?? cfg.baseUrl,
    credentialsSecret: cfg.credentialsSecret,
    table: cfg.table,
    organizationId: cfg.organizationId,
    timeoutMs: o.timeoutMs ?? cfg.timeoutSec * 1000,
    settleMs: o.settleMs ?? cfg.settleSec * 1000,
  };
  if (cfg.kind === 'servicenow' && cfg.oauth && !opts.token) opts.token = createClientCredentials(cfg.oauth, { secrets: o.secrets, now: o.now, timeoutMs: opts.timeoutMs });
  return cfg.kind === 'servicenow' ? createServiceNowCmms(opts) : createMaintainXCmms(opts);
}
