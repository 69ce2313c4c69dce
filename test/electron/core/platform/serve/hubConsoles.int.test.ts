// Issue 19, "Done when": one plant hub and attached consoles, all real processes on 127.0.0.1.
// - The hub: `node scripts/serve.ts --hub --config …` (the real core: its SQLite file, its outbox, its one
//   controller session), against a real demo plant (OPC UA, port 0, in this process so the test can fault a
//   line and read the server's diagnostics) and the generic REST ERP sandbox (electron/demo/erp, in this
//   process so the test can read what the ERP kept).
// - Consoles A, B, C (and D, E for the session count): `node scripts/serve.ts --attach https://127.0.0.1:<hub>`,
//   each paired by an administrator's one-time code (the relay processes: no core, no database).
// - Screens are PROTOCOL-LEVEL WebSocket clients (hubSupport.ts Screen: the contract's frames, as the
//   renderer's transport sends them) connected to each console's relay on loopback; no browser.
// Timings are printed, never asserted here (the 1 s hold → other console and the 5 s "hub lost" are judged
// by reliability row T45, test/reliability/T45-hub-timings.test.ts, not by `npm test`).
import fs from 'node:fs';
import path from 'node:path';
import { AttributeIds, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy } from 'node-opcua';
import { type DemoPlant, startDemoPlant } from '../../../../../electron/demo/DemoPlant.ts';
import { startRestErpSandbox } from '../../../../../electron/demo/erp/restErpSandbox.ts';
import { readDemoPlantConfig } from '../../../../fixtures/tempDir.ts';
import { HubRig, deviceCredential, type Proc, Screen, until } from './hubSupport.ts';

const rig = new HubRig('plant-hub-consoles-');
const tmp = rig.tmp;
const hubDir = rig.dir;
let plant: DemoPlant;
let erp: Awaited<ReturnType<typeof startRestErpSandbox>>;
let configPath = '';
let admin: Screen;

type Attached = { name: string; dir: string; proc: Proc; port: number; token: string };
const consoles: Record<string, Attached> = {};
const screens: Screen[] = [];

const PEOPLE = {
  anna: { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, // supervisor
  paul: { method: 'badge', badgeId: 'BADGE-1002', pin: '2222' }, // planner
  quinn: { method: 'badge', badgeId: 'BADGE-1003', pin: '3333' }, // quality
  ada: { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' }, // admin
  sam: { method: 'badge', badgeId: 'BADGE-2001', pin: '7391' }, // a second supervisor, added by Ada below
} as const;
const FAULT_KEY = (line: number) => `opcua:demo-plc:nsu=urn:plant-console:demo-plant;s=Line${line}.FaultAlarm`;

/** Pairs a new console with the hub (an administrator's one-time code) and starts it. */
async function pairConsole(name: string): Promise<Attached> {
  const made = await admin.invoke('hub.pairingCode', { name: `Console ${name}`, kind: 'console' });
  if (!made.ok) throw new Error(made.error.message);
  const dir = path.join(tmp.dir, `console-${name}`);
  return startConsole(name, dir, ['--pair', made.value.code as string, '--fingerprint', rig.fingerprint]);
}

async function startConsole(name: string, dir: string, extra: string[] = []): Promise<Attached> {
  const proc = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', dir, ...extra]);
  const m = await proc.waitFor(/Open: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/);
  const c = { name, dir, proc, port: Number(m[1]), token: m[2]! };
  consoles[name] = c;
  return c;
}

/** A screen on a console: a protocol-level WebSocket client through that console's relay. */
async function screenOn(c: Attached, who?: keyof typeof PEOPLE): Promise<Screen> {
  const s = new Screen(`ws://127.0.0.1:${c.port}/ws?token=${c.token}`);
  screens.push(s);
  await s.opened;
  if (who) {
    const r = await s.invoke('auth.signIn', PEOPLE[who]);
    if (!r.ok) throw new Error(`${who} on ${c.name}: ${r.error.message}`);
  }
  return s;
}

/** Controller sessions the demo plant's OPC UA server holds, from its own diagnostics, less the reader's own. */
async function controllerSessions(): Promise<{ count: number; names: string[] }> {
  const cm = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'diag-pki'), automaticallyAcceptUnknownCertificate: true });
  await cm.initialize();
  const client = OPCUAClient.create({ clientName: 'hub-test-diagnostics', clientCertificateManager: cm, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false });
  try {
    await client.connect(plant.endpointUrl);
    const session = await client.createSession();
    // i=2277: Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount; i=3707: …SessionDiagnosticsArray.
    const [count, array] = await session.read([{ nodeId: 'i=2277', attributeId: AttributeIds.Value }, { nodeId: 'i=3707', attributeId: AttributeIds.Value }]);
    const names = ((array?.value.value ?? []) as { sessionName?: string }[]).map((d) => String(d.sessionName ?? '')).filter((n) => n && !n.includes('hub-test-diagnostics'));
    await session.close();
    return { count: Number(count!.value.value) - 1, names };
  } finally {
    await client.disconnect();
    await cm.dispose();
  }
}

