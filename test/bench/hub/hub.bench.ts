// One plant hub at scale (issue 19, item 6): `npm run bench -- hub`.
//
// The demo plant (in this process, like the latency bench, so each tick's instant is known) simulates 50
// lines × 20 tags: per line its line tags and 16 extra tags that change every tick (the scale bench's plant).
// One hub (`node scripts/serve.ts --hub`, its own process: the real core) watches all 50 lines. Attached to it:
// - 25 consoles and 10 wall boards as PROTOCOL-LEVEL clients, not browsers: each is paired with the hub the
//   way an administrator pairs a device (hub.pairingCode, then POST /hub/pair with the code, the hub's
//   certificate fingerprint compared), then opens the hub's WSS /ws with its device credential and speaks the
//   contract (shared/contract/wire.ts): it receives every stream, and a console signs a person in and asks
//   for holds, alerts and the line snapshot every 5 s, as an open screen reloads them;
// - one of the 25 consoles is a real attached console process (`node scripts/serve.ts --attach`, the relay),
//   with one screen on it, also a protocol-level client, on whose stream change → screen is measured.
// A standalone console (`node scripts/serve.ts --config`, its own core and its own controller session) runs in
// the same run on the same plant with one screen: the baseline.
//
// Printed: the hub's CPU (% of one core, /proc) and RSS; the controller sessions, counted through the OPC UA
// server's own diagnostics (Server.ServerDiagnostics.ServerDiagnosticsSummary.CurrentSessionCount, read by a
// client, less that client's own session) while the hub and everything attached to it run, before the
// standalone console starts: it must be 1 (one controller); and change → screen (a controller tick of Line 1's
// good count until the live.lines frame carrying it reaches the screen's WebSocket; no DOM, no paint: both
// screens are protocol clients, so the comparison is of the paths, hub + relay against the standalone core)
// p95 and p50 on the attached console against the standalone console, per round.
// Options (environment): HUB_BENCH_ROUNDS (3), HUB_BENCH_ROUND_S (20), HUB_BENCH_CONSOLES (25), HUB_BENCH_BOARDS (10).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { AttributeIds, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy } from 'node-opcua';
import { WebSocket } from 'ws';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { cpuMsOf, manyLinesConfig, percentile as pctOf, repoRoot, startServeChild, tempDir } from '../browserBench.ts';
import { machineLoad, range, report, round, tooLoaded } from '../support.ts';

const LINES = 50;
const EXTRA = 16;
const CONSOLES = Number(process.env.HUB_BENCH_CONSOLES ?? 25);
const BOARDS = Number(process.env.HUB_BENCH_BOARDS ?? 10);
const ROUNDS = Number(process.env.HUB_BENCH_ROUNDS ?? 3);
const ROUND_S = Number(process.env.HUB_BENCH_ROUND_S ?? 20);
const TICK_MS = 1000;
const wallNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`  ${s}\n`);
/** A percentile, NaN (printed "–", never judged) for no samples. */
const percentile = (xs: readonly number[], q: number): number => (xs.length === 0 ? Number.NaN : pctOf(xs, q));
const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');

const loadAtStart = machineLoad();
const tmp = tempDir('plant-console-bench-hub-');
const children: ChildProcess[] = [];
const sockets: WebSocket[] = [];

// ── The plant: 50 lines × (line tags + 16 extra tags), ticked from here at a random phase ───────────────
const plant = await startDemoPlant({ port: 0, autoTick: false, standardLines: false, lines: LINES, extraTagsPerLine: EXTRA });
const tickAt = new Map<number, number>();
const goodNow = () => plant.currentValues()[0]!.goodCount;
let ticker: ReturnType<typeof setTimeout>;
const tickOnce = () => {
  const before = goodNow();
  const t = wallNow();
  plant.advance(1);
  const after = goodNow();
  if (after !== before && !tickAt.has(after)) tickAt.set(after, t);
  ticker = setTimeout(tickOnce, TICK_MS - 125 + Math.random() * 250);
};
ticker = setTimeout(tickOnce, TICK_MS);

