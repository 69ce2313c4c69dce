import { explainError, explainStatus } from '../../../../../electron/core/platform/opcua/explain.ts';
import { badValue, qualityOf } from '../../../../../electron/core/platform/opcua/mapDataValue.ts';
import { parseNodeRef, withNamespaceIndex } from '../../../../../electron/core/platform/opcua/nodeRef.ts';

describe('explainStatus', () => {
  it.each([
    ['BadCertificateUntrusted', 'CERTIFICATE_UNTRUSTED'],
    ['BadSecurityPolicyRejected', 'SECURITY_POLICY_REJECTED'],
    ['BadUserAccessDenied', 'ACCESS_DENIED'],
    ['BadTooManySessions', 'TOO_MANY_SESSIONS'],
    ['BadCertificateUseNotAllowed', 'CERTIFICATE_USE_NOT_ALLOWED'],
    ['BadNodeIdUnknown', 'NODE_UNKNOWN'],
  ] as const)('%s → %s in plain words', (status, code) => {
    const e = explainStatus(status);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.message).not.toMatch(/^Bad/);
    expect(e.message.length).toBeGreaterThan(20);
  });

  it('keeps an unknown status name, with the fallback code', () => {
    expect(explainStatus('BadSomethingNew', 'WRITE_FAILED')).toEqual({ code: 'WRITE_FAILED', status: 'BadSomethingNew', message: 'The controller answered BadSomethingNew.' });
  });
});

describe('explainError', () => {
  it('finds a status name inside a node-opcua error message', () => {
    const e = explainError(new Error('ServiceFault: BadTooManySessions (0x80560000)\n at …'));
    expect(e).toMatchObject({ code: 'TOO_MANY_SESSIONS', status: 'BadTooManySessions' });
  });

  it('explains socket errors as unreachable', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4840'), { code: 'ECONNREFUSED' });
    expect(explainError(err)).toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/refused/) });
  });

  it('explains a missing endpoint as a security policy the controller does not offer', () => {
    expect(explainError(new Error('Cannot find an Endpoint matching  security mode: SignAndEncrypt policy: http://…#Aes256_Sha256_RsaPss')).code).toBe('SECURITY_POLICY_REJECTED');
  });

  it('falls back to the given code with the first line of the message', () => {
    expect(explainError(new Error('odd\nstack'), 'INTERNAL')).toEqual({ code: 'INTERNAL', message: 'odd' });
  });
});

describe('nodeRef', () => {
  it('parses nsu= references and renders them with an index', () => {
    const p = parseNodeRef('nsu=urn:plant-console:demo-plant;s=Line1.GoodCount');
    expect(p).toEqual({ namespaceUri: 'urn:plant-console:demo-plant', identifier: 's=Line1.GoodCount' });
    expect(withNamespaceIndex(p!, 4)).toBe('ns=4;s=Line1.GoodCount');
    expect(parseNodeRef('nsu=http://opcfoundation.org/UA/;i=2258')?.identifier).toBe('i=2258');
  });

  it('refuses index-based and malformed references', () => {
    expect(parseNodeRef('ns=2;s=Line1.GoodCount')).toBeNull();
    expect(parseNodeRef('nsu=;s=x')).toBeNull();
    expect(parseNodeRef('nsu=urn:x;q=1')).toBeNull();
  });
});

describe('quality', () => {
  it('reads the top two bits of a status code', () => {
    expect(qualityOf(0)).toBe('good');
    expect(qualityOf(0x40000000)).toBe('uncertain');
    expect(qualityOf(0x80340000)).toBe('bad');
    expect(qualityOf(0xc0000000)).toBe('bad');
    expect(badValue('t')).toEqual({ tagId: 't', value: null, quality: 'bad', sourceTs: null, serverTs: null });
  });
});
