// The plant hub with attached consoles, as real processes (issue 19 items 1–4, docs/hub.md): a hub
// (`npm run serve -- --hub`, demo plant) on 127.0.0.1, consoles `--attach`ed to it, screens that speak the
// wire protocol, and the renderer's own transport (renderer/bridge/wsTransport.ts) on Node's WebSocket.
import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_FILE } from '../../../../../electron/core/platform/serve/hubPairing.ts';
import { createWsTransport } from '../../../../../renderer/bridge/wsTransport.ts';
import { HubRig, deviceCredential, type Proc, Screen, until } from './hubSupport.ts';

const rig = new HubRig('plant-hub-test-');
const tmp = rig.tmp;
let admin: Screen;

const ADA = { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' };

async function pairingCode(name: string, kind: 'console' | 'wallboard'): Promise<string> {
  const r = await admin.invoke('hub.pairingCode', { name, kind });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.fingerprint).toBe(rig.fingerprint);
  return r.value.code as string;
}

async function attach(dir: string, extra: string[] = []): Promise<{ proc: Proc; url: string; token: string; port: number }> {
  const proc = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', dir, ...extra]);
  const m = await proc.waitFor(/Open: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))/);
  return { proc, url: m[1]!, port: Number(m[2]), token: m[3]! };
}

const wsOf = (c: { port: number; token: string }) => `ws://127.0.0.1:${c.port}/ws?token=${c.token}`;

beforeAll(async () => {
  await rig.start();
  admin = rig.screen();
  await admin.opened;
  expect((await admin.invoke('auth.signIn', ADA)).ok).toBe(true);
}, 200_000);

afterAll(async () => {
  await rig.stopAll();
}, 60_000);

