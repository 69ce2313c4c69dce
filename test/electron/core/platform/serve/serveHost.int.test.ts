import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { LiveLines } from '../../../../../shared/contract/domains/lines.ts';
import { resolveStatic } from '../../../../../electron/core/platform/serve/staticFiles.ts';
import { type ServeHost, startServeHost } from '../../../../../electron/core/platform/serve/serveHost.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
let h: CoreHarness;
let host: ServeHost;

beforeAll(async () => {
  fs.writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html><title>console</title>');
  h = await startCoreWithDemoPlant();
  host = await startServeHost({ core: h.core, logger: h.logger, staticDir: tmp.dir });
});
afterAll(async () => {
  await host?.close();
  await h?.stop();
  tmp.cleanup();
});

const wsUrl = (token: string) => `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(token)}`;

/** Opens a socket and collects frames; resolves once open or rejects with the HTTP status. */
function open(url: string, origin?: string): Promise<{ ws: WebSocket; frames: any[]; waitFor(pred: (f: any) => boolean): Promise<any> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    const frames: any[] = [];
    const waiters: { pred: (f: any) => boolean; resolve: (f: any) => void }[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d));
      frames.push(f);
      for (const w of [...waiters]) if (w.pred(f)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(f));
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        waitFor: (pred) => {
          const hit = frames.find(pred);
          return hit ? Promise.resolve(hit) : new Promise((r) => waiters.push({ pred, resolve: r }));
        },
      }),
    );
  });
}

describe('serve host', () => {
  it('prints a loopback URL carrying the per-launch token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers commands and forwards live.lines over the WebSocket', async () => {
    const c = await open(wsUrl(host.token), `http://127.0.0.1:${host.port}`);
    c.ws.send(JSON.stringify({ type: 'invoke', id: 7, key: 'system.info', req: {} }));
    const res = await c.waitFor((f) => f.type === 'result' && f.id === 7);
    expect(res.envelope).toMatchObject({ ok: true, value: { plantName: 'Demo Plant' } });
    const live = await c.waitFor((f) => f.type === 'event' && f.stream === 'live.lines' && (f.payload as LiveLines).lines.every((l) => l.link === 'connected'));
    expect((live.payload as LiveLines).lines).toHaveLength(3);
    expect(host.clientCount()).toBe(1);
    c.ws.close();
  });

  it('refuses a wrong or missing token and a foreign origin at the upgrade', async () => {
    await expect(open(wsUrl('not-the-token'))).rejects.toThrow('HTTP 401');
    await expect(open(`ws://127.0.0.1:${host.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(open(wsUrl(host.token), 'https://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('answers a malformed frame with BAD_REQUEST and keeps the socket', async () => {
    const c = await open(wsUrl(host.token));
    c.ws.send('{"type":"invoke","id":"x"');
    const bad = await c.waitFor((f) => f.type === 'result' && f.id === -1);
    expect(bad.envelope.error.code).toBe('BAD_REQUEST');
    c.ws.send(JSON.stringify({ type: 'invoke', id: 1, key: 'no.such', req: {} }));
    const unknown = await c.waitFor((f) => f.type === 'result' && f.id === 1);
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown command "no.such"' } });
    c.ws.close();
  });

  it('closes the core session when the socket closes', async () => {
    const c = await open(wsUrl(host.token));
    await new Promise((r) => setTimeout(r, 50));
    const before = host.clientCount();
    c.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(host.clientCount()).toBe(before - 1);
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
    const outside = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fpackage.json`);
    expect([400, 404]).toContain(outside.status);
    expect(resolveStatic('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveStatic('/srv/app', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStatic('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
  });
});
