// Real processes for the plant hub tests: `scripts/serve.ts --hub` and `--attach`, and screens that talk
// the wire protocol (shared/contract/wire.ts) the way the renderer does.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { freeLoopbackPort } from '../../../../../electron/core/platform/serve/demoPlantProcess.ts';
import { pinnedTls } from '../../../../../electron/core/platform/serve/hubPairing.ts';
import { makeTempDir, repoRoot } from '../../../../fixtures/tempDir.ts';

export interface Proc {
  child: ChildProcess;
  out(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited(): Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnServe(args: readonly string[]): Proc {
  const child = spawn(process.execPath, ['scripts/serve.ts', '--log-level', 'warn', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    waitFor(re, timeoutMs = 150_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${re} within ${timeoutMs} ms; output:\n${out}`));
        }, timeoutMs);
        waiters.add(check);
        void exit.then(() => setTimeout(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`process ended before ${re}; output:\n${out}`));
          }
        }, 50));
        check();
      });
    },
    exited: () => exit,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (signal === 'SIGSTOP' || signal === 'SIGCONT') throw new Error('use kill for stop/cont');
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

type Envelope = { ok: true; value: any } | { ok: false; error: { code: string; message: string } };

/** One screen: a WebSocket session that invokes commands and collects stream events. */
export class Screen {
  readonly ws: WebSocket;
  /** Stream messages as they arrived (`at`: performance.now() of arrival in this process). */
  readonly events: { stream: string; payload: unknown; at: number }[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope) => void>();

  /** `options`: the `ws` client options, with Node's TLS options (ca, checkServerIdentity) passed through to https. */
  constructor(url: string, options: Record<string, unknown> = {}) {
    this.ws = new WebSocket(url, options as ConstructorParameters<typeof WebSocket>[2]);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        // A command whose answer can no longer come is failed, as the renderer's transport does (never left hanging).
        for (const done of this.pending.values()) done({ ok: false, error: { code: 'LOST', message: `connection closed (${code})` } });
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { type: string; id?: number; envelope?: Envelope; stream?: string; payload?: unknown };
      if (f.type === 'result') {
        this.pending.get(f.id!)?.(f.envelope!);
        this.pending.delete(f.id!);
      } else this.events.push({ stream: f.stream!, payload: f.payload, at: performance.now() });
    });
  }

  invoke(key: string, req: unknown = {}): Promise<Envelope> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) return resolve({ ok: false, error: { code: 'LOST', message: 'connection not open' } });
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'invoke', id, key, req }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** A screen on the hub machine itself (loopback + token), over TLS pinned to the printed fingerprint. */
export function hubScreen(hubPort: number, token: string, certPem: string, fingerprint: string): Screen {
  return new Screen(`wss://127.0.0.1:${hubPort}/ws?token=${token}`, { ...pinnedTls(certPem, fingerprint) });
}

/**
 * The plant hub of one test file (the module state the hub files each kept): `serve --hub` on a free
 * loopback port with its own data folder, what it printed (the screens' token, its certificate's SHA-256)
 * and that certificate; `start` again restarts it on the same port and folder. Every process the file
 * starts through `spawn` is stopped by `stopAll` (continued first, in case a test left it SIGSTOPped),
 * which also deletes the temp folder.
 */
export class HubRig {
  readonly tmp: ReturnType<typeof makeTempDir>;
  /** The hub's data folder (database, certificate, secrets.json). */
  readonly dir: string;
  readonly procs: Proc[] = [];
  hub!: Proc;
  port = 0;
  token = '';
  fingerprint = '';
  certPem = '';

  constructor(tempPrefix: string) {
    this.tmp = makeTempDir(tempPrefix);
    this.dir = path.join(this.tmp.dir, 'hub');
  }

  /** Starts (or restarts) the hub; `args` go before the rig's own (e.g. ['--config', file]). */
  async start(args: readonly string[] = []): Promise<void> {
    if (!this.port) this.port = await freeLoopbackPort();
    this.hub = this.spawn(['--hub', ...args, '--hub-port', String(this.port), '--bind', '127.0.0.1', '--data-dir', this.dir, '--language', 'en']);
    this.token = (await this.hub.waitFor(/Open: https:\/\/127\.0\.0\.1:\d+\/\?token=(\S+)/))[1]!;
    this.fingerprint = (await this.hub.waitFor(/Hub certificate SHA-256: ([0-9A-F:]{95})/))[1]!;
    this.certPem = hubCertPem(this.dir);
  }

  /** A serve process of this file (hub, console, wall board), stopped by stopAll. */
  spawn(args: readonly string[]): Proc {
    const p = spawnServe(args);
    this.procs.push(p);
    return p;
  }

  /** A screen on the hub machine itself (loopback + token, TLS pinned to the printed fingerprint). */
  screen(): Screen {
    return hubScreen(this.port, this.token, this.certPem, this.fingerprint);
  }

  async stopAll(): Promise<void> {
    for (const p of this.procs) {
      try {
        process.kill(p.child.pid!, 'SIGCONT');
      } catch {
        // gone already
      }
    }
    await Promise.allSettled(this.procs.map((p) => p.stop()));
    this.tmp.cleanup();
  }
}

export function hubCertPem(hubDataDir: string): string {
  return fs.readFileSync(path.join(hubDataDir, 'pki', 'hub-tls', 'own', 'certs', 'tls_certificate.pem'), 'utf8');
}

export function deviceCredential(consoleDataDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(consoleDataDir, 'secrets.json'), 'utf8')) as Record<string, string>)['hub.deviceCredential']!;
}

export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
