import fs from 'node:fs';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { demoNodeRef } from '../../../../../electron/demo/plantModel.ts';
import type { ConnectionPhase } from '../../../../../electron/core/platform/opcua/opcuaTypes.ts';
import { ControllerConfig } from '../../../../../shared/domain/plantConfig.ts';
import { memorySecrets } from '../../../../fixtures/fakePorts.ts';
import { controller, makeGateway, tempDir } from '../../../../reliability/rows/support.ts';

/**
 * X.509 user identity (issue 4 item 1): the console logs in with a user certificate whose private key lives in the
 * secret store. The demo plant trusts one user certificate and refuses any other.
 */

interface UserCredential {
  certificateFile: string;
  privateKeyPem: string;
}

/** A self-signed user certificate and its key, made offline with node-opcua's certificate tooling. */
async function makeUserCertificate(dir: string, name: string): Promise<UserCredential> {
  const root = path.join(dir, `user-${name}`);
  const cm = new OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false });
  await cm.initialize();
  const certificateFile = path.join(dir, `${name}.pem`);
  await cm.createSelfSignedCertificate({
    outputFile: certificateFile,
    subject: `/CN=${name}/O=Plant Operations Console`,
    applicationUri: `urn:plant-console:user:${name}`,
    dns: [],
    startDate: new Date(Date.now() - 86_400_000),
    validity: 30,
  });
  const keyFile = path.join(root, 'own', 'private', 'private_key.pem');
  const privateKeyPem = fs.readFileSync(keyFile, 'utf8');
  await cm.dispose();
  // The key exists only in the secret store from here on: the gateway cannot have read it from disk.
  fs.rmSync(root, { recursive: true, force: true });
  return { certificateFile, privateKeyPem };
}

let tmp: ReturnType<typeof tempDir>;
let plant: DemoPlant;
let trusted: UserCredential;
let stranger: UserCredential;
const gateways: { dispose(): Promise<void> }[] = [];

beforeAll(async () => {
  tmp = tempDir('x509-user-');
  trusted = await makeUserCertificate(tmp.dir, 'operator-ws1');
  stranger = await makeUserCertificate(tmp.dir, 'stranger');
  plant = await startDemoPlant({
    port: 0,
    autoTick: false,
    pkiDir: path.join(tmp.dir, 'sim-pki'),
    allowAnonymous: false,
    trustedUserCertificates: [fs.readFileSync(trusted.certificateFile)],
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.dispose()));
  await plant?.stop();
  tmp?.cleanup();
});

const secure = { mode: 'SignAndEncrypt' as const, policy: 'Basic256Sha256', allowInsecure: false };

function certificateGateway(user: UserCredential, secrets: Record<string, string>, pki: string, security: ControllerConfig['security'] = secure) {
  const g = makeGateway({
    controller: controller(plant.endpointUrl, {
      security,
      userToken: { type: 'certificate', certificateFile: user.certificateFile, privateKeySecret: 'plc1.user-key' },
    }),
    pkiDir: path.join(tmp.dir, pki),
    demoMode: true,
    secrets: memorySecrets(secrets),
  });
  gateways.push(g);
  const phases: ConnectionPhase[] = [];
  g.onDidChangeState((s) => phases.push(s.phase));
  return { g, phases };
}

describe('X.509 user token against the demo plant', () => {
  it('logs in with the trusted user certificate (key from the secret store) and reads live values', async () => {
    const { g } = certificateGateway(trusted, { 'plc1.user-key': trusted.privateKeyPem }, 'pki-trusted');
    await g.connect();
    expect(g.state()).toMatchObject({ phase: 'connected', error: null });
    plant.advance(3);
    const r = await g.read([demoNodeRef(1, 'GoodCount'), demoNodeRef(2, 'Speed')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((v) => v.quality)).toEqual(['good', 'good']);
    expect(r.value[0]!.value).toBe(plant.currentValues()[0]!.goodCount);
    expect(r.value[1]!.value).toBe(plant.currentValues()[1]!.speed);
    await g.dispose();
  });

  it('also signs the user token on a None channel (demo mode), where the token policy names its own security policy', async () => {
    const { g } = certificateGateway(trusted, { 'plc1.user-key': trusted.privateKeyPem }, 'pki-none', { mode: 'None', policy: 'None', allowInsecure: true });
    await g.connect();
    expect(g.state()).toMatchObject({ phase: 'connected', error: null });
    const r = await g.read([demoNodeRef(3, 'GoodCount')]);
    expect(r.ok && r.value[0]?.value).toBe(plant.currentValues()[2]!.goodCount);
    await g.dispose();
  });

  it('an untrusted user certificate is ACCESS_DENIED in plain words and never connected', async () => {
    const { g, phases } = certificateGateway(stranger, { 'plc1.user-key': stranger.privateKeyPem }, 'pki-stranger');
    await g.connect();
    const s = g.state();
    expect(s.phase).toBe('disconnected');
    expect(s.error?.code).toBe('ACCESS_DENIED');
    expect(s.error?.message).toMatch(/certificate/i);
    expect(s.error?.message).not.toMatch(/^Bad[A-Z]/);
    expect(phases).not.toContain('connected');
    expect(plant.sessionCount()).toBe(0);
    // The server judged the certificate itself (not just the signature): it filed it under rejected user certificates.
    expect(fs.readdirSync(path.join(tmp.dir, 'sim-pki', 'user', 'rejected')).length).toBeGreaterThan(0);
    await g.dispose();
  });

  it("a key that does not match the certificate is refused (the server checks the token signature)", async () => {
    const { g, phases } = certificateGateway(trusted, { 'plc1.user-key': stranger.privateKeyPem }, 'pki-wrong-key');
    await g.connect();
    expect(g.state().phase).toBe('disconnected');
    expect(g.state().error?.code).toBe('ACCESS_DENIED');
    expect(phases).not.toContain('connected');
    await g.dispose();
  });

  it('the private key comes only from the secret store: not stored there means misconfigured, naming the secret', async () => {
    const { g, phases } = certificateGateway(trusted, {}, 'pki-nokey');
    await g.connect();
    expect(g.state()).toMatchObject({ phase: 'misconfigured', error: { code: 'CONFIG' } });
    expect(g.state().error?.message).toContain('plc1.user-key');
    expect(phases).not.toContain('connected');
    await g.dispose();
  });

  it('the plant config carries the certificate path and a secret name, never key material', () => {
    const parsed = ControllerConfig.parse({
      id: 'plc1',
      name: 'PLC 1',
      endpoint: 'opc.tcp://127.0.0.1:4840',
      security: secure,
      userToken: { type: 'certificate', certificateFile: trusted.certificateFile, privateKeySecret: 'plc1.user-key', privateKey: trusted.privateKeyPem },
    });
    expect(parsed.userToken).toEqual({ type: 'certificate', certificateFile: trusted.certificateFile, privateKeySecret: 'plc1.user-key' });
    expect(JSON.stringify(parsed)).not.toContain('PRIVATE KEY');
  });
});
