import { readFileSync } from 'node:fs';
import { UserTokenType, type UserIdentityInfo } from 'node-opcua-client';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { certificateDer } from './certificateInfo.ts';
import { ownCertificateSummary, type OwnCertificateSummary } from './clientRefusal.ts';
import { discoverEndpoints } from './discovery.ts';
import { chooseEndpoint } from './endpointPolicy.ts';
import type { GatewayShared } from './gatewayState.ts';
import type { OpcuaError } from './opcuaTypes.ts';
import { ensureOwnCertificate } from './ownCertificate.ts';

/** The gateway's certificate store, its user identity, and what a refused connection gets added for a person. */
export interface GatewayCertificates {
  /** The client PKI (created on first use; trust lists reloaded after certificate trouble). */
  ensureManager(): Promise<OPCUACertificateManager>;
  manager(): OPCUACertificateManager | null;
  /** The last attempt failed on trust: reload the trust lists before the next one. */
  setTrouble(trouble: boolean): void;
  /** The console's own certificate, once the store exists (for "the controller probably does not trust us"). */
  own(): OwnCertificateSummary | null;
  userIdentity(): Promise<Result<UserIdentityInfo, OpcuaError>>;
  /** Adds what the controller offers / presents to a refusal, so a person can act on it. */
  enrich(error: OpcuaError, cm: OPCUACertificateManager): Promise<OpcuaError>;
  dispose(): Promise<void>;
}

export function createGatewayCertificates(g: GatewayShared): GatewayCertificates {
  const { controller, options } = g;
  let manager: OPCUACertificateManager | null = null;
  let trouble = false;
  let own: OwnCertificateSummary | null = null;

  return {
    async ensureManager() {
      if (manager) {
        // An administrator may have trusted a certificate since the last attempt (another manager wrote the file).
        if (trouble) await manager.reloadCertificates().catch(() => undefined);
        return manager;
      }
      const cm = new OPCUACertificateManager({ rootFolder: options.pkiDir, automaticallyAcceptUnknownCertificate: g.demoMode });
      await cm.initialize();
      await ensureOwnCertificate(cm);
      own = ownCertificateSummary(cm.rootDir);
      manager = cm;
      return cm;
    },
    manager: () => manager,
    setTrouble(t) {
      trouble = t;
    },
    own: () => own,

    async userIdentity() {
      const token = controller.userToken ?? { type: 'anonymous' as const };
      if (token.type === 'anonymous') return okResult({ type: UserTokenType.Anonymous });
      if (!options.secrets) return errResult({ code: 'CONFIG', message: 'This controller needs a stored secret, but no secret store is available.' });
      if (token.type === 'username') {
        const pw = await options.secrets.read(token.passwordSecret);
        if (!pw.ok) {
          return errResult({ code: 'CONFIG', message: `The password "${token.passwordSecret}" for this controller is ${pw.error === 'NOT_FOUND' ? 'not stored on this workstation' : 'unavailable'}.` });
        }
        return okResult({ type: UserTokenType.UserName, userName: token.userName, password: pw.value });
      }
      // X.509 user token: the certificate file is public; its private key is a secret.
      let der: Buffer | null;
      try {
        der = certificateDer(readFileSync(token.certificateFile));
      } catch (e) {
        return errResult({ code: 'CONFIG', message: `The user certificate ${token.certificateFile} cannot be read: ${(e as Error).message}` });
      }
      if (!der) return errResult({ code: 'CONFIG', message: `${token.certificateFile} holds no X.509 certificate (PEM or DER).` });
      const key = await options.secrets.read(token.privateKeySecret);
      if (!key.ok) return errResult({ code: 'CONFIG', message: `The private key "${token.privateKeySecret}" for the user certificate is not stored on this workstation.` });
      return okResult({ type: UserTokenType.Certificate, certificateData: der, privateKey: key.value } as UserIdentityInfo);
    },

    async enrich(error, cm) {
      if (error.code !== 'CERTIFICATE_UNTRUSTED' && error.code !== 'SECURITY_POLICY_REJECTED') return error;
      const found = await discoverEndpoints(g.endpoint, cm, Math.min(g.timing.defaultTransactionTimeoutMs, 5000));
      if (!found) return error;
      if (error.code === 'SECURITY_POLICY_REJECTED') {
        const choice = chooseEndpoint(found.offers, { allowNone: g.demoMode && controller.security.allowInsecure, allowSignOnly: controller.security.mode === 'Sign' });
        const offered = [...new Set(found.offers.map((o) => (o.mode === 'None' ? 'None' : `${o.mode}/${o.policy}`)))];
        const configured = `${controller.security.mode}/${controller.security.policy}`;
        const message = choice.ok
          ? `The controller does not offer ${configured}. It offers ${offered.join(', ')}; the best the console accepts is ${choice.mode}/${choice.policy}.`
          : choice.message;
        return { ...error, message, offered };
      }
      if (found.certificate) {
        const c = found.certificate;
        return {
          ...error,
          certificate: c,
          message: `The controller's certificate "${c.commonName}" (SHA-1 ${c.sha1}) is not trusted. An administrator can check it and trust it in Settings → Certificates.`,
        };
      }
      return error;
    },

    async dispose() {
      if (manager) await manager.dispose().catch(() => undefined);
      manager = null;
    },
  };
}
