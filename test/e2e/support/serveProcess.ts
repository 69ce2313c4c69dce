import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServeProcess {
  readonly url: string;
  /** The serve instance's data folder (database, logs); empty when pointed at an existing instance. */
  readonly dataDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Starts `npm run serve` the way a person does (scripts/serve.ts, demo plant, fresh data folder) and
 * reads the address it prints. Uses this process's Node, which is the project's Node 24.
 */
export async function startServe(timeoutMs = 90_000, options: { args?: readonly string[]; prepareDataDir?: (dir: string) => void; /** The screens' language (serve's --language); English unless a German test says 'de'. */ language?: 'de' | 'en' } = {}): Promise<ServeProcess> {
  // Point the tests at a serve instance that is already running (debugging a failing e2e run).
  const existing = process.env.PLANT_CONSOLE_E2E_URL;
  if (existing) return { url: existing, dataDir: '', output: () => '', stop: async () => {} };

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-e2e-'));
  // A test's own plant configuration, or secrets put in place before the console reads them.
  options.prepareDataDir?.(dataDir);
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.ts', '--data-dir', dataDir, '--log-level', 'warn', '--language', options.language ?? 'en', ...(options.args ?? [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (code ${code}) before printing its URL:\n${out}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });

  return { url, dataDir, output: () => out, stop };
}
