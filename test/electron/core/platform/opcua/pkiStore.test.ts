import { expiryWarnings, type StoredCertificate } from '../../../../../electron/core/platform/opcua/pkiStore.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23);
const cert = (state: StoredCertificate['state'], validTo: number, commonName = 'PLC-1'): StoredCertificate => ({
  subject: `CN=${commonName}`,
  issuer: `CN=${commonName}`,
  commonName,
  applicationUri: null,
  validFrom: now - 365 * DAY,
  validTo,
  sha1: commonName.padEnd(40, '0'),
  sha256: ''.padEnd(64, '0'),
  selfSigned: true,
  state,
  file: '',
});

describe('certificate expiry warnings', () => {
  it('warns 30 days ahead for our own and trusted certificates, says when one has expired, ignores rejected ones', () => {
    const w = expiryWarnings([cert('own', now + 10 * DAY, 'console'), cert('trusted', now + 31 * DAY, 'far'), cert('trusted', now - 2 * DAY, 'old'), cert('rejected', now + DAY, 'rej')], now);
    expect(w.map((x) => [x.commonName, x.daysLeft])).toEqual([
      ['console', 10],
      ['old', -2],
    ]);
    expect(w[0]!.message).toBe("The console's own certificate expires in 10 day(s) (2026-12-03).");
    expect(w[1]!.message).toBe('The trusted certificate of "old" expired 2 day(s) ago.');
  });
});
