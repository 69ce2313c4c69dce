import type { Browser } from './support/browser.ts';
import { type ConsoleUnderTest, startConsoleUnderTest } from './support/consoleUnderTest.ts';
import { injectDemoFault } from './support/demoFault.ts';
import { saveScreenshot } from './support/screenshot.ts';
import type { ServeProcess } from './support/serveProcess.ts';

// A maintenance planner's path: the demo plant faults Line 1 past the alert threshold (20 s in the demo
// configuration); the alert appears; Paul (planner) signs in with badge + PIN, raises a case with a note;
// the ServiceNow sandbox holds exactly one case carrying the evidence; a technician moves it to
// "In Progress" in the sandbox and the line tile on the overview shows it.
describe('alerts and maintenance cases (serve mode, demo plant, ServiceNow sandbox)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let app: ConsoleUnderTest;
  let adminUrl = '';
  let plantUrl = '';

  beforeAll(async () => {
    app = await startConsoleUnderTest();
    ({ serve, browser } = app);
    adminUrl = app.cmmsAdminUrl;
    plantUrl = app.plantUrl;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('fault → alert → planner raises a case with a note → one case with evidence in the CMMS → its status on the tile', async () => {
    expect(adminUrl, serve.output()).not.toBe('');
    expect(plantUrl, serve.output()).not.toBe('');
    const { page } = browser;
    await page.goto(serve.url);
    // Live data on the tile means the core talks to the simulator.
    await expect.poll(async () => page.getByTestId('line-tile-L1').getAttribute('data-live'), { timeout: 60_000, interval: 250 }).toBe('true');

    await injectDemoFault(plantUrl, 1, 120);
    await page.locator('.app-nav a', { hasText: 'Alerts' }).click();
    const row = page.locator('[data-key="downtime:L1"]');
    await row.waitFor({ timeout: 45_000 });
    expect(await row.getAttribute('data-state')).toBe('unack-active');
    await saveScreenshot(page, 'alerts-raised');

    // Signed out, the list is visible but nothing can be changed.
    await row.locator('.alert-row__main').click();
    await page.getByTestId('alert-detail').waitFor();
    expect(await page.getByTestId('raise-case').count()).toBe(0);

    await page.getByTestId('sign-in').click();
    await page.getByTestId('signin-identifier').pressSequentially('BADGE-1002\n');
    await page.getByTestId('signin-pin').fill('2222');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 10_000 }).toBe('Paul Novak');

    await page.getByTestId('detail-ack').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('ack-active');
    await page.getByTestId('case-note').fill('Capper jams again at the infeed star wheel; please check the guide rail.');
    await page.getByTestId('raise-case').click();
    await expect.poll(() => page.getByTestId('alert-message').textContent(), { timeout: 10_000 }).toContain('Case raised');
    const file = await saveScreenshot(page, 'alerts-case-raised');
    console.log(`screenshot: ${file}`);

    // The CMMS sandbox holds one case, carrying our reference and the evidence.
    type Incident = { correlation_id: string; number: string; description: string; short_description: string; cmdb_ci: string; state: string };
    const records = async (): Promise<Incident[]> => ((await (await fetch(`${adminUrl}/records/cases`)).json()) as { items: Incident[] }).items;
    await expect.poll(async () => (await records()).length, { timeout: 30_000, interval: 500 }).toBe(1);
    const [inc] = await records();
    const counts = (await (await fetch(`${adminUrl}/counts`)).json()) as { creates: Record<string, number>; duplicates: string[] };
    expect(Object.values(counts.creates)).toEqual([1]);
    expect(counts.duplicates).toEqual([]);
    expect(inc!.short_description).toContain('Line 1');
    expect(inc!.cmdb_ci).toBe('5f7c1e2a9b3d4c6e8f0a1b2c3d4e5f60');
    expect(inc!.description).toContain('Capper jams again');
    expect(inc!.description).toMatch(/Downtime #\d+: faulted since/);
    expect(inc!.description).toContain('Shift:');
    expect(inc!.description).toContain('raised');
    expect(inc!.description).toMatch(/Signals .*:/);

    // A technician starts work in the CMMS; the tile shows it after the next status poll (5 s in the demo).
    await fetch(`${adminUrl}/cases/${inc!.correlation_id}`, { method: 'POST', body: JSON.stringify({ status: 'in_progress' }) });
    await page.locator('.app-nav a', { hasText: 'Overview' }).click();
    await expect.poll(() => page.getByTestId('line-case-status-L1').textContent(), { timeout: 30_000, interval: 500 }).toBe('In progress');
    expect(await page.getByTestId('line-case-L1').textContent()).toContain(inc!.number);
    const tile = await saveScreenshot(page, 'alerts-case-on-tile');
    console.log(`screenshot: ${tile}`);
    expect(browser.problems).toEqual([]);
  });
});