describe('plant hub: pairing and trust', () => {
  it('a console given the wrong fingerprint refuses the hub and never sends the code; the right one pairs, pins the certificate, and the code works once', async () => {
    const code = await pairingCode('Lab console', 'console');
    const wrongDir = path.join(tmp.dir, 'wrong');
    const wrong = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', wrongDir, '--pair', code, '--fingerprint', 'AB'.repeat(32)]);
    expect(await wrong.exited()).toBe(1);
    expect(wrong.out()).toMatch(/presents certificate fingerprint .* not the AB:AB.*Not paired and the code was not sent/s);
    expect(fs.existsSync(path.join(wrongDir, ATTACHMENT_FILE))).toBe(false);

    // The code was not spent by the refused attempt: the right console pairs with it.
    const labDir = path.join(tmp.dir, 'lab');
    const lab = await attach(labDir, ['--pair', code, '--fingerprint', rig.fingerprint.toLowerCase()]);
    expect(lab.proc.out()).toContain(`Paired as "Lab console" (console); hub certificate SHA-256 ${rig.fingerprint} pinned`);
    const kept = JSON.parse(fs.readFileSync(path.join(labDir, ATTACHMENT_FILE), 'utf8')) as { fingerprint: string; certPem: string; kind: string };
    expect(kept).toMatchObject({ fingerprint: rig.fingerprint, kind: 'console' });
    expect(kept.certPem.replace(/\s/g, '')).toBe(rig.certPem.replace(/\s/g, ''));
    expect(fs.readFileSync(path.join(labDir, ATTACHMENT_FILE), 'utf8')).not.toContain(deviceCredential(labDir).split('.')[1]!);
    await lab.proc.stop();

    // Single use: the same code again is refused.
    const again = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', path.join(tmp.dir, 'again'), '--pair', code, '--fingerprint', rig.fingerprint]);
    expect(await again.exited()).toBe(1);
    expect(again.out()).toMatch(/refused the pairing: The pairing code is wrong, expired or already used/);

    const list = await admin.invoke('hub.devices');
    expect(list.ok && list.value.devices.map((d: { name: string; kind: string; pairedByName: string }) => [d.name, d.kind, d.pairedByName])).toEqual([['Lab console', 'console', 'Ada Admin']]);
    const audit = await admin.invoke('audit.query', { action: 'hub.paired' });
    expect(audit.ok).toBe(true);
  }, 200_000);

  it('an unknown device is refused at the upgrade, before any command; a screen from the network without a device credential too', async () => {
    const bogus = new Screen(`wss://127.0.0.1:${rig.port}/ws`, { ca: rig.certPem, checkServerIdentity: () => undefined, headers: { authorization: 'Device 00000000-0000-0000-0000-000000000000.not-a-credential' } });
    await expect(bogus.opened).rejects.toThrow(/HTTP 403/);
    // The lab console's id with a wrong secret is no better.
    const labId = deviceCredential(path.join(tmp.dir, 'lab')).split('.')[0]!;
    const forged = new Screen(`wss://127.0.0.1:${rig.port}/ws`, { ca: rig.certPem, checkServerIdentity: () => undefined, headers: { authorization: `Device ${labId}.forged` } });
    await expect(forged.opened).rejects.toThrow(/HTTP 403/);
  });

  it('a command through an attached console runs on the hub as the person signed in there; a wall board watches only; a revoked device is cut off and refused', async () => {
    const lab = await attach(path.join(tmp.dir, 'lab'));
    const screen = new Screen(wsOf(lab));
    await screen.opened;
    const signIn = await screen.invoke('auth.signIn', ADA);
    expect(signIn.ok && signIn.value.actor.displayName).toBe('Ada Admin');
    // A privileged command made on the console is executed by the hub: the code it makes is in the hub's
    // database and audit trail, under the person signed in on the console.
    const made = await screen.invoke('hub.pairingCode', { name: 'Andon board 1', kind: 'wallboard' });
    expect(made.ok).toBe(true);
    const trail = await admin.invoke('audit.query', { action: 'hub.pairingCode' });
    expect(trail.ok && trail.value.records.some((r: { target: string; displayName: string }) => r.target === 'Andon board 1' && r.displayName === 'Ada Admin')).toBe(true);
    const devices = await admin.invoke('hub.devices');
    expect(devices.ok && devices.value.devices.find((d: { name: string }) => d.name === 'Lab console').connected).toBe(1);
    // Live streams arrive through the relay.
    await until('live.lines through the console', () => screen.events.some((e) => e.stream === 'live.lines'));

    // The wall board pairs with that code and may watch, never sign in.
    const boardDir = path.join(tmp.dir, 'board');
    const board = await attach(boardDir, ['--pair', made.ok ? made.value.code : '', '--fingerprint', rig.fingerprint]);
    const boardScreen = new Screen(wsOf(board));
    await boardScreen.opened;
    expect((await boardScreen.invoke('lines.list')).ok).toBe(true);
    const boardSignIn = await boardScreen.invoke('auth.signIn', ADA);
    expect(boardSignIn.ok === false && boardSignIn.error.code).toBe('FORBIDDEN');

    // Revoked while connected: its screen is closed with the reason, reconnecting is refused, and its
    // credential is refused at the hub's door.
    const boardId = deviceCredential(boardDir).split('.')[0]!;
    const revoked = await admin.invoke('hub.revoke', { deviceId: boardId });
    expect(revoked.ok && revoked.value.revokedAt).toBeGreaterThan(0);
    const closed = await boardScreen.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/revoked/);
    const retry = new Screen(wsOf(board));
    await expect(retry.opened).rejects.toThrow(/HTTP 503/);
    const status = (await (await fetch(`http://127.0.0.1:${board.port}/attach/status?token=${board.token}`)).json()) as { reachable: boolean; problem: string };
    expect(status.problem).toMatch(/refused by the plant hub.*revoked or never paired/);
    const direct = new Screen(`wss://127.0.0.1:${rig.port}/ws`, { ca: rig.certPem, checkServerIdentity: () => undefined, headers: { authorization: `Device ${deviceCredential(boardDir)}` } });
    await expect(direct.opened).rejects.toThrow(/HTTP 403/);
    screen.close();
    await lab.proc.stop();
    await board.proc.stop();
  }, 200_000);
});

