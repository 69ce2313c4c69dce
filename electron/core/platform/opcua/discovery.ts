import { MessageSecurityMode, OPCUAClient, SecurityPolicy } from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { certificateDer, certificateInfo } from './certificateInfo.ts';
import { CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI } from './clientOptions.ts';
import { policyName, type OfferedEndpoint } from './endpointPolicy.ts';
import type { CertificateInfo } from './opcuaTypes.ts';

export interface Discovered {
  offers: OfferedEndpoint[];
  /** The certificate the server presents on its endpoints (they share one application instance certificate). */
  certificate: CertificateInfo | null;
  certificateDer: Buffer | null;
}

/**
 * GetEndpoints over an unsecured channel (allowed by Part 4 for discovery; nothing but the endpoint list is
 * exchanged and no session is created). Used to explain a refusal: what the controller offers and which
 * certificate it presents.
 */
export async function discoverEndpoints(endpointUrl: string, cm: OPCUACertificateManager, timeoutMs: number): Promise<Discovered | null> {
  const client = OPCUAClient.create({
    applicationName: CLIENT_APPLICATION_NAME,
    applicationUri: CLIENT_APPLICATION_URI,
    clientName: 'plant-console:discovery',
    clientCertificateManager: cm,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    keepSessionAlive: false,
    transportTimeout: timeoutMs,
    defaultTransactionTimeout: timeoutMs,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200, randomisationFactor: 0 },
  });
  try {
    await client.connect(endpointUrl);
    const eps = await client.getEndpoints();
    const offers = eps.map((e) => ({
      mode: MessageSecurityMode[e.securityMode] ?? String(e.securityMode),
      policy: policyName(e.securityPolicyUri),
      securityLevel: e.securityLevel,
    }));
    const raw = eps.find((e) => e.serverCertificate && e.serverCertificate.length > 0)?.serverCertificate ?? null;
    const der = raw ? certificateDer(Buffer.from(raw)) : null;
    return { offers, certificate: der ? certificateInfo(der) : null, certificateDer: der };
  } catch {
    return null;
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}
