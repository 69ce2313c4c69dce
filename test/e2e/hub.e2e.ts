// An attached console in Chromium (docs/hub.md): the administrator sees Settings → Devices through it, every
// screen says when the hub cannot be reached, and the person is still signed in when it is back (the
// renderer's own resume, from the tab's storage). Real processes: a hub on the demo plant and a console
// attached to it.
import path from 'node:path';
import { freeLoopbackPort } from '../../electron/core/platform/serve/demoPlantProcess.ts';
import { hubCertPem, hubScreen, type Proc, spawnServe } from '../electron/core/platform/serve/hubSupport.ts';
import { makeTempDir } from '../fixtures/tempDir.ts';
import { type Browser, launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshot.ts';

describe('plant hub: an attached console in the browser', () => {
  const tmp = makeTempDir('plant-hub-e2e-');
  const procs: Proc[] = [];
  let browser: Browser;
  let hub: Proc;
  let consoleUrl = '';

  beforeAll(async () => {
    const hubPort = await freeLoopbackPort();
    const hubDir = path.join(tmp.dir, 'hub');
    hub = spawnServe(['--hub', '--hub-port', String(hubPort), '--bind', '127.0.0.1', '--data-dir', hubDir, '--language', 'en']);
    procs.push(hub);
    browser = await launchBrowser({ width: 1440, height: 900 });
    const token = (await hub.waitFor(/Open: https:\/\/127\.0\.0\.1:\d+\/\?token=(\S+)/))[1]!;
    const fingerprint = (await hub.waitFor(/Hub certificate SHA-256: ([0-9A-F:]{95})/))[1]!;
    const admin = hubScreen(hubPort, token, hubCertPem(hubDir), fingerprint);
    await admin.opened;
    await admin.invoke('auth.signIn', { method: 'badge', badgeId: 'BADGE-1004', pin: '4444' });
    const made = await admin.invoke('hub.pairingCode', { name: 'Lab console', kind: 'console' });
    if (!made.ok) throw new Error(made.error.message);
    admin.close();
    const lab = spawnServe(['--attach', `https://127.0.0.1:${hubPort}`, '--data-dir', path.join(tmp.dir, 'lab'), '--pair', made.value.code, '--fingerprint', fingerprint]);
    procs.push(lab);
    consoleUrl = (await lab.waitFor(/Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/))[1]!;
  }, 240_000);

  afterAll(async () => {
    try {
      process.kill(hub.child.pid!, 'SIGCONT');
    } catch {
      // gone
    }
    await browser?.close();
    await Promise.allSettled(procs.map((p) => p.stop()));
    tmp.cleanup();
  });

  it('Settings → Devices lists the console; hub frozen → the banner says so; hub back → same person, no new sign-in', async () => {
    const { page } = browser;
    await page.goto(consoleUrl);
    await page.getByTestId('sign-in').waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
      await saveScreenshot(page, 'hub-debug');
      throw new Error(`${String(e)}; problems: ${browser.problems.join(' | ')}`);
    });
    await page.getByTestId('sign-in').click();
    await page.getByTestId('signin-identifier').pressSequentially('BADGE-1004\n');
    await page.getByTestId('signin-pin').fill('4444');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 15_000 }).toBe('Ada Admin');
    await page.locator('.app-nav a', { hasText: 'Settings' }).click();
    await page.getByTestId('settings-tab-devices').click();
    const row = page.getByTestId('devices-row').first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toMatch(/Lab console.*Console.*Ada Admin/);
    expect(await page.getByTestId('devices-fingerprint').textContent()).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await saveScreenshot(page, 'hub-devices');

    process.kill(hub.child.pid!, 'SIGSTOP');
    const banner = page.getByTestId('banner-bridge');
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toMatch(/The plant hub at https:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    await saveScreenshot(page, 'hub-unreachable');

    process.kill(hub.child.pid!, 'SIGCONT');
    await banner.waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 15_000 }).toBe('Ada Admin');
    expect(browser.problems.filter((p) => !/WebSocket|ERR_|503/.test(p))).toEqual([]);
  }, 200_000);
});
