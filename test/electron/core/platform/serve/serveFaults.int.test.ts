import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { START_ATTEMPTS_FILE } from '../../../../../electron/core/platform/host/startAttempts.ts';
import { runServe } from '../../../../../electron/core/platform/serve/serveMain.ts';
import { makeTempDir, repoRoot } from '../../../../fixtures/tempDir.ts';

function invokeOnce(url: string, key: string, req: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, key, req })));
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { type: string; id?: number; envelope?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
      if (f.type === 'result' && f.id === 1) {
        ws.close();
        resolve(f.envelope!);
      }
    });
  });
}
const wsUrl = (pageUrl: string) => {
  const u = new URL(pageUrl);
  return `ws://${u.host}/ws?token=${u.searchParams.get('token')}`;
};

describe('serve mode under start-up and shutdown faults', () => {
  it('a start refused for a crash loop still serves the page, which says why', async () => {
    const tmp = makeTempDir('serve-refused-');
    const dataDir = path.join(tmp.dir, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    const failed = { at: 1, version: 't', outcome: 'failed', stage: 'creating Alerts and cases', module: 'Alerts and cases', table: 'alert.shelve_remaining_ms', record: null, error: 'cannot store REAL value in INTEGER column alert.shelve_remaining_ms' };
    fs.writeFileSync(path.join(dataDir, START_ATTEMPTS_FILE), JSON.stringify({ attempts: [failed, { ...failed, at: 2 }] }));
    const running = await runServe({ repoRoot, version: 't', dataDir });
    try {
      expect(running.refused).toMatch(/failed to start twice in a row.*Alerts and cases.*alert\.shelve_remaining_ms/);
      const page = await fetch(running.url);
      expect(page.status).toBe(200);
      const health = await invokeOnce(wsUrl(running.url), 'system.health', {});
      expect(health.ok).toBe(true);
      expect((health.value as { modules: Array<{ state: string; message: string }> }).modules[0]).toMatchObject({ state: 'stopped', message: running.refused });
      // The plant as configured still answers (the page speaks the plant's language); everything else says why not.
      const info = await invokeOnce(wsUrl(running.url), 'system.info', {});
      expect(info.ok).toBe(true);
      const lines = await invokeOnce(wsUrl(running.url), 'lines.snapshot', {});
      expect(lines.error?.code).toBe('UNAVAILABLE');
      expect(lines.error?.message).toContain('did not start');
    } finally {
      await running.stop();
      tmp.cleanup();
    }
  }, 120_000);

  it('Ctrl+C while the ERP is slow: stop resolves, the order read in flight is cancelled, nothing is logged as an error', async () => {
    const tmp = makeTempDir('serve-slow-erp-');
    const dataDir = path.join(tmp.dir, 'data');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const lines: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    let adminUrl = '';
    try {
      const running = await runServe({ repoRoot, version: 't', dataDir });
      process.stdout.write = orig;
      adminUrl = /admin: (\S+)/.exec(lines.find((l) => l.startsWith('Demo ERP')) ?? '')?.[1] ?? '';
      expect(adminUrl).not.toBe('');
      // The ERP now holds the next order read for 8 s; a supervisor asks for a refresh, and Ctrl+C follows.
      const r = await fetch(`${adminUrl.replace(/\/$/, '')}/__sandbox/faults`.replace(/\/__sandbox\/__sandbox/, '/__sandbox'), { method: 'POST', body: JSON.stringify({ match: { op: 'order.read' }, action: { kind: 'delay', ms: 8_000 } }) });
      expect(r.status).toBe(201);
      const session = running.core.openSession();
      const signIn = await running.core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1001', pin: '1111' }, session);
      expect(signIn.ok).toBe(true);
      const refresh = running.core.dispatch('orders.refresh', {}, session);
      await new Promise((res) => setTimeout(res, 1_000));
      await running.stop();
      await refresh;
      // Past the ERP's answer: a sync that was not cancelled would now write to the closed database.
      await new Promise((res) => setTimeout(res, 8_500));
      expect(unhandled.map(String)).toEqual([]);
      const log = fs.readFileSync(path.join(dataDir, 'logs', 'console.log'), 'utf8');
      const errors = log.split('\n').filter((l) => /"level":\s*"error"|\bERROR\b/.test(l));
      expect(errors).toEqual([]);
    } finally {
      process.stdout.write = orig;
      process.off('unhandledRejection', onUnhandled);
      tmp.cleanup();
    }
  }, 120_000);
});
