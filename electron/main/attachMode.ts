import path from 'node:path';
import { type BrowserWindow, app, session } from 'electron';
import { runAttach } from '../core/platform/serve/attachMain.ts';
import type { SecretStore } from '../core/platform/ports/ports.ts';
import { createMainWindow, guardWebContents, hardenSession, type WindowSecurity } from './mainWindow.ts';
import type { ShellPaths } from './paths.ts';
import { type AttachArgs } from './policy/attachArgs.ts';
import { cspFor } from './policy/csp.ts';

/**
 * The desktop app attached to a plant hub (docs/hub.md): no core, no utility process, no database. The
 * attached console's relay runs here on loopback (credential in the OS keyring through `secrets`), and the
 * window loads the renderer from it, so its screens behave exactly as a browser's on an attached console
 * (hub unreachable on every screen, commands refused, resume). The window keeps every guard of the shell:
 * its origin is the relay's, the CSP and navigation rules are the same functions.
 */
export async function runAttachedShell(o: {
  args: AttachArgs;
  paths: ShellPaths;
  secrets: SecretStore;
  title: string;
  log: WindowSecurity['log'];
}): Promise<void> {
  const running = await runAttach({
    repoRoot: path.dirname(o.paths.rendererDir),
    staticDir: o.paths.rendererDir,
    dataDir: path.join(o.paths.dataDir, 'attached'),
    hubUrl: o.args.hubUrl,
    pairCode: o.args.pairCode,
    fingerprint: o.args.fingerprint,
    secrets: o.secrets,
  });
  o.log('info', 'Attached to the plant hub', { hub: running.attachment.hubUrl, device: running.attachment.name, fingerprint: running.attachment.fingerprint });
  const origin = new URL(running.url).origin;
  const security: WindowSecurity = { appOrigin: origin, csp: cspFor(false, origin), dev: false, externalHosts: () => [], log: o.log };
  hardenSession(session.defaultSession, security);
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, security));
  let win: BrowserWindow | null = null;
  const open = (): void => {
    win = createMainWindow({ preloadPath: o.paths.preload, entryUrl: running.url, title: `${o.title} — ${running.attachment.name}`, devTools: !app.isPackaged, ...(o.paths.icon ? { icon: o.paths.icon } : {}) }, security);
    win.on('closed', () => (win = null));
  };
  open();
  app.on('activate', () => {
    if (!win) open();
  });
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void running.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}