beforeAll(async () => {
  plant = await startDemoPlant({ port: 0, pkiDir: path.join(tmp.dir, 'sim-pki') });
  erp = await startRestErpSandbox();
  const cfg = readDemoPlantConfig() as Record<string, unknown> & { controllers: { endpoint: string }[] };
  cfg.controllers[0]!.endpoint = plant.endpointUrl;
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  cfg.shiftCalendar = { shifts: [{ name: 'Day', start: '00:00', end: '12:00', days: everyDay }, { name: 'Evening', start: '12:00', end: '00:00', days: everyDay }], holidays: [] };
  cfg.erp = { kind: 'rest', baseUrl: erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 5, settleSec: 0, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' } };
  delete cfg.cmms;
  configPath = path.join(tmp.dir, 'plant.json');
  fs.writeFileSync(configPath, JSON.stringify(cfg));
  // The hub's own secret store (serve mode: a 0600 file in its data folder) holds the ERP's credential.
  fs.mkdirSync(hubDir, { recursive: true });
  fs.writeFileSync(path.join(hubDir, 'secrets.json'), JSON.stringify({ erp: 'demo-key' }), { mode: 0o600 });

  await rig.start(['--config', configPath]);
  admin = rig.screen();
  await admin.opened;
  const signIn = await admin.invoke('auth.signIn', PEOPLE.ada);
  if (!signIn.ok) throw new Error(signIn.error.message);
  await Promise.all(['A', 'B', 'C'].map((n) => pairConsole(n)));
}, 240_000);

afterAll(async () => {
  for (const s of screens) s.close();
  admin?.close();
  await rig.stopAll();
  await erp?.close();
  await plant?.stop();
}, 60_000);

describe('one hub, three attached consoles (processes)', () => {
  it('a hold placed on console B is shown on console C and kept out of the shift drafted on console A', async () => {
    const [onA, onB, onC] = await Promise.all([screenOn(consoles.A!, 'anna'), screenOn(consoles.B!, 'quinn'), screenOn(consoles.C!, 'paul')]);
    // The running shift (the screen opens on the last ended one, which the hub did not see run).
    const list = await onA.invoke('shift.list', {});
    if (!list.ok) throw new Error(list.error.message);
    const running = (list.value.shifts as { date: string; code: string; state: string }[]).find((x) => x.state === 'running')!;
    const shift = { date: running.date, code: running.code };
    // Production must have been recorded on L1 in this shift before a hold can keep some of it out.
    await until('production of L1 in the draft on A', async () => {
      const d = await onA.invoke('shift.draft', shift);
      const l1 = d.ok ? (d.value.lines as { lineId: string; orders: { countedGood: number }[] }[]).find((l) => l.lineId === 'L1') : undefined;
      return l1?.orders.some((o) => o.countedGood > 0);
    }, 150_000);

    const placed = await onB.invoke('holds.place', { scope: { kind: 'line', lineId: 'L1', from: Date.now() - 3_600_000 }, reason: 'Seal check failed on the lab bench', defectCategory: 'sealing' });
    const answeredAt = performance.now();
    if (!placed.ok) throw new Error(placed.error.message);
    const holdId = placed.value.id as string;
    const shown = await until('the hold on console C', () => onC.events.find((e) => e.stream === 'holds.changed' && (e.payload as { active: { id: string }[] }).active.some((m) => m.id === holdId)), 30_000);
    // From B's answer to the stream message on C (negative: C had it before B had its answer).
    console.log(`hold placed on console B → shown on console C ${(shown.at - answeredAt).toFixed(0)} ms after B's answer (issue: within 1 s; judged by reliability row T45)`);
    const listed = await onC.invoke('holds.list', {});
    expect(listed.ok && listed.value.holds.some((h: { id: string; placedBy: { displayName: string } }) => h.id === holdId)).toBe(true);

    // The shift drafted on A keeps what the hold covers apart, and out of the counts to confirm.
    const draft = await until('the hold in the draft on A', async () => {
      const d = await onA.invoke('shift.draft', shift);
      const l1 = d.ok ? (d.value.lines as { lineId: string; held: { good: number; holdIds: string[] } }[]).find((l) => l.lineId === 'L1') : undefined;
      return l1 && l1.held.holdIds.includes(holdId) && l1.held.good > 0 ? l1 : null;
    }, 90_000);
    const orders = (draft as unknown as { orders: { heldGood: number; countedGood: number }[] }).orders;
    expect(orders.reduce((n, o) => n + o.heldGood, 0)).toBe(draft.held.good);
    console.log(`shift drafted on console A: L1 held apart ${draft.held.good} good (hold ${holdId.slice(0, 8)}), counted to confirm ${orders.reduce((n, o) => n + o.countedGood, 0)}`);
  }, 300_000);

  it('an alarm acknowledged on console A is acknowledged on console B', async () => {
    const [onA, onB] = await Promise.all([screenOn(consoles.A!, 'anna'), screenOn(consoles.B!, 'paul')]);
    plant.injectFault(2, 600);
    type Alert = { id: number; key: string; active: boolean; acked: boolean; ackedBy: string | null };
    const alertOn = async (s: Screen): Promise<Alert | undefined> => {
      const r = await s.invoke('alerts.list', {});
      return r.ok ? (r.value.alerts as Alert[]).find((a) => a.key === FAULT_KEY(2)) : undefined;
    };
    const raised = await until('the line 2 fault on console A', async () => {
      const a = await alertOn(onA);
      return a?.active && !a.acked ? a : null;
    }, 60_000);
    const onBBefore = await alertOn(onB);
    expect(onBBefore?.acked).toBe(false);
    const acked = await onA.invoke('alerts.acknowledge', { ids: [raised.id] });
    if (!acked.ok) throw new Error(acked.error.message);
    // B's stream says so, and B's own list reads it.
    await until('the acknowledgement in B’s alerts stream', () => onB.events.some((e) => e.stream === 'alerts.changed' && (e.payload as { alerts: Alert[] }).alerts.some((a) => a.id === raised.id && a.acked)), 30_000);
    const onBAfter = await alertOn(onB);
    expect(onBAfter).toMatchObject({ id: raised.id, acked: true });
    // The controller's own "acknowledged" event may arrive before its answer: it is still Anna's (ackRace.int.test.ts).
    expect([onBAfter!.ackedBy, acked.value.acknowledged]).toEqual(['Anna Berg', [raised.id]]);
    console.log(`alarm acknowledged on A → on B: acked by "${onBAfter!.ackedBy}" (A's answer: ${JSON.stringify(acked.value)})`);
    // Acknowledging it again on B is "already", not a second acknowledgement.
    const again = await onB.invoke('alerts.acknowledge', { ids: [raised.id] });
    expect(again.ok ? again.value : again.error).toEqual({ acknowledged: [], already: [raised.id] });
  }, 120_000);

  it('two supervisors confirm the same shift at the same moment from two consoles: one confirmation in the ERP, one clear refusal', async () => {
    const made = await admin.invoke('users.create', { userName: 'sam', displayName: 'Sam Okafor', badgeId: PEOPLE.sam.badgeId, roles: ['supervisor'], pin: PEOPLE.sam.pin });
    if (!made.ok) throw new Error(made.error.message);
    const [onA, onB] = await Promise.all([screenOn(consoles.A!, 'anna'), screenOn(consoles.B!, 'sam')]);
    const d = await onA.invoke('shift.draft', {});
    if (!d.ok) throw new Error(d.error.message);
    const l2 = (d.value.lines as { lineId: string; orders: { erpOrderId: string; operationId: string; countedGood: number; countedReject: number }[] }[]).find((l) => l.lineId === 'L2')!.orders[0]!;
    const confirm = (s: Screen, good: number) =>
      s.invoke('shift.confirm', { date: d.value.date, code: d.value.code, lines: [{ lineId: 'L2', erpOrderId: l2.erpOrderId, operationId: l2.operationId, good, reject: 2 }], overrideReason: 'closing for the test', acknowledgeNotEnded: true, acknowledgeZeroProduction: true });
    const [ra, rb] = await Promise.all([confirm(onA, 300), confirm(onB, 301)]);
    const oks = [ra, rb].filter((r) => r.ok);
    const refused = [ra, rb].filter((r) => !r.ok) as { ok: false; error: { code: string; message: string } }[];
    expect(oks).toHaveLength(1);
    expect(refused).toHaveLength(1);
    console.log(`same shift confirmed on A and B at once: ${ra.ok ? 'A' : 'B'} confirmed; the other refused: ${refused[0]!.error.code} "${refused[0]!.error.message}"`);
    expect(refused[0]!.error.code).not.toBe('INTERNAL');
    expect(refused[0]!.error.message).toMatch(/already|closed|confirmed/i);
    const ref = (oks[0] as { value: { confirmations: { id: string }[] } }).value.confirmations[0]!.id;
    await until('the confirmation in the ERP sandbox', () => (erp.admin.records('confirmations') as { id: string }[]).some((r) => r.id === ref), 60_000);
    await new Promise((r) => setTimeout(r, 3_000)); // time for a second posting, were there one
    const posted = (erp.admin.records('confirmations') as { id: string; orderId: string }[]).filter((r) => r.orderId === l2.erpOrderId);
    expect(posted).toHaveLength(1);
  }, 120_000);

  it('five consoles attached → one session on the demo plant’s server; a revoked and an unpaired device are refused', async () => {
    const [d, e] = await Promise.all([pairConsole('D'), pairConsole('E')]);
    const all = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((n) => screenOn(consoles[n]!)));
    await Promise.all(all.map((s) => until('live values on every console', () => s.events.some((x) => x.stream === 'live.lines'), 60_000)));
    const devices = await admin.invoke('hub.devices');
    const connected = devices.ok ? (devices.value.devices as { name: string; connected: number }[]).filter((x) => x.connected > 0).map((x) => x.name).sort() : [];
    expect(connected).toEqual(['Console A', 'Console B', 'Console C', 'Console D', 'Console E']);
    const sessions = await controllerSessions();
    console.log(`five attached consoles: ${sessions.count} session(s) on the demo plant's OPC UA server (${sessions.names.join(', ')})`);
    expect(sessions.count).toBe(1);

    // Revoked: its screen is cut off (4403) and it is refused from then on.
    const eScreen = all[4]!;
    const eId = deviceCredential(e.dir).split('.')[0]!;
    expect((await admin.invoke('hub.revoke', { deviceId: eId })).ok).toBe(true);
    expect((await eScreen.closed).code).toBe(4403);
    await expect(new Screen(`ws://127.0.0.1:${e.port}/ws?token=${e.token}`).opened).rejects.toThrow(/HTTP 503/);
    await expect(new Screen(`wss://127.0.0.1:${rig.port}/ws`, { ca: rig.certPem, checkServerIdentity: () => undefined, headers: { authorization: `Device ${deviceCredential(e.dir)}` } }).opened).rejects.toThrow(/HTTP 403/);
    // Unpaired: a console that was never paired does not start a relay; a made-up credential is refused at the door.
    const unpaired = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', path.join(tmp.dir, 'never-paired')]);
    expect(await unpaired.exited()).toBe(1);
    // Plain words and nothing else (it used to end with a stack trace: "sonic boom is not ready yet").
    expect(unpaired.out()).toMatch(/The console did not attach\.\s+This console is not paired with a hub yet/);
    expect(unpaired.out()).not.toMatch(/Error|    at /);
    await expect(new Screen(`wss://127.0.0.1:${rig.port}/ws`, { ca: rig.certPem, checkServerIdentity: () => undefined, headers: { authorization: `Device ${deviceCredential(d.dir).split('.')[0]}.made-up` } }).opened).rejects.toThrow(/HTTP 403/);
  }, 240_000);

  it('kill -9 of an attached console and then of the hub lose nothing acknowledged', async () => {
    /** Places holds one after the other until the connection goes; `kill` runs after the third answer. */
    async function placeUntilLost(s: Screen, tag: string, kill: () => void): Promise<{ ok: string[]; lost: number }> {
      const ok: string[] = [];
      let lost = 0;
      for (let i = 0; i < 200; i++) {
        if (ok.length === 3) kill();
        const r = await s.invoke('holds.place', { scope: { kind: 'window', lineId: 'L3', from: Date.now() - 600_000 - i * 1000, to: Date.now() - 300_000 }, reason: `${tag} ${i}`, defectCategory: 'weight' });
        if (r.ok) ok.push(r.value.id as string);
        else if (r.error.code === 'LOST') {
          lost++;
          break;
        } else throw new Error(r.error.message);
      }
      return { ok, lost };
    }
    const c = consoles.C!;
    const onB = await screenOn(consoles.B!, 'quinn');
    const fromB = await placeUntilLost(onB, 'before console B was killed', () => consoles.B!.proc.child.kill('SIGKILL'));
    await consoles.B!.proc.exited();
    const onC = await screenOn(c, 'quinn');
    const fromC = await placeUntilLost(onC, 'before the hub was killed', () => rig.hub.child.kill('SIGKILL'));
    await rig.hub.exited();
    console.log(`answered ok before the kills: ${fromB.ok.length} on console B (kill -9 of the console), ${fromC.ok.length} on console C (kill -9 of the hub)`);

    await rig.start(['--config', configPath]);
    // Console C's relay reaches the restarted hub again; its person signs in there and reads the holds.
    const after = await until('a screen through console C to the restarted hub', async () => {
      const s = new Screen(`ws://127.0.0.1:${c.port}/ws?token=${c.token}`);
      screens.push(s);
      try {
        await s.opened;
        return s;
      } catch {
        return null;
      }
    }, 60_000);
    expect((await after.invoke('auth.signIn', PEOPLE.quinn)).ok).toBe(true);
    const list = await after.invoke('holds.list', { limit: 500 });
    if (!list.ok) throw new Error(list.error.message);
    const kept = new Set((list.value.holds as { id: string }[]).map((h) => h.id));
    const missing = [...fromB.ok, ...fromC.ok].filter((id) => !kept.has(id));
    expect(missing).toEqual([]);
    admin = rig.screen();
    await admin.opened;
  }, 300_000);
});
