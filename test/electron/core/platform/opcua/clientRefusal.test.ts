import { explainRefusal, isBareClose } from '../../../../../electron/core/platform/opcua/clientRefusal.ts';

const own = { subject: 'CN=Plant Operations Console@ws1, O=Plant Operations Console', commonName: 'Plant Operations Console@ws1', sha1: 'A'.repeat(40), sha256: 'B'.repeat(64) };

describe('naming a controller that refuses the console (defect 8)', () => {
  it('a bare close after we presented our certificate: "probably does not trust", with our certificate', () => {
    const closed = new Error('premature socket termination socket has been disconnected by third party');
    const e = explainRefusal(closed, closed, 'SignAndEncrypt', own);
    expect(e.code).toBe('CLIENT_CERTIFICATE_REFUSED');
    expect(e.message).toContain("probably does not trust this console's certificate");
    expect(e.message).toContain(own.sha1);
    expect(e.ownCertificate).toEqual(own);
  });

  it('node-opcua reports a vaguer error later: the channel error decides', () => {
    const e = explainRefusal(new Error('Server Certificate not changed'), new Error('socket has been disconnected by third party'), 'Sign', own);
    expect(e.code).toBe('CLIENT_CERTIFICATE_REFUSED');
  });

  it('BadSecurityChecksFailed from the server is said without doubt', () => {
    const e = explainRefusal(new Error('The connection may have been rejected by server, Err = (BadSecurityChecksFailed)'), null, 'SignAndEncrypt', own);
    expect(e).toMatchObject({ code: 'CLIENT_CERTIFICATE_REFUSED', status: 'BadSecurityChecksFailed' });
    expect(e.message).toMatch(/^The controller does not trust this console's certificate/);
  });

  it('no inference without a certificate presented (None), or for a refused port, a time-out, an unknown host', () => {
    const closed = new Error('socket has been disconnected by third party');
    expect(explainRefusal(closed, closed, 'None', own).code).toBe('UNREACHABLE');
    for (const m of ['connect ECONNREFUSED 127.0.0.1:4840', 'Transaction has timed out', 'getaddrinfo ENOTFOUND plc7']) {
      expect(isBareClose(new Error(m))).toBe(false);
      expect(explainRefusal(new Error(m), new Error(m), 'SignAndEncrypt', own).code).toBe('UNREACHABLE');
    }
  });
});
