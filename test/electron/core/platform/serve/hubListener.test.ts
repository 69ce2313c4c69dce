import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { prepareHubIdentity, startHubListener } from '../../../../../electron/core/platform/serve/hubListener.ts';
import { pinnedTls } from '../../../../../electron/core/platform/serve/hubPairing.ts';
import { refusedCore } from '../../../../../electron/core/platform/serve/refusedCore.ts';
import { memoryLogger } from '../../../../fixtures/fakePorts.ts';

// The one hub listener for `npm run serve -- --hub` and the designated desktop console (docs/hub.md).
describe('hub listener (platform/serve/hubListener.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-listener-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes the identity once in the data folder and listens on HTTPS with it', async () => {
    const first = await prepareHubIdentity(dir);
    if (!first.ok) throw new Error(first.problem);
    const again = await prepareHubIdentity(dir);
    expect(again).toEqual(first); // the same certificate on every start: paired consoles keep their pin
    const logger = memoryLogger();
    const staticDir = path.join(dir, 'renderer');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>hub</title>');
    const host = await startHubListener({ core: refusedCore('test', Date.now()), identity: first.identity, logger, staticDir, bind: '127.0.0.1', port: 0 });
    try {
      expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      // A client that pins the certificate gets through; the certificate it sees is the identity's.
      const seen = await new Promise<string>((resolve, reject) => {
        const req = https.get({ hostname: '127.0.0.1', port: host.port, path: '/', ...pinnedTls(first.identity.certPem, first.identity.fingerprint) }, (res) => {
          res.resume();
          resolve((res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256);
        });
        req.on('error', reject);
      });
      expect(seen).toBe(first.identity.fingerprint);
      // A screen with a device credential the hub does not know is refused before any command.
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`wss://127.0.0.1:${host.port}/ws`, { headers: { authorization: 'Device nope' }, ...pinnedTls(first.identity.certPem, first.identity.fingerprint) });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('opened')));
        ws.on('error', () => undefined);
      });
      expect(status).toBe(403);
    } finally {
      await host.close();
    }
  }, 60_000);

  it('refuses in words when the data folder cannot hold the identity (a file where the folder should be)', async () => {
    const notAFolder = path.join(dir, 'data');
    fs.writeFileSync(notAFolder, 'not a folder');
    const r = await prepareHubIdentity(notAFolder);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toContain(`The plant hub's certificate could not be made in the data folder ${notAFolder}`);
    expect(r.problem).toContain('The hub is not started');
  }, 60_000);
});
