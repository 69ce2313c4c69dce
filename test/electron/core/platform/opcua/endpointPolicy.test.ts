import { chooseEndpoint, policyName } from '../../../../../electron/core/platform/opcua/endpointPolicy.ts';

const offer = (mode: string, policy: string, securityLevel = 0) => ({ mode, policy, securityLevel });

describe('endpoint selection (opcua-notes §2)', () => {
  it('prefers Aes256_Sha256_RsaPss, then Aes128_Sha256_RsaOaep, then Basic256Sha256, SignAndEncrypt before Sign', () => {
    const offers = [offer('SignAndEncrypt', 'Basic256Sha256', 9), offer('Sign', 'Aes256_Sha256_RsaPss', 5), offer('SignAndEncrypt', 'Aes128_Sha256_RsaOaep', 3), offer('None', 'None', 0)];
    expect(chooseEndpoint(offers, { allowNone: false, allowSignOnly: true })).toMatchObject({ ok: true, mode: 'SignAndEncrypt', policy: 'Aes128_Sha256_RsaOaep' });
    expect(chooseEndpoint([offer('Sign', 'Aes256_Sha256_RsaPss')], { allowNone: false, allowSignOnly: false }).ok).toBe(false);
  });

  it('uses the server securityLevel only to break ties', () => {
    const r = chooseEndpoint([offer('SignAndEncrypt', 'Basic256Sha256', 1), offer('SignAndEncrypt', 'Basic256Sha256', 7)], { allowNone: false, allowSignOnly: false });
    expect(r.ok && r.ranked[0]!.securityLevel).toBe(7);
  });

  it('refuses a controller below the policy floor and lists what it offers, naming the deprecated policies', () => {
    const r = chooseEndpoint([offer('None', 'None'), offer('SignAndEncrypt', 'Basic128Rsa15'), offer('Sign', 'Basic256')], { allowNone: false, allowSignOnly: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.offered).toEqual(['None', 'SignAndEncrypt/Basic128Rsa15', 'Sign/Basic256']);
    expect(r.message).toContain('offers only None, SignAndEncrypt/Basic128Rsa15, Sign/Basic256');
    expect(r.message).toMatch(/Basic128Rsa15 and Basic256 are deprecated and refused/);
  });

  it('accepts None only when the demo plant allows it', () => {
    expect(chooseEndpoint([offer('None', 'None')], { allowNone: true, allowSignOnly: false })).toMatchObject({ ok: true, mode: 'None' });
    expect(chooseEndpoint([offer('None', 'None')], { allowNone: false, allowSignOnly: false }).ok).toBe(false);
  });

  it('reads the policy name from its URI', () => {
    expect(policyName('http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss')).toBe('Aes256_Sha256_RsaPss');
    expect(policyName(null)).toBe('None');
  });
});
