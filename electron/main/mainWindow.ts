import { promises as fsp } from 'node:fs';
import { BrowserWindow, type Session, type WebContents, shell } from 'electron';
import { APP_SCHEME } from './policy/appOrigin.ts';
import { contentTypeFor, resolveAppAsset } from './policy/assets.ts';
import { securityHeaders, withCspHeader } from './policy/csp.ts';
import { externalLinkTarget, isAllowedNavigation, isAllowedRequest, isPermissionAllowed } from './policy/navigation.ts';

/**
 * The window and everything that keeps it inside the app. Every decision is a call into ./policy/*
 * (pure, unit-tested); this file only wires those answers into Electron.
 */

export interface WindowSecurity {
  appOrigin: string;
  csp: string;
  dev: boolean;
  /**
   * Hosts whose https links may open in the system browser (the CMMS's, from the core's system.info).
   * A function: the list arrives after the window exists and is renewed when the core restarts.
   */
  externalHosts(): readonly string[];
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Session-wide rules, set once before any window exists: no permission is granted, no device is
 * exposed, no request leaves for a foreign origin, and every app response carries the CSP.
 */
export function hardenSession(ses: Session, s: WindowSecurity): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl, s.appOrigin);
    if (!allowed) s.log('warn', 'Permission request denied', { permission, url: details.requestingUrl });
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, s.appOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, s.appOrigin, s.dev);
    if (!allowed) s.log('warn', 'Request blocked: not the app', { url: details.url });
    callback({ cancel: !allowed });
  });
  // The app:// handler sets the CSP itself; this covers the dev server (and anything else of ours).
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAllowedNavigation(details.url, s.appOrigin)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withCspHeader(details.responseHeaders, s.csp) });
  });
}

/** Serves app://console/… from the built renderer folder, with the CSP on every response. */
export function registerAppProtocol(ses: Session, rendererDir: string, csp: string): void {
  const headers = securityHeaders(csp);
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Bad path', { status: 400, headers });
    try {
      const body = await fsp.readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...headers, 'Content-Type': contentTypeFor(file) },
      });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  });
}

/**
 * Navigation guards for every webContents the app creates (the main window, and anything a page might
 * try to open), installed from app's 'web-contents-created' so nothing is missed.
 */
export function guardWebContents(contents: WebContents, s: WindowSecurity): void {
  const openIfAllowed = (url: string): void => {
    const target = externalLinkTarget(url, s.externalHosts());
    if (target !== null) {
      // Not user-controlled in the sense of OPEN_EXTERNAL_JS_CHECK: `target` is an https URL on the
      // allow-list, re-serialised by policy/navigation.ts externalLinkTarget (test/electron/shell/T27.test.ts).
      void shell.openExternal(target).catch((e: unknown) => s.log('warn', 'openExternal failed', { url: target, error: String(e) })); // eng-disable OPEN_EXTERNAL_JS_CHECK
    } else {
      s.log('warn', 'External link refused (not on the allow-list)', { url });
    }
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, s.appOrigin)) return;
    event.preventDefault();
    openIfAllowed(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (isAllowedNavigation(event.url, s.appOrigin)) return;
    event.preventDefault();
    s.log('warn', 'Frame navigation refused', { url: event.url });
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, s.appOrigin)) return;
    event.preventDefault();
    s.log('warn', 'Redirect refused', { url: event.url });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    s.log('warn', 'webview refused');
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  entryUrl: string;
  title: string;
  devTools: boolean;
  icon?: string;
}

export function createMainWindow(o: MainWindowOptions, s: WindowSecurity): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: o.title,
    backgroundColor: '#e8e8e6',
    ...(o.icon ? { icon: o.icon } : {}),
    // Checked by policy/webPreferences.ts webPreferencesViolations in test/electron/shell/T28.test.ts.
    webPreferences: {
      // PRELOAD_JS_CHECK asks for a review of the preload, not a change: ours (electron/preload/index.ts)
      // exposes only plantApi.invoke/on for the contract's keys (test/electron/preload/preload.test.ts).
      preload: o.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would open links in new windows; setWindowOpenHandler denies them as well.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: o.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  // A crashed page is reloaded a few times, not forever: a page that crashes on load would otherwise spin.
  let reloads = 0;
  win.webContents.on('render-process-gone', (_e, details) => {
    s.log('error', 'Renderer process gone', { reason: details.reason, exitCode: details.exitCode, reloads });
    if (details.reason === 'clean-exit' || win.isDestroyed() || reloads >= 3) return;
    reloads += 1;
    void win.loadURL(o.entryUrl);
  });
  void win.loadURL(o.entryUrl).catch((e: unknown) => s.log('error', 'Window could not load the app', { url: o.entryUrl, error: String(e) }));
  return win;
}
