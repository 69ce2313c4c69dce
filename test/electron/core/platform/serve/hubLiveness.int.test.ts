// The heartbeat between a plant hub, its attached consoles and their screens (hubWire.ts Liveness), with
// real processes on 127.0.0.1: a hub (`serve --hub`, demo plant), one attached console (`serve --attach`, the
// relay), and PROTOCOL-LEVEL WebSocket screens (hubSupport.ts Screen), no browser.
//
// The defect (hub scale bench, load 25): 3 of 36 screens were closed by the heartbeat although hub and
// screens were alive: the relay gave the hub up after one unanswered 1.5 s ping, the hub closed a screen
// whose pong had not come by its next 3 s tick, and a process that had been descheduled judged on waking
// before reading the pongs already in its socket. Here a hub starved of CPU is modelled by SIGSTOP/SIGCONT
// in cycles (2.5 s without any CPU, 0.6 s with): harsher than a loaded machine, and repeatable.
// The "says so within 5 s" for a dead hub still holds: a hub frozen for good is reported (time printed; the
// 5 s judgement belongs to reliability row T45, not to `npm test`).
import path from 'node:path';
import { pinnedTls } from '../../../../../electron/core/platform/serve/hubPairing.ts';
import { HubRig, type Proc, Screen, until } from './hubSupport.ts';

const rig = new HubRig('plant-hub-liveness-');
const tmp = rig.tmp;
let admin: Screen;
let relay: { proc: Proc; port: number; token: string };
const screens: Screen[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const hubPid = () => rig.hub.child.pid!;

beforeAll(async () => {
  await rig.start();
  admin = rig.screen();
  await admin.opened;
  expect((await admin.invoke('auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' })).ok).toBe(true);
  const made = await admin.invoke('hub.pairingCode', { name: 'Line console', kind: 'console' });
  if (!made.ok) throw new Error(made.error.message);
  const proc = rig.spawn(['--attach', `https://127.0.0.1:${rig.port}`, '--data-dir', path.join(tmp.dir, 'console'), '--pair', made.value.code as string, '--fingerprint', rig.fingerprint]);
  const m = await proc.waitFor(/Open: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/);
  relay = { proc, port: Number(m[1]), token: m[2]! };
}, 200_000);

afterAll(async () => {
  for (const s of screens) s.close();
  admin?.close();
  await rig.stopAll();
}, 60_000);

async function relayScreen(): Promise<Screen> {
  const s = new Screen(`ws://127.0.0.1:${relay.port}/ws?token=${relay.token}`);
  screens.push(s);
  await s.opened;
  return s;
}

describe('hub heartbeat', () => {
  it('a hub starved of CPU (2.5 s stopped, 0.6 s running, for 15 s) keeps its screens: through the console and on the hub itself', async () => {
    const viaConsole = await relayScreen();
    const direct = rig.screen();
    screens.push(direct);
    await direct.opened;
    const closes: string[] = [];
    void viaConsole.closed.then((c) => closes.push(`through the console: ${c.code} ${c.reason}`));
    void direct.closed.then((c) => closes.push(`on the hub: ${c.code} ${c.reason}`));
    await until('live values through the console', () => viaConsole.events.some((e) => e.stream === 'live.lines'), 60_000);

    const until15 = Date.now() + 15_000;
    let cycles = 0;
    while (Date.now() < until15) {
      process.kill(hubPid(), 'SIGSTOP');
      await sleep(2_500);
      process.kill(hubPid(), 'SIGCONT');
      await sleep(600);
      cycles++;
    }
    await sleep(4_000); // a judgement due at the end of the last stall has its turn
    expect(closes).toEqual([]);
    const [a, b] = await Promise.all([viaConsole.invoke('lines.list'), direct.invoke('lines.list')]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    console.log(`hub stopped 2.5 s / running 0.6 s × ${cycles}: screens closed by the heartbeat: ${closes.length}`);
  }, 120_000);

  it('on the hub, any frame from a screen is life: one that sends commands but answers no ping is kept; one that is silent is closed', async () => {
    const tls = pinnedTls(rig.certPem, rig.fingerprint);
    const busy = new Screen(`wss://127.0.0.1:${rig.port}/ws?token=${rig.token}`, { ...tls, autoPong: false });
    const silent = new Screen(`wss://127.0.0.1:${rig.port}/ws?token=${rig.token}`, { ...tls, autoPong: false });
    screens.push(busy, silent);
    await Promise.all([busy.opened, silent.opened]);
    let busyClosed = false;
    void busy.closed.then(() => (busyClosed = true));
    const started = Date.now();
    const silentGone = silent.closed.then(() => Date.now() - started);
    // 20 s of a command a second: longer than the hub's silence limit, so only the commands keep it.
    for (let i = 0; i < 20 && !busyClosed; i++) {
      expect((await busy.invoke('auth.session', {})).ok).toBe(true);
      await sleep(1_000);
    }
    expect(busyClosed).toBe(false);
    const silentMs = await Promise.race([silentGone, sleep(30_000).then(() => -1)]);
    expect(silentMs).toBeGreaterThan(0);
    console.log(`a screen that answers no ping and sends nothing: closed by the hub after ${silentMs} ms`);
  }, 90_000);

  it('a hub frozen for good is still reported on the console’s screens, with the reason', async () => {
    const s = await relayScreen();
    await until('live values', () => s.events.some((e) => e.stream === 'live.lines'), 60_000);
    process.kill(hubPid(), 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      const closed = await Promise.race([s.closed, sleep(30_000).then(() => null)]);
      const saidAfterMs = Date.now() - frozenAt;
      expect(closed).not.toBeNull();
      expect(closed!.code).toBe(4502);
      expect(closed!.reason).toMatch(/cannot be reached \(no answer to the heartbeat\)/);
      const status = (await (await fetch(`http://127.0.0.1:${relay.port}/attach/status?token=${relay.token}`)).json()) as { reachable: boolean };
      expect(status.reachable).toBe(false);
      console.log(`hub frozen (SIGSTOP) → the console's screen told after ${saidAfterMs} ms (requirement 5 s; judged by reliability row T45)`);
    } finally {
      process.kill(hubPid(), 'SIGCONT');
    }
    await until('a screen through the console again', async () => {
      const again = new Screen(`ws://127.0.0.1:${relay.port}/ws?token=${relay.token}`);
      screens.push(again);
      return again.opened.then(
        () => true,
        () => false,
      );
    }, 60_000);
  }, 120_000);
});
