import path from 'node:path';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import type { OpcuaGateway } from '../../../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import { collectingLogger, controller, makeGateway, sleep, tempDir, waitFor } from '../../../../reliability/rows/support.ts';

/**
 * Defect 7 (reconnect storm) and 8 (refusal never named), against the demo plant in its open62541-like mode: a
 * secure channel opened with the console's certificate is answered with a bare close. The plant counts the attempts.
 */
let tmp: ReturnType<typeof tempDir>;
let plant: DemoPlant;
const gateways: OpcuaGateway[] = [];

beforeAll(async () => {
  tmp = tempDir('reconnect-storm-');
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.dispose()));
  await plant.stop();
  tmp.cleanup();
});

const secure = { mode: 'SignAndEncrypt' as const, policy: 'Basic256Sha256', allowInsecure: false };

function gw(pki: string, lines: string[] = []): OpcuaGateway {
  const g = makeGateway({
    controller: controller(plant.endpointUrl, { security: secure }),
    pkiDir: path.join(tmp.dir, pki),
    demoMode: true,
    logger: collectingLogger(lines),
    // The shipped back-off shape (1 s first, doubling, capped at 8 s here), not the rows' fast one.
    timing: { initialDelayMs: 1000, maxDelayMs: 8000, retryDelayMs: 1000 },
  });
  gateways.push(g);
  return g;
}

/** Attempts the server saw in [from, to): at most one per second, and the gaps between them grow. */
function checkPace(times: readonly number[]): { gaps: number[]; maxPerSecond: number } {
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  let maxPerSecond = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! - times[i]! < 1000 - 50; j++) n++;
    maxPerSecond = Math.max(maxPerSecond, n);
  }
  return { gaps, maxPerSecond };
}

describe('a controller that refuses the console with a bare close', () => {
  it('is contacted at most once a second, with growing gaps, and the refusal is named with our certificate (connected before, then restarted refusing)', async () => {
    const lines: string[] = [];
    const g = gw('pki-restart', lines);
    await g.connect();
    expect(g.state().phase).toBe('connected');

    plant.refuseClientCertificates(true);
    const from = Date.now();
    await plant.restart();
    const named = await waitFor(() => g.state().error?.code === 'CLIENT_CERTIFICATE_REFUSED', 20_000);
    // Four attempts take about 1 + 2 + 4 s with the back-off; a loaded machine may take longer, never shorter.
    await waitFor(() => plant.contactLog().refused.filter((t) => t >= from).length >= 4, 40_000, 50);
    const attempts = plant.contactLog().refused.filter((t) => t >= from);
    const elapsed = Date.now() - from;
    plant.refuseClientCertificates(false);

    const { gaps, maxPerSecond } = checkPace(attempts);
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    expect(attempts.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000));
    expect(maxPerSecond).toBe(1);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
    expect(named).toBe(true);
    const e = g.state().error!;
    expect(e.message).toContain("probably does not trust this console's certificate");
    expect(e.ownCertificate?.sha1).toMatch(/^[0-9A-F]{40}$/);
    expect(e.message).toContain(e.ownCertificate!.sha1);
    expect(e.message).not.toMatch(/Error:|\bat \w+ \(|\{"/);

    // Trusted again: it connects without a restart of the console.
    await g.connect();
    expect(await waitFor(() => g.state().phase === 'connected', 20_000)).toBe(true);
  }, 60_000);

  it('paces the first connection as well, and says it plainly from the first refusal', async () => {
    plant.refuseClientCertificates(true);
    const from = Date.now();
    const g = gw('pki-first');
    await g.connect();
    expect(g.state().error?.code).toBe('CLIENT_CERTIFICATE_REFUSED');
    await sleep(6000);
    const attempts = plant.contactLog().refused.filter((t) => t >= from);
    plant.refuseClientCertificates(false);
    const { gaps, maxPerSecond } = checkPace(attempts);
    expect(maxPerSecond).toBe(1);
    expect(attempts.length).toBeLessThanOrEqual(6);
    if (gaps.length >= 2) expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
    await g.dispose();
  }, 60_000);
});
