/**
 * Helpers for benchmarks that drive Chromium against serve mode: a plant configuration written to a temp
 * folder, `scripts/serve.ts` started the way a person starts it, and Debian's Chromium. Not a bench itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { extraTagNodeId } from '../../electron/demo/demoExtraTags.ts';
import { DEMO_NAMESPACE_URI, demoNodeRef } from '../../electron/demo/plantModel.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && fs.existsSync(p));

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The shipped demo configuration, pointed at `endpoint`, with a shift open around the clock and no ERP/CMMS. */
export function benchPlantConfig(endpoint: string): Record<string, unknown> & { lines: Record<string, unknown>[] } {
  const cfg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'resources', 'demo-plant.json'), 'utf8')) as Record<string, unknown> & {
    controllers: { endpoint: string }[];
    lines: Record<string, unknown>[];
  };
  cfg.controllers[0]!.endpoint = endpoint;
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  cfg.shiftCalendar = { shifts: [{ name: 'Day', start: '00:00', end: '12:00', days: everyDay }, { name: 'Evening', start: '12:00', end: '00:00', days: everyDay }], holidays: [] };
  delete cfg.erp;
  delete cfg.cmms;
  return cfg;
}

/**
 * The scale configuration (scale and hub benches): `lines` lines of the demo plant started with that many
 * lines and extra tags (runDemoPlant --lines --extra-tags, or startDemoPlant's lines/extraTagsPerLine), each
 * with its six line tags and `signals` of its extra tags as signals. Extra tag k drifts 5 around 50 + 10k:
 * a band of ±4 puts each one outside it now and then. Targets 120, 90, 60 parts a minute in turn.
 */
export function manyLinesConfig(endpoint: string, lines: number, signals: number): Record<string, unknown> & { lines: Record<string, unknown>[] } {
  const cfg = benchPlantConfig(endpoint);
  const template = cfg.lines[0]!;
  const speeds = [120, 90, 60];
  cfg.lines = Array.from({ length: lines }, (_, i) => {
    const n = i + 1;
    const target = speeds[i % 3]!;
    return {
      ...template,
      id: `L${n}`,
      name: `Line ${n}`,
      tags: {
        goodCount: demoNodeRef(n, 'GoodCount'),
        rejectCount: demoNodeRef(n, 'RejectCount'),
        machineState: demoNodeRef(n, 'MachineState'),
        speed: demoNodeRef(n, 'Speed'),
        currentOrder: demoNodeRef(n, 'CurrentOrder'),
        holdInterlock: demoNodeRef(n, 'HoldInterlock'),
      },
      signals: Array.from({ length: signals }, (_, j) => ({
        id: `x${j + 1}`,
        label: `Zone ${j + 1} temperature`,
        nodeId: `nsu=${DEMO_NAMESPACE_URI};s=${extraTagNodeId(n, j + 1)}`,
        unit: '°C',
        decimals: 2,
        low: 46 + 10 * (j + 1),
        high: 54 + 10 * (j + 1),
      })),
      targetRatePerMin: target,
      idealCycleTimeSec: Math.round((60 / target / 1.1) * 1000) / 1000,
    };
  });
  return cfg;
}

export interface ServeChild {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `node scripts/serve.ts --config <file>` in its own process: the core as a user runs it. */
export async function startServeChild(configPath: string, dataDir: string): Promise<ServeChild> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.ts', '--config', configPath, '--data-dir', dataDir, '--log-level', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 90 s:\n${out}`)), 90_000);
    child.stdout?.on('data', () => {
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (code ${code}) before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBenchBrowser(viewport = { width: 1600, height: 1000 }): Promise<BenchBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath!, headless: true, viewport, args: ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** CPU time (user + system) of a process, from /proc: the core's own process when it is a child. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return null;
  }
}

export function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
