import fs from 'node:fs';
import path from 'node:path';
import { openPkiStore } from '../../../electron/core/platform/opcua/pkiStore.ts';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { controller, makeGateway, sleep, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * T18: untrusted and then rotated server certificate, production mode. The first connection is refused and
 * the certificate lands in the app PKI's rejected/ folder with its thumbprint on the error; an administrator
 * trusts it through the app's own store; after a certificate rotation the controller is refused again.
 */
export async function runT18(opts: { rotations: number }): Promise<RowResult> {
  const tmp = tempDir('t18-');
  const pkiDir = path.join(tmp.dir, 'client-pki');
  const plant = await startDemoPlant({ port: 0, autoTick: false, endpointSet: 'secure', pkiDir: path.join(tmp.dir, 'sim-pki') });
  const g = makeGateway({
    controller: controller(plant.endpointUrl, { security: { mode: 'SignAndEncrypt', policy: 'Aes256_Sha256_RsaPss', allowInsecure: false } }),
    pkiDir,
    demoMode: false,
    timing: { retryDelayMs: 200, maxDelayMs: 500 },
  });
  const pki = await openPkiStore(pkiDir);
  let autoAccepted = 0;
  let thumbprintShown = 0;
  let rejectedListed = 0;
  let cleared = 0;
  const clearTimes: number[] = [];
  const rounds = 1 + opts.rotations;
  try {
    for (let r = 0; r < rounds; r++) {
      if (r > 0) {
        await plant.rotateCertificate();
        // The running session may survive a restart of the listener only if trust was automatic: it must not.
        await waitFor(() => g.state().phase !== 'connected', 15_000);
      } else await g.connect();
      const refused = await waitFor(() => g.state().error?.code === 'CERTIFICATE_UNTRUSTED', 15_000);
      if (!refused) {
        if (g.state().phase === 'connected') autoAccepted++;
        continue;
      }
      const shown = g.state().error?.certificate;
      const listed = pki.list(Date.now()).rejected;
      if (shown && /^[0-9A-F]{40}$/.test(shown.sha1) && /^[0-9A-F]{64}$/.test(shown.sha256)) thumbprintShown++;
      if (shown && listed.some((c) => c.sha1 === shown.sha1)) rejectedListed++;
      // Not reconnecting in a loop: it stays refused until someone acts.
      await sleep(600);
      if (g.state().phase === 'connected') autoAccepted++;
      if (!shown) continue;
      const t0 = Date.now();
      const trusted = await pki.trust(shown.sha1);
      if (!trusted.ok) continue;
      void g.connect();
      if (await waitFor(() => g.state().phase === 'connected', 15_000)) {
        cleared++;
        clearTimes.push((Date.now() - t0) / 1000);
      }
    }
    if (!fs.existsSync(path.join(pkiDir, 'rejected'))) rejectedListed = 0;
  } finally {
    await g.dispose();
    await pki.dispose();
    await plant.stop();
    tmp.cleanup();
  }
  return {
    row: 'T18',
    pass: autoAccepted === 0 && thumbprintShown === rounds && rejectedListed === rounds && cleared === rounds,
    figures: [
      { name: 'auto_accepted', value: autoAccepted, target: '0' },
      { name: 'thumbprint_shown', value: `${thumbprintShown}/${rounds}`, target: `${rounds}/${rounds}` },
      { name: 'listed_as_rejected', value: `${rejectedListed}/${rounds}`, target: `${rounds}/${rounds}` },
      { name: 'trusted_then_connected', value: `${cleared}/${rounds}`, target: `${rounds}/${rounds}` },
      { name: 'time_to_clear_error_s_max', value: clearTimes.length ? Math.max(...clearTimes) : 'n/a', report: true },
    ],
  };
}
