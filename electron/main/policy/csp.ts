/**
 * The Content-Security-Policy of the app's own pages. Pure: tests read it directly.
 *
 * Production: scripts and styles only from the app's own origin (no 'unsafe-inline', no 'unsafe-eval',
 * no remote hosts), no plugins, no frames, no forms, no <base>. The desktop renderer talks to the core
 * over IPC, so it needs no network at all: connect-src is 'self'. This matches serve mode's policy
 * (electron/core/platform/serve/staticFiles.ts) minus the WebSocket, so a renderer that works in one works in
 * the other.
 *
 * Development (unpackaged, electron-vite dev server): Vite's React refresh preamble is an inline module
 * script and HMR uses a WebSocket to the dev server, so the dev policy adds exactly those. It is never
 * used by a packaged app (see resolveAppOrigin).
 */
const base = (self: string): string[] => [
  "default-src 'none'",
  `script-src ${self}`,
  `style-src ${self}`,
  `img-src ${self} data:`,
  `font-src ${self}`,
  `connect-src ${self}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "media-src 'none'",
];

export function productionCsp(): string {
  return base("'self'").join('; ');
}

export function developmentCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http:/, 'ws:');
  return base("'self'")
    .map((d) => {
      if (d.startsWith('script-src ')) return `${d} 'unsafe-inline'`;
      if (d.startsWith('style-src ')) return `${d} 'unsafe-inline'`;
      if (d.startsWith('connect-src ')) return `${d} ${ws}`;
      return d;
    })
    .join('; ');
}

export function cspFor(dev: boolean, origin: string): string {
  return dev ? developmentCsp(origin) : productionCsp();
}

/** Headers every app response carries (the protocol handler and the webRequest hook). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Adds our CSP to a response's headers, replacing any CSP header of any capitalisation. */
export function withCspHeader(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = v;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
