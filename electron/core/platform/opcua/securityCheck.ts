import { DEPRECATED_POLICIES, SecurityPolicy as AllowedPolicy, type ControllerConfig } from '../../../../shared/domain/plantConfig.ts';
import type { OpcuaError } from './opcuaTypes.ts';

/** Refuses what the console never does, by name, before any network traffic. */
export function checkSecurity(controller: ControllerConfig, demoMode: boolean): OpcuaError | null {
  const { mode, policy, allowInsecure } = controller.security;
  if ((DEPRECATED_POLICIES as readonly string[]).includes(policy)) {
    return {
      code: 'CONFIG',
      message: `Security policy ${policy} is deprecated and refused. Use Aes256_Sha256_RsaPss, Aes128_Sha256_RsaOaep or Basic256Sha256.`,
    };
  }
  if (!AllowedPolicy.safeParse(policy).success) {
    return { code: 'CONFIG', message: `Unknown security policy "${policy}". Use Aes256_Sha256_RsaPss, Aes128_Sha256_RsaOaep or Basic256Sha256.` };
  }
  if (!['None', 'Sign', 'SignAndEncrypt'].includes(mode)) return { code: 'CONFIG', message: `Unknown security mode "${mode}".` };
  const none = policy === 'None' || mode === 'None';
  if (none && !(policy === 'None' && mode === 'None')) {
    return { code: 'CONFIG', message: 'Security mode None goes only with policy None, and policy None only with mode None.' };
  }
  if (none && !(allowInsecure && demoMode)) {
    return {
      code: 'CONFIG',
      message: 'Security policy None (no encryption, no signing) is allowed only for a demo plant whose controller sets "allowInsecure": true.',
    };
  }
  return null;
}
