import path from 'node:path';
import { openPkiStore } from '../../../electron/core/platform/opcua/pkiStore.ts';
import type { ConnectionState } from '../../../electron/core/platform/opcua/opcuaTypes.ts';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { collectingLogger, controller, makeGateway, sleep, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * Fault-matrix rows of issue 14 for controller certificates, with the shipped back-off (not the rows' fast one):
 *  - CERT-REFUSED: the controller stops trusting the console and refuses it with a bare close (open62541);
 *  - CERT-CHANGED: the controller restarts with a new certificate the console does not trust yet.
 * Each must end in a state a person can read (words, no stack trace), with at most one attempt a second as the
 * controller counts them, and connect again once the trust is fixed, without a restart of the console.
 */

const SHIPPED = { initialDelayMs: 1000, maxDelayMs: 10_000, retryDelayMs: 5000 };
const OBSERVE_MS = 12_000;

/** Attempts from connection times: connections within 300 ms form one attempt (GetEndpoints, then the channel). */
export function attemptsOf(times: readonly number[]): number[] {
  const out: number[] = [];
  for (const t of [...times].sort((a, b) => a - b)) if (out.length === 0 || t - out.at(-1)! > 300) out.push(t);
  return out;
}

/** Most attempts in any window shorter than a second (50 ms slack for timer jitter). */
export function maxPerSecond(times: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! - times[i]! < 950; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

/** A message a person can read: words, no stack frames, no JSON, no bare status dump. */
export function readable(s: ConnectionState): boolean {
  const m = s.error?.message ?? '';
  return m.length > 20 && !/\n\s+at |Error:|[{}[\]]|\bundefined\b|\bnull\b/.test(m);
}

export async function runCertificateRefused(): Promise<RowResult> {
  const tmp = tempDir('cert-refused-');
  const plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  const g = makeGateway({
    controller: controller(plant.endpointUrl, { security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', allowInsecure: false } }),
    pkiDir: path.join(tmp.dir, 'client-pki'),
    demoMode: true,
    logger: collectingLogger(),
    timing: SHIPPED,
  });
  try {
    await g.connect();
    const connectedFirst = g.state().phase === 'connected';
    plant.refuseClientCertificates(true);
    const from = Date.now();
    await plant.restart();
    const named = await waitFor(() => g.state().error?.code === 'CLIENT_CERTIFICATE_REFUSED', 20_000);
    await sleep(Math.max(0, OBSERVE_MS - (Date.now() - from)));
    const s = g.state();
    const refused = plant.contactLog().refused.filter((t) => t >= from);
    const perSecond = maxPerSecond(refused);
    const ok = readable(s) && /probably does not trust this console's certificate/.test(s.error?.message ?? '') && !!s.error?.ownCertificate;
    plant.refuseClientCertificates(false);
    const t0 = Date.now();
    await g.connect(); // what trusting it on the controller and pressing nothing else leads to: the next attempt
    const back = await waitFor(() => g.state().phase === 'connected', 30_000);
    return {
      row: 'CERT-REFUSED',
      pass: connectedFirst && named && ok && perSecond <= 1 && refused.length <= OBSERVE_MS / 1000 && back,
      figures: [
        { name: 'refused_attempts', value: refused.length, target: `≤ ${OBSERVE_MS / 1000} in ${OBSERVE_MS / 1000} s` },
        { name: 'max_attempts_per_s', value: perSecond, target: '≤ 1' },
        { name: 'gaps_ms', value: refused.slice(1).map((t, i) => t - refused[i]!).join('/'), report: true },
        { name: 'named_for_a_person', value: named && ok ? 'yes' : `no: ${s.error?.message ?? s.phase}`, target: 'yes' },
        { name: 'connected_after_trust_s', value: back ? (Date.now() - t0) / 1000 : 'never', target: 'yes' },
      ],
    };
  } finally {
    await g.dispose();
    await plant.stop();
    tmp.cleanup();
  }
}

export async function runCertificateChanged(): Promise<RowResult> {
  const tmp = tempDir('cert-changed-');
  const pkiDir = path.join(tmp.dir, 'client-pki');
  const plant = await startDemoPlant({ port: 0, autoTick: false, endpointSet: 'secure', pkiDir: path.join(tmp.dir, 'sim-pki') });
  const g = makeGateway({
    controller: controller(plant.endpointUrl, { security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', allowInsecure: false } }),
    pkiDir,
    demoMode: false,
    logger: collectingLogger(),
    timing: SHIPPED,
  });
  const pki = await openPkiStore(pkiDir);
  try {
    // Commissioning: refused once, trusted by an administrator, connected.
    await g.connect();
    const first = g.state().error?.certificate?.sha1;
    if (first) await pki.trust(first);
    await g.connect();
    const connectedFirst = await waitFor(() => g.state().phase === 'connected', 20_000);

    const from = Date.now();
    await plant.rotateCertificate(500);
    const named = await waitFor(() => g.state().error?.code === 'CERTIFICATE_UNTRUSTED' && !!g.state().error?.certificate, 30_000);
    await sleep(Math.max(0, OBSERVE_MS - (Date.now() - from)));
    const s = g.state();
    const attempts = attemptsOf(plant.contactLog().connections.filter((t) => t >= from));
    const perSecond = maxPerSecond(attempts);
    const shown = s.error?.certificate;
    const ok = readable(s) && !!shown && shown.sha1 !== first && (s.error?.message ?? '').includes(shown.sha1);
    let back = false;
    const t0 = Date.now();
    if (shown) {
      await pki.trust(shown.sha1);
      await g.connect();
      back = await waitFor(() => g.state().phase === 'connected', 30_000);
    }
    return {
      row: 'CERT-CHANGED',
      pass: connectedFirst && named && ok && perSecond <= 1 && back,
      figures: [
        { name: 'attempts', value: attempts.length, report: true },
        { name: 'max_attempts_per_s', value: perSecond, target: '≤ 1' },
        { name: 'named_for_a_person', value: named && ok ? 'yes' : `no: ${s.error?.message ?? s.phase}`, target: 'yes' },
        { name: 'connected_after_trust_s', value: back ? (Date.now() - t0) / 1000 : 'never', target: 'yes' },
      ],
    };
  } finally {
    await g.dispose();
    await pki.dispose();
    await plant.stop();
    tmp.cleanup();
  }
}
