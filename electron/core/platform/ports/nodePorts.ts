import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errResult, okResult } from '../../../../shared/result.ts';
import { createLogger } from '../logging/createLogger.ts';
import type { Clock, Disposable, Logger, Notifier, OnlineMonitor, Ports, SecretStore } from './ports.ts';

/** Plain-Node implementations of the ports, for serve mode and the desktop core's utility process. */

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(t) };
  },
  setInterval(ms, fn) {
    const t = setInterval(fn, ms);
    return { dispose: () => clearInterval(t) };
  },
};

/**
 * Secrets in a JSON file only the OS user can read (mode 0600). This is weaker than the desktop's
 * safeStorage (no OS keyring), and says so: `describe()` is shown on the settings screen.
 */
export function fileSecretStore(file: string, logger: Logger): SecretStore {
  const readAll = (): Record<string, string> => {
    try {
      const st = fs.statSync(file);
      if ((st.mode & 0o077) !== 0) {
        logger.warn('Secret file is readable by other users; fixing its mode to 0600', { file });
        fs.chmodSync(file, 0o600);
      }
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (parsed === null || typeof parsed !== 'object') return {};
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
  };
  let warned = false;
  return {
    async read(name) {
      try {
        const all = readAll();
        return Object.hasOwn(all, name) ? okResult(all[name]!) : errResult('NOT_FOUND');
      } catch (e) {
        logger.error('Secret file cannot be read', { file, error: e as Error });
        return errResult('UNAVAILABLE');
      }
    },
    async write(name, value) {
      try {
        if (!warned) {
          logger.warn('Storing a credential in a 0600 file (serve mode): use the desktop app for OS-keyring protection', { file });
          warned = true;
        }
        const all = readAll();
        all[name] = value;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
        fs.renameSync(tmp, file);
        return okResult(undefined);
      } catch (e) {
        logger.error('Secret file cannot be written', { file, error: e as Error });
        return errResult('UNAVAILABLE');
      }
    },
    describe: () => `file ${file} (mode 0600, not encrypted: serve mode)`,
  };
}

/** Serve mode has no desktop: notifications become log lines (and the core turns them into system.notice). */
export function logNotifier(logger: Logger): Notifier {
  return { notify: (n) => (n.level === 'critical' ? logger.error : logger.warn)(`${n.title}: ${n.body}`) };
}

/** Online when any non-internal interface is up; polled, since Node has no change event for it. */
export function interfaceOnlineMonitor(clock: Clock, pollMs = 5000): OnlineMonitor & Disposable {
  const check = () => Object.values(os.networkInterfaces()).some((list) => list?.some((i) => !i.internal));
  let online = check();
  const listeners = new Set<(o: boolean) => void>();
  const timer = clock.setInterval(pollMs, () => {
    const now = check();
    if (now !== online) {
      online = now;
      for (const l of listeners) l(now);
    }
  });
  return {
    isOnline: () => online,
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose: () => timer.dispose(),
  };
}

export interface NodePortsOptions {
  dataDir: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  echoToStderr?: boolean;
}

export function createNodePorts(options: NodePortsOptions): Ports & Disposable {
  const logger = createLogger({
    level: options.logLevel ?? 'info',
    file: path.join(options.dataDir, 'logs', 'console.log'),
    echoToStderr: options.echoToStderr ?? true,
  });
  const online = interfaceOnlineMonitor(systemClock);
  return {
    clock: systemClock,
    logger,
    secrets: fileSecretStore(path.join(options.dataDir, 'secrets.json'), logger),
    notifier: logNotifier(logger),
    online,
    dispose: () => online.dispose(),
  };
}
