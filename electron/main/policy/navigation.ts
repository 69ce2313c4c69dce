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
 * Returns the URL to hand to shell.openExternal, re-serialised by the WHATWG parser (so the OS gets
 * exactly what was checked, not the page's original spelling), or null. Hosts are compared in their
 * ASCII (punycode) form on both sides: a look-alike with a Cyrillic "а" becomes a different xn-- name,
 * while an allow-listed IDN host matches however the link spells it.
 */
export function externalLinkTarget(url: string, allowedHosts: readonly string[]): string | null {
  // Backslashes, whitespace and control characters are where URL parsers disagree (WHATWG reads
  // `https://cmms.example\@evil` as the CMMS host, other parsers as evil): refuse them outright.
  if (/[\\\s\u0000-\u001f\u007f]/.test(url)) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:') return null;
  if (u.username !== '' || u.password !== '') return null;
  if (u.port !== '') return null;
  const host = u.hostname; // already lower-case ASCII (punycode) from the parser
  if (host === '' || !allowedHosts.some((h) => normalizeHost(h) === host)) return null;
  return u.href;
}

export function isAllowedExternal(url: string, allowedHosts: readonly string[]): boolean {
  return externalLinkTarget(url, allowedHosts) !== null;
}

/** An allow-list entry as the URL parser would spell it (lower case, punycode), or '' if it is no host. */
export function normalizeHost(host: string): string {
  if (host === '' || /[/:@?#\\\s]/.test(host)) return '';
  try {
    const u = new URL(`https://${host}/`);
    return u.hostname === '' || u.port !== '' ? '' : u.hostname;
  } catch {
    return '';
  }
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
  // The dev server's HMR socket, and an attached console's relay (docs/hub.md: the page is served by the
  // loopback relay and talks to it over ws://): only to the app's own http origin, never anywhere else.
  if (u.protocol === 'ws:') return `http://${u.host}` === appOrigin;
  return originOf(url) === appOrigin;
}
