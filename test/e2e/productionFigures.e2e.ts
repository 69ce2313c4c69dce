import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import type { ServeProcess } from './support/serveProcess.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screens-h7');

async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

const digits = (s: string | null): number => Number((s ?? '').replace(/[^\d]/g, ''));

// Issue 13 #3: every figure says which period it covers, and two screens showing the same period agree.
describe('production figures name their period and agree (serve mode, demo plant)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let app: ConsoleUnderTest;

  beforeAll(async () => {
    app = await startConsoleUnderTest({ viewport: { width: 1600, height: 1100 } });
    ({ serve, browser } = app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('the overview tile names the period of its counts, and shows what the shift view and line view show for it', async () => {
    const { page } = browser;
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