/** The scale bench's 50-line configuration: 6 line tags and 16 extra tags as signals per line. */
const plantConfig = (): Record<string, unknown> => manyLinesConfig(plant.endpointUrl, LINES, EXTRA);
const configPath = path.join(tmp.dir, 'plant-50.json');
fs.writeFileSync(configPath, JSON.stringify(plantConfig(), null, 2));

/** Starts `node scripts/serve.ts <args>` and waits until stdout matches every pattern. */
async function serveProcess(args: string[], wanted: Record<string, RegExp>, env: Record<string, string> = {}): Promise<{ child: ChildProcess; found: Record<string, string> }> {
  const child = spawn(process.execPath, ['scripts/serve.ts', ...args, '--log-level', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const found = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve ${args.join(' ')} did not start within 120 s:\n${out}`)), 120_000);
    const check = () => {
      const got: Record<string, string> = {};
      for (const [k, re] of Object.entries(wanted)) {
        const m = re.exec(out);
        if (!m?.[1]) return;
        got[k] = m[1];
      }
      clearTimeout(timer);
      resolve(got);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve ${args.join(' ')} exited (${code}):\n${out}`));
    });
  });
  return { child, found };
}

const COMMAND_TIMEOUT_MS = 15_000;
/** Every command the screens sent: round trips (ms), refusals and commands never answered. */
const commands = { roundTrips: [] as number[], refused: [] as string[], unanswered: [] as string[], lost: 0 };

/** A protocol-level screen: the contract's frames over a WebSocket (shared/contract/wire.ts). */
interface Screen {
  invoke<T = unknown>(key: string, req: unknown): Promise<{ ok: boolean; value?: T; error?: { message: string } }>;
  /** Line 1's good count as each live.lines frame brought it: [value, arrival]. */
  l1: { value: number; at: number }[];
  frames: number;
  /** Runs after every reconnect (a console signs its person in again). */
  onReconnect: (() => Promise<void>) | null;
}
/** Screens that lost their connection (the hub's heartbeat, an attached console's lost hub) and came back, as a renderer does. */
const drops: string[] = [];

async function screen(url: string, options: { headers?: Record<string, string>; fingerprint?: string; name: string }): Promise<Screen> {
  let ws: WebSocket;
  let next = 1;
  const pending = new Map<number, (e: unknown) => void>();
  let last: number | null = null;
  const s: Screen = {
    l1: [],
    frames: 0,
    onReconnect: null,
    invoke: (key, req) =>
      new Promise((resolve) => {
        const id = next++;
        const sent = performance.now();
        // An answer that never comes is counted, not waited for forever.
        const timer = setTimeout(() => {
          pending.delete(id);
          commands.unanswered.push(key);
          resolve({ ok: false, error: { message: `${key}: no answer within ${COMMAND_TIMEOUT_MS} ms` } });
        }, COMMAND_TIMEOUT_MS);
        pending.set(id, (e) => {
          clearTimeout(timer);
          if ((e as { error?: { message?: string } }).error?.message === 'the connection was lost') return resolve(e as never);
          commands.roundTrips.push(performance.now() - sent);
          if (!(e as { ok?: boolean }).ok) commands.refused.push(`${key}: ${(e as { error?: { message?: string } }).error?.message ?? '?'}`);
          resolve(e as never);
        });
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'invoke', id, key, req }));
      }),
  };
  const open = (): Promise<void> => {
    ws = new WebSocket(url, { headers: options.headers, rejectUnauthorized: false, maxPayload: 64 * 1024 * 1024 });
    sockets.push(ws);
    ws.on('message', (data) => {
      const at = wallNow();
      s.frames++;
      const f = JSON.parse(String(data)) as { type: string; id?: number; envelope?: unknown; stream?: string; payload?: { lines?: { lineId: string; good: { value: number | null } }[] } };
      if (f.type === 'result' && f.id !== undefined) {
        pending.get(f.id)?.(f.envelope);
        pending.delete(f.id);
      } else if (f.type === 'event' && f.stream === 'live.lines') {
        const v = f.payload?.lines?.find((l) => l.lineId === 'L1')?.good.value ?? null;
        if (v !== null && v !== last) {
          last = v;
          s.l1.push({ value: v, at });
        }
      }
    });
    ws.on('close', (code, reason) => {
      if (stopping) return;
      // What was in flight on the lost connection is answered by the screen itself, as the renderer does.
      for (const [id, done] of pending) {
        pending.delete(id);
        commands.lost += 1;
        done({ ok: false, error: { message: 'the connection was lost' } });
      }
      drops.push(`${options.name}: ${code}${String(reason) ? ` ${String(reason).slice(0, 80)}` : ''}`);
      setTimeout(() => {
        if (stopping) return;
        open()
          .then(() => s.onReconnect?.())
          .catch(() => ws.emit('close', 1006, Buffer.from('reconnect failed')));
      }, 500);
    });
    return new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        // The hub's certificate is the one whose fingerprint the administrator compared at pairing.
        const sock = (ws as unknown as { _socket?: { getPeerCertificate?: () => { fingerprint256?: string } } })._socket;
        const fp = sock?.getPeerCertificate?.().fingerprint256;
        if (options.fingerprint && fp && fp !== options.fingerprint) reject(new Error(`hub certificate ${fp} is not the paired one ${options.fingerprint}`));
        else resolve();
      });
      ws.once('error', reject);
    });
  };
  await open();
  return s;
}