describe('plant hub: faults', () => {
  it('hub frozen → every screen says so and commands are refused in words; hub back → streams resume and the person is still signed in', async () => {
    const lab = await attach(path.join(tmp.dir, 'lab'));
    // The renderer's own transport, as a screen of the attached console uses it.
    const transport = createWsTransport({
      url: wsOf(lab),
      explainDrop: async () => {
        const s = (await (await fetch(`http://127.0.0.1:${lab.port}/attach/status?token=${lab.token}`)).json()) as { reachable: boolean; problem: string | null };
        return s.reachable ? null : s.problem;
      },
    });
    try {
      await until('transport open', () => transport.status().link === 'open');
      const lines: number[] = [];
      transport.on('live.lines', () => lines.push(Date.now()));
      const signIn = (await transport.invoke('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' })) as { ok: boolean; value: { resumeToken?: string; actor: { displayName: string } } };
      expect(signIn.ok && signIn.value.actor.displayName).toBe('Anna Berg');
      const resumeToken = signIn.value.resumeToken!;
      expect(resumeToken).toBeTruthy();
      await until('live values', () => lines.length > 0);

      // Freeze the hub (no packet says it is gone: only the heartbeat can tell).
      process.kill(rig.hub.child.pid!, 'SIGSTOP');
      const frozenAt = Date.now();
      await until('the screen to say the hub cannot be reached', () => transport.status().link !== 'open' && /plant hub .* cannot be reached/.test(transport.status().lastError ?? ''), 30_000);
      const saidAfterMs = Date.now() - frozenAt;
      const refused = (await transport.invoke('auth.session', {})) as { ok: boolean; error: { code: string; message: string } };
      expect(refused.ok).toBe(false);
      expect(refused.error.code).toBe('UNAVAILABLE');
      expect(refused.error.message).toMatch(/^Not sent: The plant hub at https:\/\/127\.0\.0\.1:\d+ cannot be reached .*\(auth\.session\)$/);
      console.log(`hub frozen → screen says "hub cannot be reached" after ${saidAfterMs} ms (requirement: 5 s; judged by npm run bench, not here)`);

      process.kill(rig.hub.child.pid!, 'SIGCONT');
      await until('transport open again', () => transport.status().link === 'open', 60_000);
      const resumed = (await transport.invoke('auth.resume', { token: resumeToken })) as { ok: boolean; value: { actor: { displayName: string }; signedIn: boolean } };
      expect(resumed.ok && resumed.value.signedIn && resumed.value.actor.displayName).toBe('Anna Berg');
      const before = lines.length;
      await until('live values again', () => lines.length > before);
    } finally {
      transport.close();
      await lab.proc.stop();
    }
  }, 200_000);

  it('hub killed → the console says so and refuses commands; hub restarted → the screens reconnect, streams resume, and the person is still signed in', async () => {
    const lab = await attach(path.join(tmp.dir, 'lab'));
    const transport = createWsTransport({
      url: wsOf(lab),
      explainDrop: async () => {
        const s = (await (await fetch(`http://127.0.0.1:${lab.port}/attach/status?token=${lab.token}`)).json()) as { reachable: boolean; problem: string | null };
        return s.reachable ? null : s.problem;
      },
    });
    try {
      await until('transport open', () => transport.status().link === 'open');
      const signIn = (await transport.invoke('auth.signIn', { method: 'badge', badgeId: 'BADGE-1003', pin: '3333' })) as { ok: boolean; value: { resumeToken?: string } };
      expect(signIn.ok).toBe(true);
      admin.close();
      await rig.hub.stop('SIGKILL');
      await until('the screen to say the hub cannot be reached', () => /cannot be reached \(connection refused/.test(transport.status().lastError ?? ''), 30_000);
      const refused = (await transport.invoke('lines.list', {})) as { ok: boolean; error: { message: string } };
      expect(refused.ok).toBe(false);
      expect(refused.error.message).toMatch(/Not sent: The plant hub .* cannot be reached \(connection refused/);

      await rig.start();
      await until('transport open again', () => transport.status().link === 'open', 90_000);
      const lines: number[] = [];
      transport.on('live.lines', () => lines.push(Date.now()));
      await until('live values after the restart', () => lines.length > 0, 60_000);
      // The restarted hub kept the resumable sign-in (hub-resume.json): no new sign-in.
      const resumed = (await transport.invoke('auth.resume', { token: signIn.value.resumeToken! })) as { ok: boolean; value: { actor: { displayName: string }; signedIn: boolean } };
      expect(resumed.ok && resumed.value.signedIn && resumed.value.actor.displayName).toBe('Quinn Adler');
      admin = rig.screen();
      await admin.opened;
    } finally {
      transport.close();
      await lab.proc.stop();
    }
  }, 300_000);
});
