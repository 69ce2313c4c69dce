import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';
import { badgeSignIn } from './support/signIn.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screens-h7');

async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

const digits = (s: string | null): number => Number((s ?? '').replace(/[^\d]/g, ''));

/**
 * Screens that read the plant and change nothing another test here reads, on one serve and one browser
 * context (they were overview.e2e.ts, productionFigures.e2e.ts and settings.e2e.ts, each with a serve and a
 * Chromium of its own: about 10 s of CPU per file before its first page). In this order: the overview, the
 * production figures on three screens, then the administrator's settings (a sign-in and a refused save, last).
 */
describe('reading screens (serve mode, demo plant)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let app: ConsoleUnderTest;

  beforeAll(async () => {
    // Key pairs of its own, made as on a workstation's first start (other files may get prepared ones): the
    // settings test below reads the console's own certificate.
    app = await startConsoleUnderTest({ viewport: { width: 1600, height: 900 }, serve: { freshPki: true } });
    ({ serve, browser } = app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  // A supervisor opens the wall-board address serve mode printed and watches the three demo lines.
  describe('overview', () => {
    it('shows every demo line with a live good count, and the controller it runs on', async () => {
      const { page } = browser;
      await page.goto(serve.url);

      const tiles = page.locator('[data-testid^="line-tile-"]');
      await tiles.first().waitFor({ timeout: 30_000 });
      expect(await tiles.count()).toBe(3);
      for (const id of ['L1', 'L2', 'L3']) {
        await page.getByTestId(`line-tile-${id}`).waitFor();
        expect((await page.getByTestId(`line-state-${id}`).textContent())?.trim()).toBeTruthy();
      }

      // The token is taken out of the address bar once the page has it.
      expect(page.url()).not.toContain('token=');
      await page.getByTestId('demo-badge').waitFor();
      await page.getByTestId('controller-link-demo-plc').waitFor();
      // The core may start before the simulator listens: "Connecting" first, then "Connected" by itself.
      await expect.poll(async () => page.getByTestId('controller-link-demo-plc').textContent(), { timeout: 20_000, interval: 250 }).toContain('Connected');

      // Some running line counts up on screen within a few ticks.
      const goodCounts = () => Promise.all(['L1', 'L2', 'L3'].map(async (id) => (await page.getByTestId(`good-count-${id}`).textContent()) ?? ''));
      const before = await goodCounts();
      await expect
        .poll(async () => (await goodCounts()).some((text, i) => text !== before[i] && text !== '—'), { timeout: 20_000, interval: 250 })
        .toBe(true);

      // Tiles are reachable from the keyboard.
      await page.getByTestId('line-tile-L1').focus();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('line-tile-L1');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

      const file = await saveScreenshot(page, 'overview');
      console.log(`screenshot: ${file}`);
      expect(browser.problems).toEqual([]);
    });
  });

  // Issue 13 #3: every figure says which period it covers, and two screens showing the same period agree.
  describe('production figures name their period and agree', () => {
    it('the overview tile names the period of its counts, and shows what the shift view and line view show for it', async () => {
      const { page } = browser;
      await page.setViewportSize({ width: 1600, height: 1100 });
      await page.goto(serve.url);
      await page.getByTestId('tile-production-L1').waitFor({ timeout: 90_000 });
      await page.getByTestId('tile-good-L1').waitFor();

      // The tile's labels name the period: "Good this shift" (or "since the last shift ended" between shifts).
      const tile = page.getByTestId('line-tile-L1');
      const labels = await tile.locator('.big-number__label').allTextContents();
      expect(labels.join(' | ')).toMatch(/Good (this shift|since the last shift ended)/);
      expect(labels.join(' | ')).toMatch(/Reject (this shift|since the last shift ended)/);
      expect(await page.getByTestId('tile-oee-label-L1').textContent()).toMatch(/OEE (this shift|since the last shift ended)/);
      // The controller's own counter is still there, but labelled as what it is.
      expect(await tile.textContent()).toContain('Controller counter');

      // A second screen on the Shift view: its Line 1 row shows the tile's number (both follow the same core
      // figures; wait until the line has made something so the comparison means something).
      const shiftPage = await browser.context.newPage();
      await shiftPage.goto(serve.url.replace(/#.*$/, '') + '#/shift');
      await shiftPage.getByTestId('shift-current-L1').waitFor({ timeout: 30_000 });
      expect(await shiftPage.getByTestId('shift-current-period').textContent()).toMatch(/this shift|since the last shift ended/);
      await expect
        .poll(
          async () => {
            const tileGood = digits(await page.getByTestId('tile-good-L1').textContent());
            const row = digits((await shiftPage.getByTestId('shift-current-L1').locator('td').first().textContent()) ?? '');
            return tileGood > 0 && tileGood === row;
          },
          { timeout: 30_000, interval: 300 },
        )
        .toBe(true);
      console.log(`shift view screenshot: ${await shot(shiftPage, 'shift-view')}`);
      await shiftPage.close();

      console.log(`overview screenshot: ${await shot(page, 'overview')}`);

      // The line view: the same number under the same words.
      await page.getByTestId('open-line-L1').click();
      await page.getByTestId('line-good').waitFor();
      expect(await page.getByTestId('line-good-label').textContent()).toMatch(/Good (this shift|since the last shift ended)/);
      expect(await page.getByTestId('line-oee-period').textContent()).toMatch(/OEE (this shift|since the last shift ended)/);
      // One OEE per period on one screen: the heading's figure is the breakdown's (they once read 84 % and 83 %).
      const oeeOnce = () =>
        page.evaluate(() => {
          const head = document.querySelector('[data-testid="line-head-oee"]')?.textContent ?? '';
          const breakdown = (document.querySelector('[data-testid="line-oee-oee"]')?.textContent ?? '').replace(/\s*⚠.*$/, '').trim();
          return { head: /OEE [^0-9]*?(\d+\s%)/.exec(head)?.[1] ?? head, breakdown };
        });
      await expect.poll(async () => (await oeeOnce()).breakdown, { timeout: 15_000 }).toMatch(/^\d+\s%$/);
      for (let i = 0; i < 3; i++) {
        const o = await oeeOnce();
        expect(o.head).toBe(o.breakdown);
        await page.waitForTimeout(1500);
      }
      await page.getByTestId('counter-events').waitFor({ timeout: 15_000 });
      console.log(`line view screenshot: ${await shot(page, 'line-view')}`);
      expect(browser.problems).toEqual([]);
    }, 180_000);
  });

  // An administrator checks the controller link, the certificate store, then browses the demo plant,
  // lets the console propose a mapping for the PackML-shaped line and tries to save it (the shipped demo
  // configuration refuses, saying how to do it for real). A supervisor sees the links but cannot map.
  describe('settings: line connectivity', () => {
    it('controllers, certificates, browse, propose and the refusal to change the shipped demo file', async () => {
      const { page } = browser;
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.goto(serve.url);
      await badgeSignIn(page, 'BADGE-1004', '4444', 'Ada Admin', 'sign-in');
      await page.locator('.app-nav a', { hasText: 'Settings' }).click();
      await page.getByTestId('settings-screen').waitFor();
      const card = page.getByTestId('controller-card').first();
      await expect.poll(() => card.getByTestId('controller-link').textContent(), { timeout: 20_000 }).toBe('Connected');
      expect(await card.getByTestId('controller-insecure').count()).toBe(1);
      await expect.poll(() => card.getByTestId('controller-sessions').textContent(), { timeout: 10_000 }).toMatch(/1 used by this console · 1 open on the controller/);
      await saveScreenshot(page, 'settings-controllers');

      await page.getByTestId('settings-tab-certificates').click();
      await page.getByTestId('certificate-own').waitFor();
      expect(await page.getByTestId('certificate-own').getByTestId('cert-sha1').textContent()).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      await saveScreenshot(page, 'settings-certificates');

      await page.getByTestId('settings-tab-map').click();
      await page.locator('[data-testid="tree-node"][data-name="PackML_Line4"]').waitFor({ timeout: 15_000 });
      // Lazy tree: open the PackML unit, then its Status folder.
      await page.locator('[data-testid="tree-toggle"][data-name="PackML_Line4"]').click();
      await page.locator('[data-testid="tree-toggle"][data-name="Status"]').click();
      await page.locator('[data-testid="tree-node"][data-name="StateCurrent"]').click();
      await page.getByTestId('map-selected').waitFor();
      await page.getByTestId('assign-machineState').click();
      expect(await page.getByTestId('map-signals').textContent()).toContain('PackML_Line4.Status.StateCurrent');

      await page.getByTestId('map-search').fill('GoodCount');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('map-found').locator('li').count(), { timeout: 10_000 }).toBe(3);

      await page.getByTestId('map-propose').click();
      await page.locator('[data-testid="map-use-proposal"][data-standard="packml"]').click();
      await page.getByTestId('map-line-id').fill('L4');
      expect(await page.getByTestId('map-signals').textContent()).toContain('ProdProcessedCount');
      expect(await page.getByTestId('map-states').locator('tr').count()).toBeGreaterThanOrEqual(10);
      await saveScreenshot(page, 'settings-browse-map');
      await page.getByTestId('map-save').click();
      await expect.poll(() => page.getByTestId('settings-message').textContent(), { timeout: 10_000 }).toMatch(/ships with the console; it is never changed/);

      // A supervisor sees the links and certificates, not browse-and-map.
      await page.getByTestId('sign-out').click().catch(() => undefined);
    });
  });
});
