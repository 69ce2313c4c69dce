import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { type ServeHost, startServeHost } from '../../../../../electron/core/platform/serve/serveHost.ts';
import { isLoopback, runServe } from '../../../../../electron/core/platform/serve/serveMain.ts';
import { type CoreHarness, startCoreWithDemoPlant } from '../../../../fixtures/coreHarness.ts';
import { makeTempDir, repoRoot } from '../../../../fixtures/tempDir.ts';

// A non-loopback address of this machine, if it has one: the "network" a wall board would use.
const lanAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

function invokeOnce(url: string, key: string, req: unknown, headers: Record<string, string> = {}): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, key, req })));
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { type: string; id?: number; envelope?: { ok: boolean; error?: { code: string } } };
      if (f.type === 'result' && f.id === 1) {
        ws.close();
        resolve(f.envelope!);
      }
    });
  });
}

describe('serve mode on the network (wall boards)', () => {
  it('refuses a network address unless --wallboard is given', async () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    await expect(runServe({ repoRoot, version: 't', host: '0.0.0.0', dataDir: makeTempDir().dir })).rejects.toThrow(/loopback only.*--wallboard/s);
  });

  describe.skipIf(!lanAddress)('bound to a network address with wallboard on', () => {
    const tmp = makeTempDir();
    let h: CoreHarness;
    let host: ServeHost;
    beforeAll(async () => {
      fs.writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html>');
      h = await startCoreWithDemoPlant();
      host = await startServeHost({ core: h.core, logger: h.logger, staticDir: tmp.dir, host: '0.0.0.0', wallboard: true });
    });
    afterAll(async () => {
      await host?.close();
      await h?.stop();
      tmp.cleanup();
    });

    it('gives a screen from the network a viewer-only session: it watches, cannot sign in; still needs the token', async () => {
      const remote = `ws://${lanAddress}:${host.port}/ws?token=${host.token}`;
      expect((await invokeOnce(remote, 'lines.list', {})).ok).toBe(true);
      const signIn = await invokeOnce(remote, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' });
      expect(signIn.ok === false && signIn.error?.code).toBe('FORBIDDEN');
      await expect(invokeOnce(`ws://${lanAddress}:${host.port}/ws?token=wrong`, 'lines.list', {})).rejects.toThrow(/401/);
      await expect(invokeOnce(remote, 'lines.list', {}, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
      expect(h.logger.lines.some((l) => /wrong or missing token/.test(l.msg))).toBe(true);
      expect(h.logger.lines.some((l) => /foreign origin/.test(l.msg))).toBe(true);
      // The same host from this machine (loopback) is a workstation: sign-in works.
      const local = await invokeOnce(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, 'auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' });
      expect(local.ok).toBe(true);
    });
  });
});
