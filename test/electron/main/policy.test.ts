import path from 'node:path';
import { APP_ENTRY_URL, APP_ORIGIN, originOf, resolveAppOrigin } from '../../../electron/main/policy/appOrigin.ts';
import { contentTypeFor, resolveAppAsset } from '../../../electron/main/policy/assets.ts';
import { developmentCsp, productionCsp, withCspHeader } from '../../../electron/main/policy/csp.ts';
import { isAllowedExternal, isAllowedNavigation, isAllowedRequest, isPermissionAllowed } from '../../../electron/main/policy/navigation.ts';
import { isSameFrame, isTrustedSender } from '../../../electron/main/policy/sender.ts';

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map((p) => [p[0]!, p.slice(1)]),
  );

describe('CSP', () => {
  const prod = directives(productionCsp());

  it('lets scripts run only from the app itself: no inline, no eval, no hosts', () => {
    expect(prod.get('script-src')).toEqual(["'self'"]);
    expect(productionCsp()).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*|https?:/);
  });

  it('starts from nothing and closes objects, frames, forms and <base>', () => {
    expect(prod.get('default-src')).toEqual(["'none'"]);
    expect(prod.get('object-src')).toEqual(["'none'"]);
    expect(prod.get('frame-src')).toEqual(["'none'"]);
    expect(prod.get('frame-ancestors')).toEqual(["'none'"]);
    expect(prod.get('base-uri')).toEqual(["'none'"]);
    expect(prod.get('form-action')).toEqual(["'none'"]);
    expect(prod.get('connect-src')).toEqual(["'self'"]);
  });

  it('loosens only for the dev server, and only what Vite needs', () => {
    const dev = directives(developmentCsp('http://localhost:5173'));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(developmentCsp('http://localhost:5173')).not.toContain('unsafe-eval');
  });

  it('replaces any CSP header a response already had', () => {
    const h = withCspHeader({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] }, productionCsp());
    expect(Object.keys(h).sort()).toEqual(['Content-Security-Policy', 'Content-Type']);
    expect(h['Content-Security-Policy']).toEqual([productionCsp()]);
  });
});

describe('app origin', () => {
  it('gives app:// a real origin (Node calls it "null")', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN);
    expect(originOf('app://CONSOLE/x')).toBe(APP_ORIGIN);
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('uses the dev server only unpackaged, only on loopback http', () => {
    expect(resolveAppOrigin(false, 'http://localhost:5173/')).toEqual({ origin: 'http://localhost:5173', entryUrl: 'http://localhost:5173/', dev: true });
    expect(resolveAppOrigin(true, 'http://localhost:5173/').origin).toBe(APP_ORIGIN);
    expect(resolveAppOrigin(false, 'http://evil.example:5173/').origin).toBe(APP_ORIGIN);
    expect(resolveAppOrigin(false, 'https://localhost:5173/').origin).toBe(APP_ORIGIN);
    expect(resolveAppOrigin(false, undefined)).toEqual({ origin: APP_ORIGIN, entryUrl: APP_ENTRY_URL, dev: false });
  });
});

describe('navigation', () => {
  it.each([
    ['app://console/index.html', true],
    ['app://console/#/lines', true],
    ['app://other/index.html', false],
    ['https://erp.example.com/', false],
    ['http://localhost:5173/', false],
    ['file:///etc/passwd', false],
    [`file://${path.resolve('out/renderer/index.html')}`, false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(allowed);
  });

  it('follows the dev origin when that is the app', () => {
    expect(isAllowedNavigation('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });

  it('lets requests reach only the app (no remote content)', () => {
    expect(isAllowedRequest('app://console/assets/a.js', APP_ORIGIN, false)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', APP_ORIGIN, false)).toBe(true);
    expect(isAllowedRequest('https://cdn.example.com/x.js', APP_ORIGIN, false)).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd', APP_ORIGIN, false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/x.html', APP_ORIGIN, false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/x.html', 'http://localhost:5173', true)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', 'http://localhost:5173', true)).toBe(true);
    expect(isAllowedRequest('ws://localhost:9999/', 'http://localhost:5173', true)).toBe(false);
  });
});

describe('openExternal allow-list', () => {
  const hosts = ['maintenance.example.com'];
  it.each([
    ['https://maintenance.example.com/cases/42', true],
    ['https://MAINTENANCE.example.com/', true],
    ['http://maintenance.example.com/', false],
    ['https://evil.maintenance.example.com/', false],
    ['https://maintenance.example.com.evil.net/', false],
    ['https://maintenance.example.com@evil.net/', false],
    ['https://user:pw@maintenance.example.com/', false],
    ['https://maintenance.example.com:8443/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://maintenance.example.com/share', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['garbage', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternal(url, hosts)).toBe(allowed);
  });

  it('opens nothing with an empty list', () => {
    expect(isAllowedExternal('https://maintenance.example.com/', [])).toBe(false);
  });
});

describe('permissions', () => {
  it('grants none', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'usb', 'fullscreen']) {
      expect(isPermissionAllowed(p, APP_ENTRY_URL, APP_ORIGIN)).toBe(false);
    }
  });
});

describe('IPC sender', () => {
  it('trusts only the top-level frame of the app origin', () => {
    expect(isTrustedSender('app://console/index.html', true, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender('app://console/index.html', false, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('file:///tmp/x.html', true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('about:blank', true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('', true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(null, true, APP_ORIGIN)).toBe(false);
  });

  it('compares frames by process and routing id', () => {
    expect(isSameFrame({ processId: 4, routingId: 1 }, { processId: 4, routingId: 1 })).toBe(true);
    expect(isSameFrame({ processId: 4, routingId: 2 }, { processId: 4, routingId: 1 })).toBe(false);
  });
});

describe('app:// files', () => {
  const root = path.resolve('/srv/app/out/renderer');
  it('maps the app origin to files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://console/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://console/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://console/assets/index-abc.js?v=1')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it.each([
    'app://console/../../../etc/passwd',
    'app://console/%2e%2e/%2e%2e/etc/passwd',
    'app://console/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://console/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ])('never leaves the renderer folder for %s', (url) => {
    const r = resolveAppAsset(root, url);
    expect(r === null || r.startsWith(root + path.sep)).toBe(true);
  });

  it.each([
    'app://console/%5c..%5c..%5cwindows', // backslashes
    'app://console/a%00.js', // NUL
    'app://console/%E0%A4%A', // broken escape
    'app://other/index.html', // another host
    'file:///etc/passwd',
    'https://console/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('names content types', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/x.bin')).toBe('application/octet-stream');
  });
});
