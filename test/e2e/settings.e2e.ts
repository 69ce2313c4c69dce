import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';

// An administrator checks the controller link, the certificate store, then browses the demo plant,
// lets the console propose a mapping for the PackML-shaped line and tries to save it (the shipped demo
// configuration refuses, saying how to do it for real). A supervisor sees the links but cannot map.
describe('settings: line connectivity (serve mode, demo plant)', () => {
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

  async function signIn(badge: string, pin: string, name: string): Promise<void> {
    const { page } = browser;
    await page.getByTestId('sign-in').click();
    await page.getByTestId('signin-identifier').pressSequentially(`${badge}\n`);
    await page.getByTestId('signin-pin').fill(pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 10_000 }).toBe(name);
  }

  it('controllers, certificates, browse, propose and the refusal to change the shipped demo file', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(serve.url);
    await signIn('BADGE-1004', '4444', 'Ada Admin');
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
