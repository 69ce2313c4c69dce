import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { injectDemoFault } from './support/demoFault.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';

// A supervisor opens a line and reads its process signals: values with their units, calm while in band, and
// the one that leaves its band marked HIGH in words; a filter shows only what needs attention.
describe('line signals (serve mode, demo plant)', () => {
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

  it('shows the line signals with units, highlights the one out of band, and filters to the abnormal', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByTestId('tile-production-L1').waitFor({ timeout: 90_000 });

    // The demo drive overheats while its line is Faulted: fault Line 1 on demand, as any OPC UA client could.
    const plantUrl = app.plantUrl;
    expect(plantUrl).toMatch(/^opc\.tcp:/);
    await injectDemoFault(plantUrl, 1, 40);

    await page.evaluate(() => (window.location.hash = '#/line/L1'));
    const panel = page.getByTestId('signals-panel');
    await panel.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-testid="signals-panel"] .signal-card').count(), { timeout: 10_000 }).toBe(3);
    const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '';
    expect(await text('signal-temperature')).toContain('Product temperature');
    expect(await text('signal-temperature')).toContain('°C');
    expect(await text('signal-pressure')).toContain('bar');
    expect(await text('signal-pressure')).toContain('normal 3.50 – 5.00 bar');
    await expect.poll(() => text('signal-value-pressure'), { timeout: 15_000 }).toMatch(/^\d\.\d\d$/);

    // Faulted: the temperature is above its band, in words and with the amber edge; the others stay grey.
    const temperature = page.getByTestId('signal-temperature');
    await expect.poll(() => temperature.getAttribute('data-flag'), { timeout: 15_000 }).toBe('HIGH');
    expect(await temperature.getAttribute('data-tone')).toBe('warning');
    expect(await text('signal-flag-temperature')).toMatch(/^HIGH by \d+\.\d °C$/);
    expect(Number(await text('signal-value-temperature'))).toBeGreaterThan(58);
    expect(await page.getByTestId('signal-pressure').getAttribute('data-tone')).toBe('normal');
    expect(await text('signals-summary')).toMatch(/^1 of 3 need attention$/);

    // Keyboard: the filter is a real button with its state announced.
    const filter = page.getByTestId('signals-abnormal-only');
    const box = await filter.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await filter.focus();
    await page.keyboard.press('Enter');
    expect(await filter.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-testid="signals-panel"] .signal-card').count()).toBe(1);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    console.log(`line signals (abnormal only) screenshot: ${await saveScreenshot(page, 'line-signals-abnormal-only')}`);
    await filter.focus();
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid="signals-panel"] .signal-card').count()).toBe(3);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    console.log(`line signals screenshot: ${await saveScreenshot(page, 'line-signals')}`);
    expect(browser.problems).toEqual([]);
  }, 120_000);

  it("gets another line's signals when the view moves to it, and again after a reload (the page tells the core which line it shows)", async () => {
    const { page } = browser;
    const values = () => page.locator('[data-testid="signals-panel"] [data-testid^="signal-value-"]').allTextContents();
    const shown = async () => (await values()).filter((v) => /\d/.test(v)).length;
    await page.evaluate(() => (window.location.hash = '#/line/L2'));
    await page.getByTestId('signals-panel').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('signals-panel').getAttribute('aria-labelledby'), { timeout: 10_000 }).toBe('signals-title-L2');
    await expect.poll(shown, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('signals-no-data').count()).toBe(0);
    await page.reload();
    await page.getByTestId('signals-panel').waitFor({ timeout: 60_000 });
    await expect.poll(shown, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('signals-no-data').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
