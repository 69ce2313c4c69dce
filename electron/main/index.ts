import fs from 'node:fs';
import {
  type BrowserWindow,
  Notification,
  app,
  ipcMain,
  protocol,
  safeStorage,
  session,
  utilityProcess,
} from 'electron';
import electronUpdater from 'electron-updater';
import { safeStorageSecretStore } from './adapters/safeStorageSecretStore.ts';
import { createCoreHost, fromUtilityProcess } from './coreHost.ts';
import { runAttachedShell } from './attachMode.ts';
import { parseAttachArgv } from './policy/attachArgs.ts';
import { decideStartMode, hubNotice, type HubNotice, parseHubArgv, parseHubSetting } from './policy/hubMode.ts';
import { resolveSystemProxies, targetUrls } from './systemProxy.ts';
import { clientIdFor, forwardStream, installIpcBridge } from './ipcBridge.ts';
import { createMainWindow, guardWebContents, hardenSession, registerAppProtocol, type WindowSecurity } from './mainWindow.ts';
import { resolveShellPaths } from './paths.ts';
import { APP_SCHEME, resolveAppOrigin } from './policy/appOrigin.ts';
import { cspFor } from './policy/csp.ts';
import { externalHostList, externalHostsFromSystemInfo } from './policy/externalHosts.ts';
import { installGateState } from './update/installGate.ts';
import { setupUpdateChecks } from './updater.ts';
import { notificationText, shellLanguageState } from './shellText.ts';

/**
 * The desktop shell's composition root: app lifecycle, one window, the core in a utility process, the
 * IPC bridge, safeStorage-backed secrets and update checks. Everything that decides anything lives in
 * ./policy (pure) or in modules that take Electron objects as parameters; this file only connects them.
 */

