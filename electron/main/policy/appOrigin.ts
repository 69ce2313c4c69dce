/**
 * Where the app's own pages come from. Pure: no Electron, so tests call it directly.
 *
 * The packaged renderer is served from a privileged custom scheme, `app://console/`, not `file://`:
 * a `file://` page has an opaque origin that Chromium treats loosely (any local file shares it), while a
 * standard, secure custom scheme gives the page a real origin that the CSP, the navigation guard and
 * the IPC sender check can compare exactly. The handler in `appProtocol.ts` serves only files inside
 * the built renderer folder.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL as Chromium sees it, or null for opaque or unparsable URLs.
 * Node's URL reports "null" as the origin of non-special schemes such as `app:`, so those are
 * rebuilt from scheme and host; Chromium gives them a tuple origin because the scheme is registered
 * as standard.
 */
export function originOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  if (u.protocol === `${APP_SCHEME}:`) {
    if (u.host === '' || u.username !== '' || u.password !== '') return null;
    return `${APP_SCHEME}://${u.host.toLowerCase()}`;
  }
  return null; // file:, data:, blob:, javascript:, about:, chrome: … never an app origin
}

/**
 * The origin the main window may load: the app scheme when packaged, or the electron-vite dev server
 * (loopback http only) when running unpackaged with ELECTRON_RENDERER_URL set.
 */
export function resolveAppOrigin(isPackaged: boolean, devServerUrl: string | undefined): { origin: string; entryUrl: string; dev: boolean } {
  if (!isPackaged && devServerUrl) {
    let u: URL | null = null;
    try {
      u = new URL(devServerUrl);
    } catch {
      u = null;
    }
    if (u && u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')) {
      return { origin: u.origin, entryUrl: u.href, dev: true };
    }
  }
  return { origin: APP_ORIGIN, entryUrl: APP_ENTRY_URL, dev: false };
}
