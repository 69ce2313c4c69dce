import { runCertificateChanged, runCertificateRefused } from './rows/controllerCertificateFaults.ts';
import { rowLine } from './rows/support.ts';

/** Fault matrix (issue 14): controller refusing the console's certificate; controller restart with a changed certificate. */
it('CERT-REFUSED: a controller refusing the console with a bare close is named, paced ≤ 1/s, and recovers', async () => {
  const r = await runCertificateRefused();
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 180_000);

it('CERT-CHANGED: a controller restarted with a new certificate is named with its thumbprint, paced ≤ 1/s, and recovers once trusted', async () => {
  const r = await runCertificateChanged();
  console.log(rowLine(r));
  expect(r.pass, rowLine(r)).toBe(true);
}, 180_000);
