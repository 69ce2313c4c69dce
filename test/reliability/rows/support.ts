import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createOpcuaGateway, type OpcuaGateway, type OpcuaGatewayOptions } from '../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import type { Clock, Logger } from '../../../electron/core/platform/ports/ports.ts';
import type { ControllerConfig } from '../../../shared/domain/plantConfig.ts';

/** Shared plumbing of the OPC UA reliability rows (T12–T19): real clock, quiet logger, deadlines, report lines. */

export const realClock: Clock = systemClock;

export function collectingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const at = (level: string) => (msg: string, f?: Readonly<Record<string, unknown>>) => {
    lines.push(`${level} ${msg} ${f ? safe(f) : ''}`);
    if (lines.length > 5000) lines.splice(0, 1000);
  };
  const l: Logger & { lines: string[] } = { lines, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error'), child: () => l };
  return l;
}

function safe(f: unknown): string {
  try {
    return JSON.stringify(f, (_k, v: unknown) => (v instanceof Error ? v.message : v));
  } catch {
    return '';
  }
}

/** Short, honest timings: node-opcua's own backoff shortened through options only. */
export const FAST_TIMING: OpcuaGatewayOptions['timing'] = {
  firstConnectMaxRetry: 1,
  initialDelayMs: 100,
  maxDelayMs: 1000,
  retryDelayMs: 300,
  keepAliveIntervalMs: 1000,
  transportTimeoutMs: 5000,
  defaultTransactionTimeoutMs: 3000,
};

export function controller(endpoint: string, patch: Partial<ControllerConfig> = {}): ControllerConfig {
  return {
    id: 'plc',
    name: 'Reliability PLC',
    endpoint,
    security: { mode: 'None', policy: 'None', allowInsecure: true },
    userToken: { type: 'anonymous' },
    publishingIntervalMs: 100,
    ...patch,
  };
}

export function makeGateway(options: Omit<OpcuaGatewayOptions, 'clock' | 'logger'> & { logger?: Logger }): OpcuaGateway {
  return createOpcuaGateway({ clock: realClock, logger: options.logger ?? collectingLogger(), ...options, timing: { ...FAST_TIMING, ...options.timing } });
}

export async function waitFor(cond: () => boolean, timeoutMs: number, pollMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(pollMs);
  }
  return true;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

export function p95(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

/** The figures of one row; `line()` prints the matrix's one-line format. */
export interface RowResult {
  row: string;
  pass: boolean;
  figures: { name: string; value: string | number; target?: string; report?: boolean }[];
  seed?: number;
}

export function rowLine(r: RowResult): string {
  const parts = r.figures.map((f) => `${f.name}=${typeof f.value === 'number' ? round(f.value) : f.value} (${f.report ? 'report' : `target ${f.target ?? '?'}`})`);
  return `${r.row}: ${parts.join(' ; ')}${r.seed !== undefined ? ` ; seed=${r.seed}` : ''} ${r.pass ? 'PASS' : 'FAIL'}`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** The demo plant in its own process group (SIGKILL-able like a controller losing power). */
export interface SimulatorProcess {
  readonly child: ChildProcess;
  readonly endpointUrl: string;
  kill(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export async function spawnSimulator(args: { port: number; pkiDir: string; tickMs: number; tickEpochMs: number; extra?: string[] }): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'electron', 'demo', 'runDemoPlant.ts'),
      '--port', String(args.port),
      '--pki-dir', args.pkiDir,
      '--tick-ms', String(args.tickMs),
      '--tick-epoch-ms', String(args.tickEpochMs),
      '--exit-with-parent',
      ...(args.extra ?? []),
    ],
    { cwd: repoRoot, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const ok = await waitFor(() => /Demo plant running: (\S+)/.test(out) || child.exitCode !== null, 30_000, 20);
  const m = /Demo plant running: (\S+)/.exec(out);
  if (!ok || !m?.[1]) {
    killGroup(child);
    throw new Error(`the simulator did not start: ${out.slice(0, 500)}`);
  }
  return {
    child,
    endpointUrl: m[1],
    async kill() {
      killGroup(child);
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5000);
    },
  };
}

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
