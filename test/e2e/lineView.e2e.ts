import type { Page } from 'playwright-core';
import { type Browser, chromiumAvailable, launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshot.ts';
import { type ServeProcess, startServe } from './support/serveProcess.ts';

const LINES = ['L1', 'L2', 'L3'];

/** Codable stops (not micro, not "no data") on the line view now shown. */
async function codableRows(page: Page): Promise<{ id: string; uncoded: boolean }[]> {
  return page.$$eval('[data-testid^="downtime-event-"]', (rows) =>
    rows
      .filter((r) => !r.classList.contains('is-no-data'))
      .map((r) => ({ id: (r.getAttribute('data-testid') ?? '').replace('downtime-event-', ''), uncoded: r.getAttribute('data-uncoded') === 'true' })),
  );
}

/** Visits the lines until one shows at least `n` codable stops; returns that line. */
async function lineWithStops(page: Page, n: number, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const id of LINES) {
      await page.getByTestId(`pick-line-${id}`).click();
      await page.getByTestId('downtime-panel').waitFor();
      await page.waitForTimeout(400);
      if ((await codableRows(page)).length >= n) return id;
    }
    if (Date.now() > until) throw new Error(`no line had ${n} codable stops within ${timeoutMs} ms`);
    await page.waitForTimeout(3000);
  }
}

// A supervisor opens a line, codes a stop, splits another, and sees OEE follow.
describe.skipIf(!chromiumAvailable())('line view (serve mode, demo plant)', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser({ width: 1600, height: 1100 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('codes a downtime event, splits another, and the OEE figures update', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByTestId('tile-production-L1').waitFor({ timeout: 90_000 });

    // Sign in as the demo supervisor (Anna, badge BADGE-1001).
    await page.getByTestId('sign-in').click();
    await page.getByTestId('signin-identifier').fill('BADGE-1001');
    await page.getByTestId('signin-pin').fill('1111');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('sign-out').waitFor();

    await page.getByTestId('open-line-L1').click();
    await page.getByTestId('line-oee').waitFor();

    const lineId = await lineWithStops(page, 2, 180_000);
    const rows = await codableRows(page);
    const first = rows[0]!;
    const second = rows[1]!;
    const availability = async () => (await page.getByTestId('line-oee-availability').textContent()) ?? '';
    const before = await availability();

    // Code the first as a planned changeover: planned time shrinks, so availability must change.
    await page.getByTestId(`code-${first.id}`).click();
    await page.getByTestId(`reason-changeover`).click();
    await expect.poll(async () => page.getByTestId(`downtime-reason-${first.id}`).textContent(), { timeout: 10_000 }).toContain('Changeover');
    await expect.poll(availability, { timeout: 15_000 }).not.toBe(before);

    // Split the second at the proposed midpoint: two rows where there was one.
    const count = (await codableRows(page)).length;
    await page.getByTestId(`split-${second.id}`).click();
    await page.getByTestId(`split-confirm-${second.id}`).click();
    await expect.poll(async () => (await codableRows(page)).length, { timeout: 10_000 }).toBeGreaterThan(count);
    expect(await page.getByTestId('downtime-message').textContent()).toContain('split');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    console.log(`line view screenshot of ${lineId}: ${await saveScreenshot(page, 'line-view')}`);

    await page.goto(`${new URL(page.url()).origin}/#/shift`);
    await page.getByTestId('shift-current').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('shift-current-totals').textContent()).toMatch(/\d/);
    console.log(`shift view screenshot: ${await saveScreenshot(page, 'shift-view')}`);

    await page.goto(`${new URL(page.url()).origin}/#/overview`);
    await page.getByTestId('tile-oee-L1').waitFor();
    console.log(`overview screenshot: ${await saveScreenshot(page, 'overview-production')}`);
    expect(browser.problems).toEqual([]);
  }, 300_000);
});
