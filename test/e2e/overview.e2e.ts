import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';

// A supervisor opens the wall-board address serve mode printed and watches the three demo lines.
describe('overview (serve mode, demo plant)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let app: ConsoleUnderTest;

  beforeAll(async () => {
    app = await startConsoleUnderTest();
    ({ serve, browser } = app);
  });

  afterAll(async () => {
    await app?.stop();
  });

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