/** POST /hub/pair with a one-time code: the device's credential. */
function pair(hubBase: string, code: string): Promise<{ credential: string; deviceId: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ code });
    const req = https.request(`${hubBase}/hub/pair`, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as { credential: string; deviceId: string }) : reject(new Error(`pairing refused (${res.statusCode}): ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Controller sessions the demo plant's server holds, from its own diagnostics, less the reader's session. */
async function controllerSessions(): Promise<{ count: number; names: string[] }> {
  const cm = new OPCUACertificateManager({ rootFolder: path.join(tmp.dir, 'diag-pki'), automaticallyAcceptUnknownCertificate: true });
  await cm.initialize();
  const client = OPCUAClient.create({ clientName: 'bench-diagnostics', clientCertificateManager: cm, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false });
  try {
    await client.connect(plant.endpointUrl);
    const session = await client.createSession();
    // i=2277: Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount; i=3707: …SessionDiagnosticsArray.
    const [count, array] = await session.read([{ nodeId: 'i=2277', attributeId: AttributeIds.Value }, { nodeId: 'i=3707', attributeId: AttributeIds.Value }]);
    const names = ((array?.value.value ?? []) as { sessionName?: string }[]).map((d) => String(d.sessionName ?? '')).filter((n) => n && !n.includes('bench-diagnostics'));
    await session.close();
    return { count: Number(count!.value.value) - 1, names };
  } finally {
    await client.disconnect();
    await cm.dispose();
  }
}

/** Latencies tick → screen of the changes a screen saw in [from, to]. */
function latencies(s: Screen, from: number, to: number, state: { offset: number | null }): number[] {
  const out: number[] = [];
  for (const c of s.l1) {
    if (c.at < from || c.at > to) continue;
    if (state.offset === null) {
      const direct = tickAt.get(c.value);
      if (direct !== undefined && c.at - direct < 5_000) state.offset = 0;
      else {
        const latest = [...tickAt.entries()].filter(([, t]) => t < c.at).sort((a, b) => b[1] - a[1])[0];
        if (!latest) continue;
        state.offset = latest[0] - c.value;
      }
    }
    const t0 = tickAt.get(c.value + state.offset);
    if (t0 !== undefined && c.at - t0 < 10_000) out.push(c.at - t0);
  }
  return out;
}

const rssMbOf = (pid: number): number | null => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};

let standaloneStop: (() => Promise<void>) | null = null;
let stopping = false;
try {
  // ── The hub ──────────────────────────────────────────────────────────────────────────────────────────
  const hub = await serveProcess(['--hub', '--hub-port', '0', '--bind', '127.0.0.1', '--config', configPath, '--data-dir', path.join(tmp.dir, 'hub-data')], {
    open: /Open: (\S+)/,
    port: /--attach https:\/\/[^\n]*?:(\d+)/,
    fingerprint: /Hub certificate SHA-256: (\S+)/,
  });
  const hubPort = hub.found.port!;
  const hubBase = `https://127.0.0.1:${hubPort}`;
  const fingerprint = hub.found.fingerprint!;
  const openUrl = new URL(hub.found.open!);
  log(`hub pid ${hub.child.pid} at ${hubBase}, certificate ${fingerprint.slice(0, 23)}…`);

  // The administrator, on the hub's own screen (loopback, with the launch token), makes the pairing codes.
  const admin = await screen(`wss://127.0.0.1:${hubPort}/ws?token=${openUrl.searchParams.get('token')}`, { name: 'administrator on the hub' });
  const signed = await admin.invoke('auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' });
  if (!signed.ok) throw new Error(`admin sign-in at the hub: ${signed.error?.message}`);
  const pairDevice = async (name: string, kind: 'console' | 'wallboard') => {
    const c = await admin.invoke<{ code: string; fingerprint: string }>('hub.pairingCode', { name, kind });
    if (!c.ok || !c.value) throw new Error(`pairing code for ${name}: ${c.error?.message}`);
    if (c.value.fingerprint !== fingerprint) throw new Error('the fingerprint shown with the code is not the hub certificate’s');
    return c.value.code;
  };

  // The measured attached console: a real relay process, paired like any console.
  const relayCode = await pairDevice('Bench console 1 (relay)', 'console');
  const relay = await serveProcess(['--attach', hubBase, '--pair', relayCode, '--fingerprint', fingerprint, '--data-dir', path.join(tmp.dir, 'relay-data')], { open: /Open: (\S+)/ }, { XDG_DATA_HOME: path.join(tmp.dir, 'relay-xdg') });
  const relayUrl = new URL(relay.found.open!);
  const attached = await screen(`ws://${relayUrl.host}/ws?token=${relayUrl.searchParams.get('token')}`, { name: 'attached console (relay)' });

  // 24 more consoles and 10 wall boards, protocol-level, straight to the hub's WSS with their credentials.
  const consoles: Screen[] = [];
  const boards: Screen[] = [];
  for (let i = 2; i <= CONSOLES; i++) {
    const { credential } = await pair(hubBase, await pairDevice(`Bench console ${i}`, 'console'));
    consoles.push(await screen(`wss://127.0.0.1:${hubPort}/ws`, { headers: { authorization: `Device ${credential}` }, fingerprint, name: `console ${i}` }));
  }
  for (let i = 1; i <= BOARDS; i++) {
    const { credential } = await pair(hubBase, await pairDevice(`Bench wall board ${i}`, 'wallboard'));
    boards.push(await screen(`wss://127.0.0.1:${hubPort}/ws`, { headers: { authorization: `Device ${credential}` }, fingerprint, name: `wall board ${i}` }));
  }
  // People sign in at the hub on each console; each screen reloads what an open screen shows every 5 s.
  const people = [['BADGE-1001', '1111'], ['BADGE-1002', '2222'], ['BADGE-1003', '3333']] as const;
  for (const [i, c] of [attached, ...consoles].entries()) {
    const [badgeId, pin] = people[i % people.length]!;
    const r = await c.invoke('auth.signIn', { method: 'badge', badgeId, pin });
    if (!r.ok) throw new Error(`sign-in on console ${i + 1}: ${r.error?.message}`);
    c.onReconnect = async () => void (await c.invoke('auth.signIn', { method: 'badge', badgeId, pin }));
  }
  let reloading = true;
  const reloads = (async () => {
    while (reloading) {
      await Promise.all([attached, ...consoles].map((c) => Promise.all([c.invoke('holds.list', {}), c.invoke('alerts.list', {}), c.invoke('lines.snapshot', {})])));
      for (const b of boards) void b.invoke('lines.snapshot', {});
      await sleep(5000);
    }
  })();
  await until(() => attached.l1.length > 2, 90_000, 'live lines on the attached console');
  await sleep(3000);
  const sessions = await controllerSessions();
  log(`controller sessions on the demo plant (server diagnostics) with the hub, ${CONSOLES} consoles and ${BOARDS} wall boards attached: ${sessions.count}${sessions.names.length ? ` (${sessions.names.join(', ')})` : ''}`);

  // ── The standalone console, the baseline, on the same plant ──────────────────────────────────────────
  fs.mkdirSync(path.join(tmp.dir, 'standalone-data'));
  const sa = await startServeChild(configPath, path.join(tmp.dir, 'standalone-data'));
  standaloneStop = sa.stop;
  const saUrl = new URL(sa.url);
  const standalone = await screen(`ws://${saUrl.host}/ws?token=${saUrl.searchParams.get('token')}`, { name: 'standalone console' });
  await until(() => standalone.l1.length > 2, 90_000, 'live lines on the standalone console');
  await sleep(3000);

  // ── Rounds ───────────────────────────────────────────────────────────────────────────────────────────
  const rounds: { attached: number[]; standalone: number[]; hubCpuPct: number; hubRssMb: number; saCpuPct: number; relayCpuPct: number }[] = [];
  const stA = { offset: null as number | null };
  const stS = { offset: null as number | null };
  for (let r = 0; r < ROUNDS; r++) {
    const from = wallNow();
    const cpu0 = [cpuMsOf(hub.child.pid!)!, cpuMsOf(sa.pid)!, cpuMsOf(relay.child.pid!)!];
    const t0 = performance.now();
    let rss = 0;
    for (let s = 0; s < ROUND_S; s++) {
      await sleep(1000);
      rss = Math.max(rss, rssMbOf(hub.child.pid!) ?? 0);
    }
    const dt = performance.now() - t0;
    const cpu1 = [cpuMsOf(hub.child.pid!)!, cpuMsOf(sa.pid)!, cpuMsOf(relay.child.pid!)!];
    const to = wallNow();
    const row = {
      attached: latencies(attached, from, to, stA),
      standalone: latencies(standalone, from, to, stS),
      hubCpuPct: ((cpu1[0]! - cpu0[0]!) / dt) * 100,
      saCpuPct: ((cpu1[1]! - cpu0[1]!) / dt) * 100,
      relayCpuPct: ((cpu1[2]! - cpu0[2]!) / dt) * 100,
      hubRssMb: rss,
    };
    rounds.push(row);
    log(
      `round ${r + 1} (${drops.length} screen drops so far): hub CPU ${row.hubCpuPct.toFixed(0)} % of a core, RSS ${row.hubRssMb.toFixed(0)} MB (standalone console ${row.saCpuPct.toFixed(0)} %, relay ${row.relayCpuPct.toFixed(0)} %); ` +
        `change → screen attached p50 ${ms(percentile(row.attached, 0.5))} / p95 ${ms(percentile(row.attached, 0.95))} ms (${row.attached.length} of ${attached.l1.filter((c) => c.at >= from && c.at <= to).length} changes matched), ` +
        `standalone p50 ${ms(percentile(row.standalone, 0.5))} / p95 ${ms(percentile(row.standalone, 0.95))} ms (${row.standalone.length} of ${standalone.l1.filter((c) => c.at >= from && c.at <= to).length})`,
    );
  }
  reloading = false;
  await reloads;
  const distinct = (xs: string[]) => [...new Set(xs)].slice(0, 5).join('; ');
  log(`commands from the consoles: ${commands.roundTrips.length} answered (round trip p50 ${ms(percentile(commands.roundTrips, 0.5))} / p95 ${ms(percentile(commands.roundTrips, 0.95))} ms), ${commands.refused.length} refused${commands.refused.length ? ` (${distinct(commands.refused)})` : ''}, ${commands.unanswered.length} never answered${commands.unanswered.length ? ` (${distinct(commands.unanswered)})` : ''}, ${commands.lost} lost with a dropped connection`);
  const framesPerBoard = boards.map((b) => b.frames);
  const load = loadAtStart;
  const notJudged = tooLoaded(loadAtStart) ?? (rounds.some((r) => r.attached.length < 5 || r.standalone.length < 5) ? 'too few changes seen on a screen' : undefined);
  const scene = `hub, ${LINES} lines × 20 tags, ${CONSOLES} consoles + ${BOARDS} wall boards (protocol-level clients)`;
  report({ name: scene, metric: 'hub CPU', value: round(range(rounds.map((r) => r.hubCpuPct)).median), valueRange: range(rounds.map((r) => r.hubCpuPct)), unit: '% of a core', baselineName: 'standalone console, 1 screen', baseline: round(range(rounds.map((r) => r.saCpuPct)).median), ratioRange: range(rounds.map((r) => r.hubCpuPct / r.saCpuPct)), load, detail: { relayCpuPct: rounds.map((r) => round(r.relayCpuPct)) } });
  report({ name: scene, metric: 'hub RSS', value: round(Math.max(...rounds.map((r) => r.hubRssMb))), unit: 'MB', load, detail: { framesPerBoard } });
  report({ name: scene, metric: 'command round trip p95 (holds, alerts, lines every 5 s per console)', value: round(percentile(commands.roundTrips, 0.95)), unit: 'ms', load, detail: { answered: commands.roundTrips.length, refused: commands.refused.length, unanswered: commands.unanswered.length, lostWithConnection: commands.lost }, ...(commands.unanswered.length > 0 ? { notJudged: `${commands.unanswered.length} commands never answered` } : {}) });
  log(`screens that lost their connection and reconnected: ${drops.length}${drops.length ? ` (${[...new Set(drops.map((d) => d.replace(/^[^:]+: /, '')))].slice(0, 3).join('; ')})` : ''}`);
  report({ name: scene, metric: 'screens dropped (heartbeat or lost hub) and reconnected', value: drops.length, unit: 'drops', load, detail: { drops: drops.slice(0, 50) } });
  report({ name: scene, metric: 'controller sessions (server diagnostics)', value: sessions.count, unit: 'sessions', budget: '= 1 per controller (1 controller)', pass: sessions.count === 1, load, detail: { names: sessions.names } });
  const p = (q: number, k: 'attached' | 'standalone') => rounds.map((r) => percentile(r[k], q));
  report({
    name: `${scene}: change → screen (WebSocket frame), attached console`,
    metric: 'p95',
    value: round(range(p(0.95, 'attached')).median),
    valueRange: range(p(0.95, 'attached')),
    unit: 'ms',
    baselineName: 'standalone console, same run, same plant',
    baseline: round(range(p(0.95, 'standalone')).median),
    ratioRange: range(rounds.map((r) => percentile(r.attached, 0.95) / percentile(r.standalone, 0.95))),
    budget: '≤ standalone p95 + 100 ms, every round',
    pass: rounds.every((r) => percentile(r.attached, 0.95) <= percentile(r.standalone, 0.95) + 100),
    notJudged,
    load,
  });
  report({
    name: `${scene}: change → screen (WebSocket frame), attached console`,
    metric: 'p50',
    value: round(range(p(0.5, 'attached')).median),
    valueRange: range(p(0.5, 'attached')),
    unit: 'ms',
    baselineName: 'standalone console, same run, same plant',
    baseline: round(range(p(0.5, 'standalone')).median),
    ratioRange: range(rounds.map((r) => percentile(r.attached, 0.5) / percentile(r.standalone, 0.5))),
    load,
    detail: { loadAtEnd: machineLoad(), host: os.hostname() },
  });
} finally {
  stopping = true;
  clearTimeout(ticker);
  for (const ws of sockets) ws.terminate();
  await standaloneStop?.().catch(() => undefined);
  for (const c of children.reverse()) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
  await plant.stop();
  tmp.cleanup();
}
process.exit(0);

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await sleep(100);
  }
}
