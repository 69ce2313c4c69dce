import { originOf } from './appOrigin.ts';

/**
 * Navigation and external links. Pure: tests call these directly.
 *
 * The window never leaves the app: every navigation to another origin, to file:, data:, blob:,
 * javascript: or anything unparsable is refused. In-page routing (history API, #hash) does not
 * navigate, so it is unaffected.
 */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === appOrigin;
}

/**
 * Links a person may open in the system browser: https only, host exactly on the allow-list (no
 * subdomain wildcard), default port, no user:password@ (a classic disguise: https://erp.example.com@evil).
 * Everything else is dropped silently except for a log line.
 */
export function isAllowedExternal(url: string, allowedHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.port !== '') return false;
  const host = u.hostname.toLowerCase();
  return allowedHosts.some((h) => h.toLowerCase() === host);
}

/** Permissions the renderer may be granted. None: a plant console needs no camera, geolocation, USB… */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && originOf(requestingUrl) === appOrigin;
}

/**
 * Requests the app's session may make at all (session.webRequest.onBeforeRequest): its own origin,
 * inline data:/blob: resources the CSP then narrows, DevTools, and in development the dev server's
 * HMR socket. No remote content: anything else is cancelled before it leaves the machine.
 */
export function isAllowedRequest(url: string, appOrigin: string, dev: boolean): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  if (u.protocol === 'devtools:' || u.protocol === 'chrome-extension:') return dev;
  if (dev && u.protocol === 'ws:') return `http://${u.host}` === appOrigin;
  return originOf(url) === appOrigin;
}
