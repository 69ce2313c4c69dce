import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../../../../electron/core/coreApi.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { startCore } from '../../../../../electron/core/startCore.ts';
import { startDemoPlant, type DemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { DEMO_STANDARD_NAMESPACE_URI } from '../../../../../electron/demo/demoStandardLines.ts';
import type { BrowsedNodeView, CertificateListing, ControllerDetails, FoundNodeView, MappingProposal } from '../../../../../shared/contract/domains/connectivity.ts';
import { memoryLogger, memorySecrets, recordingNotifier, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { demoPlantConfigPath, makeTempDir } from '../../../../fixtures/tempDir.ts';

type Env<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

let tmp: ReturnType<typeof makeTempDir>;
let plant: DemoPlant;
let core: Core;
let configPath: string;
let admin: string;
let supervisor: string;
const call = async <T>(sid: string, key: string, payload: unknown): Promise<Env<T>> => (await core.dispatch(key, payload, sid)) as Env<T>;
const value = <T>(r: Env<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

beforeAll(async () => {
  tmp = makeTempDir('connectivity-int-');
  // A copy: saving a mapping rewrites the file.
  configPath = path.join(tmp.dir, 'plant.json');
  fs.copyFileSync(demoPlantConfigPath, configPath);
  plant = await startDemoPlant({ port: 0, autoTick: false, pkiDir: path.join(tmp.dir, 'sim-pki') });
  core = await startCore(
    { configPath, dataDir: path.join(tmp.dir, 'data'), host: 'test', version: '0.0.0-test', endpointOverrides: { 'demo-plc': plant.endpointUrl }, liveTickMs: 50 },
    { clock: systemClock, logger: memoryLogger(), secrets: memorySecrets(), notifier: recordingNotifier(), online: switchableOnline() },
  );
  admin = core.openSession();
  value(await call(admin, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' }));
  supervisor = core.openSession();
  value(await call(supervisor, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }));
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const d = value(await call<ControllerDetails>(admin, 'connectivity.controllers', {}));
    if (d.controllers[0]?.link === 'connected') break;
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  await core?.dispose();
  await plant?.stop();
  tmp?.cleanup();
});

describe('connectivity commands against the demo plant', () => {
  it('shows the controller link in detail, with the sessions the server counts', async () => {
    const d = value(await call<ControllerDetails>(supervisor, 'connectivity.controllers', {}));
    const c = d.controllers[0]!;
    expect(c).toMatchObject({ controllerId: 'demo-plc', link: 'connected', insecure: true, staleSince: null, error: null });
    expect(c.sessions).toMatchObject({ current: 1, usedByConsole: 1 });
    expect(c.serverStartTime).toBe(plant.startTime().getTime());
  });

  it('browses lazily from Objects and searches by name, with nsu= references', async () => {
    const top = value(await call<BrowsedNodeView[]>(admin, 'connectivity.browse', { controllerId: 'demo-plc', nodeRef: null }));
    const names = top.map((n) => n.browseName);
    expect(names).toEqual(expect.arrayContaining(['DemoPlant', 'PackML_Line4', 'Machine_Line5', 'Server']));
    const demo = top.find((n) => n.browseName === 'DemoPlant')!;
    expect(demo).toMatchObject({ nodeClass: 'Object', hasChildren: true, nodeRef: 'nsu=urn:plant-console:demo-plant;s=DemoPlant' });
    const lines = value(await call<BrowsedNodeView[]>(admin, 'connectivity.browse', { controllerId: 'demo-plc', nodeRef: demo.nodeRef }));
    // The demo plant also holds alarm sources and methods beside its lines.
    expect(lines.map((n) => n.browseName)).toEqual(expect.arrayContaining(['Line1', 'Line2', 'Line3']));
    const line1 = lines.find((n) => n.browseName === 'Line1')!;
    const vars = value(await call<BrowsedNodeView[]>(admin, 'connectivity.browse', { controllerId: 'demo-plc', nodeRef: line1.nodeRef }));
    expect(vars.find((v) => v.browseName === 'GoodCount')).toMatchObject({ nodeClass: 'Variable', dataType: 'UInt32', access: 'read', hasChildren: false });
    expect(vars.find((v) => v.browseName === 'HoldInterlock')).toMatchObject({ dataType: 'Boolean', access: 'readwrite' });

    const found = value(await call<FoundNodeView[]>(admin, 'connectivity.search', { controllerId: 'demo-plc', text: 'goodcount' }));
    expect(found.map((f) => f.path.join('/'))).toEqual(['DemoPlant/Line1/GoodCount', 'DemoPlant/Line2/GoodCount', 'DemoPlant/Line3/GoodCount']);
  });

  it('refuses browsing to a supervisor and a node outside any namespace with a reason', async () => {
    expect((await call(supervisor, 'connectivity.browse', { controllerId: 'demo-plc', nodeRef: null })).ok).toBe(false);
    const bad = await call(admin, 'connectivity.browse', { controllerId: 'demo-plc', nodeRef: 'nsu=urn:nobody;s=X' });
    expect(bad.ok ? null : bad.error.code).toBe('BAD_REQUEST');
    const none = await call(admin, 'connectivity.browse', { controllerId: 'no-such', nodeRef: null });
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
  });

  it('proposes mappings for the PackML and the OPC 40001 Machinery shaped lines', async () => {
    const proposals = value(await call<MappingProposal[]>(admin, 'connectivity.proposeMappings', { controllerId: 'demo-plc' }));
    const pack = proposals.find((p) => p.standard === 'packml')!;
    const mach = proposals.find((p) => p.standard === 'machinery')!;
    const ns = `nsu=${DEMO_STANDARD_NAMESPACE_URI};s=`;
    expect(pack).toMatchObject({
      path: ['PackML_Line4'],
      tags: {
        machineState: `${ns}PackML_Line4.Status.StateCurrent`,
        goodCount: `${ns}PackML_Line4.Admin.ProdProcessedCount`,
        rejectCount: `${ns}PackML_Line4.Admin.ProdDefectiveCount`,
        speed: `${ns}PackML_Line4.Status.CurMachSpeed`,
      },
    });
    expect(pack.stateMap['6']).toBe('running');
    expect(mach).toMatchObject({ path: ['Machine_Line5'], tags: { machineState: `${ns}Machine_Line5.Monitoring.MachineryItemState.CurrentState`, goodCount: `${ns}Machine_Line5.OperationCounters.OperationCycleCounter` } });
    expect(mach.stateMap.Executing).toBe('running');
    expect(proposals).toHaveLength(2);
  });

  it('saves a mapping into the plant configuration with a backup, validated, audited', async () => {
    const before = fs.readFileSync(configPath, 'utf8');
    const proposals = value(await call<MappingProposal[]>(admin, 'connectivity.proposeMappings', { controllerId: 'demo-plc' }));
    const pack = proposals.find((p) => p.standard === 'packml')!;
    const line = { id: 'L4', name: 'Line 4 – PackML', controllerId: 'demo-plc', tags: pack.tags, stateMap: pack.stateMap, targetRatePerMin: 60 };

    expect((await call(supervisor, 'connectivity.saveLineMapping', { line })).ok).toBe(false);
    const invalid = await call(admin, 'connectivity.saveLineMapping', { line: { ...line, controllerId: 'nope' } });
    expect(invalid.ok ? null : invalid.error.code).toBe('BAD_REQUEST');
    const badTag = await call(admin, 'connectivity.saveLineMapping', { line: { ...line, tags: { ...line.tags, goodCount: 'ns=2;s=X' } } });
    expect(badTag.ok ? null : badTag.error.code).toBe('BAD_REQUEST');
    expect(fs.readFileSync(configPath, 'utf8')).toBe(before);

    const saved = value(await call<{ backupPath: string; created: boolean }>(admin, 'connectivity.saveLineMapping', { line }));
    expect(saved.created).toBe(true);
    expect(fs.readFileSync(saved.backupPath, 'utf8')).toBe(before);
    const after = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { lines: { id: string; tags: Record<string, string> }[] };
    expect(after.lines.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(after.lines[3]!.tags.machineState).toBe(pack.tags.machineState);
    const audit = value(await call<{ items?: { action: string }[]; records?: { action: string }[] }>(admin, 'audit.query', {}));
    const actions = JSON.stringify(audit);
    expect(actions).toContain('connectivity.saveLineMapping');
  });

  it('lists certificates and lets only an administrator trust a rejected one (audited)', async () => {
    // A controller certificate the console refused: node-opcua files it under rejected/.
    const simCert = fs.readdirSync(path.join(tmp.dir, 'sim-pki', 'server', 'own', 'certs')).find((f) => f.endsWith('.pem'))!;
    const rejectedDir = path.join(tmp.dir, 'data', 'pki', 'opcua-client', 'rejected');
    fs.mkdirSync(rejectedDir, { recursive: true });
    fs.copyFileSync(path.join(tmp.dir, 'sim-pki', 'server', 'own', 'certs', simCert), path.join(rejectedDir, 'controller.pem'));

    const listing = value(await call<CertificateListing>(supervisor, 'connectivity.certificates', {}));
    expect(listing.own?.applicationUri).toBe('urn:plant-console:opcua-client');
    const rejected = listing.rejected[0]!;
    expect(rejected.sha1).toMatch(/^[0-9A-F]{40}$/);
    expect(rejected.sha256).toMatch(/^[0-9A-F]{64}$/);
    expect(rejected.validTo).toBeGreaterThan(Date.now());

    const denied = await call(supervisor, 'connectivity.trustCertificate', { sha1: rejected.sha1 });
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    const trusted = value(await call<{ state: string }>(admin, 'connectivity.trustCertificate', { sha1: rejected.sha1 }));
    expect(trusted.state).toBe('trusted');
    const again = value(await call<CertificateListing>(admin, 'connectivity.certificates', {}));
    expect(again.rejected).toHaveLength(0);
    expect(again.trusted.map((c) => c.sha1)).toContain(rejected.sha1);
    const audit = JSON.stringify(value(await call(admin, 'audit.query', {})));
    expect(audit).toContain('connectivity.trustCertificate');
    expect(audit).toContain(rejected.sha1);

    const missing = await call(admin, 'connectivity.trustCertificate', { sha1: '00'.repeat(20) });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});
