import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** The e2e project's folder for the prepared OPC UA key pairs (test/e2e/support/requireChromium.ts), '' when there is none. */
    e2ePkiCacheDir: string;
  }
}

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
export async function startServe(
  timeoutMs = 90_000,
  options: {
    args?: readonly string[];
    prepareDataDir?: (dir: string) => void;
    /** The screens' language (serve's --language); English unless a German test says 'de'. */
    language?: 'de' | 'en';
    /** Let the console and the demo plant make their own key pairs, as on a workstation's first start (see preparedPki). */
    freshPki?: boolean;
  } = {},
): Promise<ServeProcess> {
  // Point the tests at a serve instance that is already running (debugging a failing e2e run).
  const existing = process.env.PLANT_CONSOLE_E2E_URL;
  if (existing) return { url: existing, dataDir: '', output: () => '', stop: async () => {} };

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-e2e-'));
  const pki = options.freshPki ? null : preparedPki();
  const pkiCopied = pki?.copyInto(dataDir) ?? false;
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
    if (pki && !pkiCopied) pki.keepFrom(dataDir);
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

/** The `own` folders (certificate and private key) of each certificate store under a data folder's pki/. */
const OWN_STORES = [path.join('demo-plant', 'server', 'own'), path.join('demo-plant', 'user', 'own'), path.join('opcua-client', 'own')];

/**
 * Key pairs made once per e2e run and copied into each serve's fresh data folder: on a first start the demo
 * plant makes two RSA key pairs and a server certificate, and the console its client key pair and
 * certificate (about 0.4 s of CPU of each serve start, at load 26: 6.7-7.0 s with a copied PKI against 7.2-7.4 s
 * without, alternating). The first serve of a run that starts without them makes its own, as a workstation
 * does on its first start, and leaves them here for the next when it stops (the console makes its client
 * key pair when it first connects, which may come after serve printed its address); files that test the first start say
 * `freshPki`. Only each store's `own` folder is copied (not the lock files, trusted or rejected peers):
 * what the product finds is a workstation that has started before with no peer seen yet. Null outside the
 * e2e project (no folder provided).
 */
function preparedPki(): { copyInto(dataDir: string): boolean; keepFrom(dataDir: string): void } | null {
  let cache = '';
  try {
    cache = inject('e2ePkiCacheDir') ?? '';
  } catch {
    cache = ''; // not inside a vitest worker
  }
  if (!cache) return null;
  const ready = path.join(cache, 'pki');
  const notLock = (src: string) => !src.endsWith('.mutex');
  return {
    copyInto(dataDir) {
      if (!fs.existsSync(ready)) return false;
      for (const store of OWN_STORES) fs.cpSync(path.join(ready, store), path.join(dataDir, 'pki', store), { recursive: true, filter: notLock });
      return true;
    },
    keepFrom(dataDir) {
      // Several files start at once: each copies into a folder of its own and the first rename wins.
      const staging = path.join(cache, `pki-${process.pid}-${Date.now().toString(36)}`);
      try {
        for (const store of OWN_STORES) {
          const from = path.join(dataDir, 'pki', store);
          if (!fs.existsSync(path.join(from, 'private', 'private_key.pem'))) return; // a serve with another plant (--config) or a refused start
          fs.cpSync(from, path.join(staging, store), { recursive: true, filter: notLock });
        }
        fs.renameSync(staging, ready);
      } catch {
        // another file's copy is already in place
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    },
  };
}
