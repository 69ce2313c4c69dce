import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { errResult, okResult, type Result } from '../../../shared/result.ts';
import type { SecretError, SecretStore } from '../../core/platform/ports/ports.ts';

/**
 * The SecretStore of the desktop app: values encrypted with Electron safeStorage (the OS keyring:
 * DPAPI on Windows, Keychain on macOS, libsecret/KWallet on Linux), kept as base64 blobs in one JSON
 * file under userData, mode 0600.
 *
 * Handed only the calls it uses (`SafeStorageLike`), so tests pass a fake and only main/index.ts passes
 * Electron's `safeStorage`. On Linux, safeStorage falls back to the `basic_text` backend when no keyring
 * is reachable: that "encryption" uses a hard-coded key, so we refuse it (UNAVAILABLE) instead of storing
 * ERP credentials in what only looks encrypted.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only in Electron; absent or ignored elsewhere. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStoreOptions {
  /** The JSON file, e.g. <userData>/secrets.enc.json. */
  file: string;
  platform: NodeJS.Platform;
  onWarning?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface SafeStorageSecretStore extends SecretStore {
  /** Why secrets cannot be kept right now, or null when they can. */
  unavailableReason(): Promise<string | null>;
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const FILE_VERSION = 1;

interface SecretFile {
  version: number;
  secrets: Record<string, string>;
}

export function safeStorageSecretStore(safe: SafeStorageLike, options: SafeStorageSecretStoreOptions): SafeStorageSecretStore {
  const { file, platform } = options;
  const warn = options.onWarning ?? (() => undefined);

  const backend = (): string | null => (platform === 'linux' ? (safe.getSelectedStorageBackend?.() ?? 'unknown') : null);

  async function unavailableReason(): Promise<string | null> {
    const b = backend();
    if (b === 'basic_text') {
      return 'No OS keyring was found (Electron safeStorage backend "basic_text"); credentials are not stored. Install and unlock a keyring (GNOME Keyring / KWallet) and restart.';
    }
    if (b === 'unknown') return 'Electron safeStorage is not ready (backend "unknown").';
    try {
      if (!(await safe.isAsyncEncryptionAvailable())) return 'Electron safeStorage reports that encryption is not available.';
    } catch (e) {
      return `Electron safeStorage failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    return null;
  }

  async function readFile(): Promise<SecretFile> {
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: FILE_VERSION, secrets: {} };
      throw e;
    }
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      (parsed as { version?: unknown }).version !== FILE_VERSION ||
      typeof (parsed as { secrets?: unknown }).secrets !== 'object' ||
      (parsed as { secrets?: unknown }).secrets === null
    ) {
      throw new Error(`${file} is not a version ${FILE_VERSION} secret file`);
    }
    const secrets: Record<string, string> = {};
    for (const [k, v] of Object.entries((parsed as SecretFile).secrets)) if (typeof v === 'string') secrets[k] = v;
    return { version: FILE_VERSION, secrets };
  }

  async function writeFileAtomically(content: SecretFile): Promise<void> {
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fsp.writeFile(tmp, JSON.stringify(content), { mode: 0o600 });
      await fsp.chmod(tmp, 0o600); // the mode above is masked by umask; make it exact
      await fsp.rename(tmp, file);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  // Writes are read-modify-write on one file: run them one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    unavailableReason,

    read(name: string): Promise<Result<string, SecretError>> {
      return serial(async () => {
        if (!SECRET_NAME.test(name)) return errResult('NOT_FOUND' as const);
        const reason = await unavailableReason();
        if (reason) {
          warn('Secret not read', { name, reason });
          return errResult('UNAVAILABLE' as const);
        }
        try {
          const all = await readFile();
          const blob = Object.hasOwn(all.secrets, name) ? all.secrets[name] : undefined;
          if (blob === undefined) return errResult('NOT_FOUND' as const);
          const { result, shouldReEncrypt } = await safe.decryptStringAsync(Buffer.from(blob, 'base64'));
          if (shouldReEncrypt) {
            all.secrets[name] = (await safe.encryptStringAsync(result)).toString('base64');
            await writeFileAtomically(all);
          }
          return okResult(result);
        } catch (e) {
          warn('Secret cannot be read', { name, file, error: e instanceof Error ? e.message : String(e) });
          return errResult('UNAVAILABLE' as const);
        }
      });
    },

    write(name: string, value: string): Promise<Result<void, 'UNAVAILABLE'>> {
      return serial(async () => {
        if (!SECRET_NAME.test(name)) return errResult('UNAVAILABLE' as const);
        const reason = await unavailableReason();
        if (reason) {
          warn('Secret not stored', { name, reason });
          return errResult('UNAVAILABLE' as const);
        }
        try {
          const all = await readFile().catch(async (e: unknown) => {
            // A damaged file makes every secret in it unreadable anyway. Keep it aside for inspection
            // (never delete a credential file silently) and start a new one.
            const aside = `${file}.damaged-${Date.now()}`;
            await fsp.rename(file, aside);
            warn('Secret file unreadable; moved aside and started a new one', { file, aside, error: e instanceof Error ? e.message : String(e) });
            const fresh: SecretFile = { version: FILE_VERSION, secrets: {} };
            return fresh;
          });
          all.secrets[name] = (await safe.encryptStringAsync(value)).toString('base64');
          await writeFileAtomically(all);
          return okResult(undefined);
        } catch (e) {
          warn('Secret cannot be stored', { name, file, error: e instanceof Error ? e.message : String(e) });
          return errResult('UNAVAILABLE' as const);
        }
      });
    },

    describe(): string {
      const b = backend();
      if (b === 'basic_text') return `Electron safeStorage refused: no OS keyring (backend basic_text); nothing is stored`;
      const keyring = platform === 'win32' ? 'DPAPI' : platform === 'darwin' ? 'Keychain' : (b ?? 'OS keyring');
      return `Electron safeStorage (${keyring}), file ${file}, mode 0600`;
    },
  };
}
