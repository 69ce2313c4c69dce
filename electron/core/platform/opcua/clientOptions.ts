import { MessageSecurityMode, SecurityPolicy, type OPCUAClientOptions } from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import type { ControllerConfig } from '../../../../shared/domain/plantConfig.ts';

/**
 * Every node-opcua client option that matters, set explicitly (opcua-notes §1, matrix rule 5). Kept apart
 * from the gateway so a snapshot test (T17) can fail on any option left to the library's permissive default.
 */

export const CLIENT_APPLICATION_NAME = 'Plant Operations Console';
export const CLIENT_APPLICATION_URI = 'urn:plant-console:opcua-client';

export interface ClientTiming {
  firstConnectMaxRetry: number;
  initialDelayMs: number;
  maxDelayMs: number;
  requestedSessionTimeoutMs: number;
  transportTimeoutMs: number;
  defaultTransactionTimeoutMs: number;
  keepAliveIntervalMs: number;
  subscriptionLifetimeMs: number;
}

/** The options rule 5 says must never be left at the library default. */
export const EXPLICIT_CLIENT_OPTIONS = [
  'applicationName',
  'applicationUri',
  'clientCertificateManager',
  'securityMode',
  'securityPolicy',
  'endpointMustExist',
  'keepSessionAlive',
  'keepAliveInterval',
  'requestedSessionTimeout',
  'transportTimeout',
  'defaultTransactionTimeout',
  'connectionStrategy',
] as const;

export function buildClientOptions(controller: ControllerConfig, cm: OPCUACertificateManager, timing: ClientTiming): OPCUAClientOptions {
  return {
    applicationName: CLIENT_APPLICATION_NAME,
    applicationUri: CLIENT_APPLICATION_URI,
    clientName: `plant-console:${controller.id}`,
    clientCertificateManager: cm,
    securityMode: MessageSecurityMode[controller.security.mode as keyof typeof MessageSecurityMode],
    securityPolicy: SecurityPolicy[controller.security.policy as keyof typeof SecurityPolicy],
    endpointMustExist: true,
    keepSessionAlive: true,
    keepAliveInterval: timing.keepAliveIntervalMs,
    // At least the subscription lifetime, else node-opcua warns (W09) and the server drops the session first.
    requestedSessionTimeout: Math.max(timing.requestedSessionTimeoutMs, timing.subscriptionLifetimeMs),
    transportTimeout: timing.transportTimeoutMs,
    defaultTransactionTimeout: timing.defaultTransactionTimeoutMs,
    connectionStrategy: {
      // 0 would also switch off node-opcua's reconnection once connected (reconnectOnFailure), so at least 1.
      maxRetry: Math.max(1, timing.firstConnectMaxRetry),
      // node-opcua's TCP retries inside one attempt (a refused or unreachable port): 1 s apart in the shipped timing
      // (MIN_CONTACT_INTERVAL_MS); every secure-channel open, the storm path, waits in contactGate.ts besides.
      initialDelay: timing.initialDelayMs,
      maxDelay: timing.maxDelayMs,
      randomisationFactor: 0.1,
    },
  };
}
