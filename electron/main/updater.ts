/**
 * Update checks: check, and tell people. Never download or install by ourselves.
 *
 * Why not the usual auto-update: this app holds a durable outbox of shift confirmations, holds and
 * maintenance cases on its way to the ERP and the maintenance system, and may be the screen a shift
 * supervisor is using to stop a line. An update that downloads in the background and installs when the
 * app quits (electron-updater's defaults) could restart the console mid-shift or swap the binary under
 * a queue that is still draining. So: `autoDownload = false`, `autoInstallOnAppQuit = false`; the app
 * only checks and says "version X is available"; installing is a deliberate act by an administrator
 * when the outbox is idle and a supervisor agrees.
 *
 * Electron objects are only types here: index.ts passes electron-updater's `autoUpdater`, tests a fake.
 */

import { type ShellText, shellText } from './shellText.ts';

export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

export interface UpdateCheckOptions {
  notice(level: 'info' | 'warning', message: string): void;
  /** The shell's texts in the language in force (shellText.ts); English when not given. */
  text?: ShellText;
  log(level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>): void;
  currentVersion: string;
  /** Between checks; 6 h by default. The first check runs after `firstDelayMs` (1 min). */
  intervalMs?: number;
  firstDelayMs?: number;
}

export function setupUpdateChecks(updater: UpdaterLike, o: UpdateCheckOptions): { dispose(): void } {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;

  const announced = new Set<string>();
  updater.on('update-available', (info) => {
    o.log('info', 'Update available', { version: info.version, current: o.currentVersion });
    if (announced.has(info.version)) return;
    announced.add(info.version);
    o.notice('info', (o.text ?? shellText('en'))('update.available', { version: info.version, current: o.currentVersion }));
  });
  updater.on('error', (error) => {
    // The update server is often unreachable on a plant network; that is not a person's problem.
    o.log('warn', 'Update check failed', { error: error.message });
  });

  const check = (): void => {
    updater.checkForUpdates().catch((e: unknown) => o.log('warn', 'Update check failed', { error: String(e) }));
  };
  const first = setTimeout(check, o.firstDelayMs ?? 60_000);
  const every = setInterval(check, o.intervalMs ?? 6 * 60 * 60 * 1000);
  first.unref?.();
  every.unref?.();
  return {
    dispose() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
