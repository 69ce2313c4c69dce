import type { Page } from 'playwright-core';
import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { injectDemoFault } from './support/demoFault.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';

/** Codable stops that have ended (not micro, not "no data", not still running) on the line view now shown. */
async function codableRows(page: Page): Promise<{ id: string; uncoded: boolean }[]> {
  return page.$$eval('[data-testid^="downtime-event-"]', (rows) =>
    rows
      .filter((r) => !r.classList.contains('is-no-data') && !/now/.test(r.querySelector('.downtime__time')?.textContent ?? ''))
      .map((r) => ({ id: (r.getAttribute('data-testid') ?? '').replace('downtime-event-', ''), uncoded: r.getAttribute('data-uncoded') === 'true' })),
  );
}

/** Opens `lineId` on the line view and waits until it shows an ended, codable stop. */
async function lineWithStop(page: Page, lineId: string, timeoutMs: number): Promise<void> {
  await page.getByTestId(`pick-line-${lineId}`).click();
  await page.getByTestId('downtime-panel').waitFor();
  await expect.poll(async () => (await codableRows(page)).length, { timeout: timeoutMs, interval: 500 }).toBeGreaterThan(0);
}

// A supervisor opens a line, codes a stop, splits another, and sees OEE follow.
describe('line view (serve mode, demo plant)', () => {
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

  it('codes a downtime event, splits another, and the OEE figures update', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByTestId('tile-production-L1').waitFor({ timeout: 90_000 });

    // Stops on demand instead of waiting minutes for the demo's script: the demo plant's InjectFault method,
    // as any OPC UA client could call it. Both outlast the 10 s micro-stop threshold; the second one so long
    // that both halves of a split still do. Both lines run at this point of their script (L1 0–90 s, L2 0–60 s).
    const plantUrl = app.plantUrl;
    expect(plantUrl).toMatch(/^opc\.tcp:/);
    await Promise.all([injectDemoFault(plantUrl, 1, 13), injectDemoFault(plantUrl, 2, 26)]);

    // Sign in as the demo supervisor (Anna, badge BADGE-1001).
    await page.getByTestId('sign-in').click();
    await page.getByTestId('signin-identifier').fill('BADGE-1001');
    await page.getByTestId('signin-pin').fill('1111');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('sign-out').waitFor();

    await page.getByTestId('open-line-L1').click();
    await page.getByTestId('line-oee').waitFor();

    await lineWithStop(page, 'L1', 40_000);
    const first = (await codableRows(page))[0]!;
    const availability = async () => (await page.getByTestId('line-oee-availability').textContent()) ?? '';
    const before = await availability();

    // Code the first as a planned changeover: planned time shrinks, so availability must change.
    await page.getByTestId(`code-${first.id}`).click();
    await page.getByTestId(`reason-changeover`).click();
    await expect.poll(async () => page.getByTestId(`downtime-reason-${first.id}`).textContent(), { timeout: 10_000 }).toContain('Changeover');
    await expect.poll(availability, { timeout: 15_000 }).not.toBe(before);

    // Split a stop on Line 2 at the proposed midpoint: two rows where there was one.
    await lineWithStop(page, 'L2', 40_000);
    const second = (await codableRows(page))[0]!;
    const count = (await codableRows(page)).length;
    await page.getByTestId(`split-${second.id}`).click();
    await page.getByTestId(`split-confirm-${second.id}`).click();
    await expect.poll(async () => (await codableRows(page)).length, { timeout: 10_000 }).toBeGreaterThan(count);
    expect(await page.getByTestId('downtime-message').textContent()).toContain('split');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    console.log(`line view screenshot of L2: ${await saveScreenshot(page, 'line-view')}`);

    await page.goto(`${new URL(page.url()).origin}/#/shift`);
    await page.getByTestId('shift-current').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('shift-current-totals').textContent()).toMatch(/\d/);
    console.log(`shift view screenshot: ${await saveScreenshot(page, 'shift-view')}`);

    await page.goto(`${new URL(page.url()).origin}/#/overview`);
    await page.getByTestId('tile-oee-L1').waitFor();
    console.log(`overview screenshot: ${await saveScreenshot(page, 'overview-production')}`);
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