const PRODUCT_NAME = 'Plant Operations Console';
/** The shell's own client id towards the core, for what main itself reads (never a window). */
const SHELL_CLIENT = 'shell';
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void => {
  const line = `[main] ${level} ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

// Must happen before 'ready': app:// gets a real origin (standard), counts as secure, may use fetch.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);
// Every renderer sandboxed, whatever a BrowserWindow says.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the running console (which focuses its window) and leaves.
  app.quit();
} else {
  void run().catch((e: unknown) => {
    log('error', 'The shell failed to start', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    app.exit(1);
  });
}

async function run(): Promise<void> {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // A function, not a captured value: the window comes and goes (macOS 'activate' reopens it).
  const mainWebContents = () => (win && !win.isDestroyed() ? win.webContents : null);

  await app.whenReady();
  // The shell's own words (notices, window title) in the last person's language, else the plant's, else the OS's.
  const shellLang = shellLanguageState(app.getLocale());
  if (process.platform === 'win32') app.setAppUserModelId('com.example.plantconsole');

  const paths = resolveShellPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    userData: app.getPath('userData'),
    exists: (f) => fs.existsSync(f),
  });
  const where = resolveAppOrigin(app.isPackaged, process.env['ELECTRON_RENDERER_URL']);
  // openExternal allow-list: the CMMS host from the plant configuration, via the core's system.info.
  // Empty (no link leaves the app) until the core has answered.
  const externalHosts = externalHostList();
  // What an update install waits for (update/installGate.ts): fed by the core's streams and answers. The
  // install action that consults it (administrator + supervisor confirmation) is not built yet.
  const installGate = installGateState();
  const security: WindowSecurity = {
    appOrigin: where.origin,
    csp: cspFor(where.dev, where.origin),
    dev: where.dev,
    externalHosts: () => externalHosts.get(),
    log,
  };

  // Standalone, attached (no core here; the relay serves the window, attachMode.ts), or the plant hub an
  // administrator designated (policy/hubMode.ts, docs/hub.md).
  const start = decideStartMode({ attach: parseAttachArgv(process.argv), args: parseHubArgv(process.argv), setting: parseHubSetting(readTextOrNull(paths.hubSettingFile)) });
  if (start.mode === 'attach') {
    const attachSecrets = safeStorageSecretStore(safeStorage, { file: paths.secretsFile, platform: process.platform, onWarning: (msg, fields) => log('warn', msg, fields) });
    await runAttachedShell({ args: start.attach, paths, secrets: attachSecrets, title: shellLang.text('productName'), log });
    return;
  }
  if (start.mode === 'hub') log('info', 'This console is the plant hub', { port: start.port, bind: start.bind, from: start.from });
  if (start.mode === 'standalone' && start.hubProblem) log('error', 'The plant hub was not started', { reason: start.hubProblem });
  // What became of the hub: said on the window once it can listen, and again after each core restart.
  let hubStatus: HubNotice | null = start.mode === 'standalone' && start.hubProblem ? hubNotice({ problem: start.hubProblem }, shellLang.text) : null;

  hardenSession(session.defaultSession, security);
  registerAppProtocol(session.defaultSession, paths.rendererDir, security.csp);
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, security));

  const secrets = safeStorageSecretStore(safeStorage, {
    file: paths.secretsFile,
    platform: process.platform,
    onWarning: (msg, fields) => log('warn', msg, fields),
  });
  const secretsProblem = await secrets.unavailableReason();
  if (secretsProblem) log('warn', 'Credentials cannot be stored on this workstation', { reason: secretsProblem });

  const envLevel = process.env['PLANT_LOG_LEVEL'];
  const logLevel: LogLevel = LOG_LEVELS.find((l) => l === envLevel) ?? 'info';

  // The operating system's proxy (PAC, WPAD, Internet Options) for each ERP/CMMS address, as Chromium resolves
  // it; the core's Node agents cannot see it themselves (systemProxy.ts). Looked up before each (re)start.
  let systemProxies: Record<string, string | null> = {};
  const lookUpSystemProxies = async (): Promise<void> => {
    let config: unknown = null;
    try {
      config = JSON.parse(await fs.promises.readFile(paths.configPath, 'utf8')) as unknown;
    } catch {
      return; // no or unreadable configuration: the core reports that itself
    }
    systemProxies = await resolveSystemProxies(targetUrls(config), (u) => session.defaultSession.resolveProxy(u), (msg, fields) => log('warn', msg, fields));
    if (Object.keys(systemProxies).length > 0) log('info', 'System proxy for the ERP/CMMS', { proxies: systemProxies });
  };
  await lookUpSystemProxies();

  const core = createCoreHost({
    spawn: () =>
      fromUtilityProcess(
        utilityProcess.fork(paths.coreHostEntry, [], { serviceName: `${PRODUCT_NAME} core`, stdio: 'inherit' }),
      ),
    init: () => ({
      configPath: paths.configPath,
      dataDir: paths.dataDir,
      version: app.getVersion(),
      logLevel,
      secretsDescription: secrets.describe(),
      systemProxies,
      ...(start.mode === 'hub' ? { hub: { bind: start.bind, port: start.port, staticDir: paths.rendererDir } } : {}),
    }),
    secrets,
    text: shellLang.text,
    notify: (n) => {
      if (!Notification.isSupported()) return;
      const said = notificationText(n, shellLang.lang());
      new Notification({ title: said.title, body: said.body, urgency: n.level === 'critical' ? 'critical' : 'normal' }).show();
    },
    onStream: (stream, payload) => {
      installGate.onStream(stream, payload);
      forwardStream(mainWebContents(), stream, payload);
    },
    onHub: (status) => {
      const n = hubNotice(status, shellLang.text);
      log(n.level === 'error' ? 'error' : 'info', n.message);
      // The fingerprint printed where the administrator started the console, to compare when pairing.
      if ('fingerprint' in status) process.stdout.write(`Hub certificate SHA-256: ${status.fingerprint}\nThis machine's own browser screen of the hub: ${status.url}\n`);
      hubStatus = n;
      forwardStream(mainWebContents(), 'system.notice', { at: Date.now(), level: n.level, message: n.message });
    },
    onReady: (restarted) => {
      if (restarted) installGate.onCoreRestart();
      // A proxy change (another network, a new PAC) applies from the next restart of the core.
      void lookUpSystemProxies();
      void core.invoke(SHELL_CLIENT, 'system.info', {}).then((r) => {
        shellLang.observe('system.info', r);
        externalHosts.set(externalHostsFromSystemInfo(r));
        log('info', 'External link allow-list', { hosts: externalHosts.get() });
      });
      void core.invoke(SHELL_CLIENT, 'outbox.stats', {}).then((r) => installGate.onAnswer('outbox.stats', r));
      void core.invoke(SHELL_CLIENT, 'alerts.list', {}).then((r) => installGate.onAnswer('alerts.list', r));
    },
    log,
  });
  core.start();

  installIpcBridge({
    ipcMain,
    appOrigin: security.appOrigin,
    mainWebContents,
    // The answers the shell passes on tell it the plant's and the signed-in person's language.
    invoke: (client, key, req) =>
      core.invoke(client, key, req).then((r) => {
        shellLang.observe(key, r);
        return r;
      }),
    onRefused: (d) => log('warn', 'IPC call refused', d),
  });

  const openWindow = (): void => {
    const w = createMainWindow(
      { preloadPath: paths.preload, entryUrl: where.entryUrl, title: shellLang.text('productName'), devTools: !app.isPackaged, ...(paths.icon ? { icon: paths.icon } : {}) },
      security,
    );
    const client = clientIdFor(w.webContents.id);
    w.on('closed', () => {
      core.closeClient(client);
      if (win === w) win = null;
    });
    win = w;
  };
  openWindow();

  if (hubStatus !== null || start.mode === 'hub') {
    // The hub's state on the window once the page can listen (the core may have told it before the page loaded).
    mainWebContents()?.once('did-finish-load', () => {
      if (hubStatus) forwardStream(mainWebContents(), 'system.notice', { at: Date.now(), level: hubStatus.level, message: hubStatus.message });
    });
  }

  if (secretsProblem) {
    // Say it on the screen too, once the page can listen.
    mainWebContents()?.once('did-finish-load', () => {
      forwardStream(mainWebContents(), 'system.notice', { at: Date.now(), level: 'warning', message: shellLang.text('secrets.unavailable') });
    });
  }

  if (app.isPackaged) {
    setupUpdateChecks(electronUpdater.autoUpdater, {
      currentVersion: app.getVersion(),
      text: shellLang.text,
      notice: (level, message) => forwardStream(mainWebContents(), 'system.notice', { at: Date.now(), level, message }),
      log,
    });
  }

  app.on('activate', () => {
    if (!win) openWindow();
  });
  // One window is the app: closing it quits, on every platform (a plant console is not a menu-bar app).
  app.on('window-all-closed', () => app.quit());

  let coreStopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (coreStopped) return;
    // Let the core close SQLite and its OPC UA sessions cleanly, then quit for real.
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void core.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });
}

/** A file's text, or null when there is none (any other read failure is the parser's "not valid" problem). */
function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : `<unreadable: ${(e as Error).message}>`;
  }
}
