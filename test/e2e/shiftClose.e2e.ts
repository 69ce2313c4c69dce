import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoPlant, type DemoPlant } from '../../electron/demo/DemoPlant.ts';
import { startRestErpSandbox } from '../../electron/demo/erp/restErpSandbox.ts';
import { makeTempDir, readDemoPlantConfig } from '../fixtures/tempDir.ts';
import { type Browser, launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshot.ts';
import { type ServeProcess, startServe } from './support/serveProcess.ts';

type Sandbox = Awaited<ReturnType<typeof startRestErpSandbox>>;
type RestConfirmation = { id: string; status: 'posted' | 'cancelled'; orderId: string; yield: string; scrap: string };

async function signInAs(page: Page, button: string, badge: string, pin: string, name: string): Promise<void> {
  await page.getByTestId(button).click();
  await page.getByTestId('signin-identifier').pressSequentially(`${badge}\n`);
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-submit').click();
  await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 30_000 }).toBe(name); // the PIN's slow hash at load: as support/signIn.ts
}

const selectedState = (page: Page) => page.getByTestId('shift-pick').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.dataset.state ?? '');

// The supervisor's path: the screen opens on the shift that just ended (here: made nothing, so no line
// is ticked and closing it needs an acknowledgement); the supervisor picks the running shift instead,
// acknowledges that it has not ended, reviews the summary, posts; then reverses it with a reason and
// confirms it again. The ERP ends with the first confirmations cancelled and the corrected ones posted.
describe('shift close: pick a shift, acknowledge, review, post, reverse (serve mode, demo plant, REST ERP sandbox)', () => {
  let plant: DemoPlant;
  let erp: Sandbox;
  let serve: ServeProcess;
  let browser: Browser;
  const tmp = makeTempDir('plant-console-shift-close-e2e-');

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, autoTick: true, tickMs: 250 });
    erp = await startRestErpSandbox();
    const cfg = readDemoPlantConfig() as Record<string, unknown> & { controllers: { endpoint: string }[] };
    cfg.controllers[0]!.endpoint = plant.endpointUrl;
    // Three 8-hour shifts every day: one is always running and one has just ended, whatever day the test runs.
    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    cfg.shiftCalendar = {
      shifts: [
        { name: 'Night', start: '00:00', end: '08:00', days: everyDay },
        { name: 'Day', start: '08:00', end: '16:00', days: everyDay },
        { name: 'Evening', start: '16:00', end: '00:00', days: everyDay },
      ],
      holidays: [],
    };
    cfg.erp = { kind: 'rest', baseUrl: erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 2, settleSec: 1, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' } };
    const configPath = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(configPath, JSON.stringify(cfg));
    serve = await startServe(180_000, {
      args: ['--config', configPath],
      prepareDataDir(dir) {
        fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ erp: 'demo-key' }), { mode: 0o600 });
      },
    });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await erp?.close();
    await plant?.stop();
    tmp.cleanup();
  });

  it('opens on the shift that just ended, closes the running one only with an acknowledgement and after a summary, then reverses and re-confirms it', { timeout: 240_000 }, async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByTestId('line-tile-L1').waitFor({ timeout: 30_000 });
    await signInAs(page, 'sign-in', 'BADGE-1001', '1111', 'Anna Berg');
    // Let the lines make some parts in the running shift: until an overview tile counts some (it slept 8 s).
    const goodThisShift = async (id: string) => Number(((await page.getByTestId(`tile-good-${id}`).textContent()) ?? '').replace(/[^\d]/g, ''));
    await expect.poll(async () => (await Promise.all(['L1', 'L2', 'L3'].map(goodThisShift))).some((n) => n > 0), { timeout: 60_000, interval: 250 }).toBe(true);

    await page.locator('.app-nav a', { hasText: 'Shift close' }).click();
    await page.getByTestId('shift-close-screen').waitFor();
    await page.getByTestId('shift-close-table').waitFor({ timeout: 20_000 });
    // The default: the shift that just ended. The console was not running then, so it made nothing:
    // it says so, no line is ticked, and review needs the zero-production acknowledgement.
    expect(await selectedState(page)).toBe('ended-unclosed');
    await page.getByTestId('shift-close-no-production').waitFor();
    const boxes = page.locator('[data-testid^="include-"]');
    for (let i = 0; i < (await boxes.count()); i++) expect(await boxes.nth(i).isChecked()).toBe(false);
    await page.getByTestId('shift-close-zero').waitFor();
    expect(await page.getByTestId('shift-close-review').isDisabled()).toBe(true);
    expect(await page.getByTestId('shift-pick').locator('option').count()).toBeGreaterThanOrEqual(42); // 14 days of three shifts
    await saveScreenshot(page, 'shift-close-1-default-ended-no-production');

    // The running shift (newest first in the list): a warning that it has not ended, with a tick to acknowledge.
    await page.getByTestId('shift-pick').selectOption({ index: 0 });
    await expect.poll(() => selectedState(page)).toBe('running');
    await page.getByTestId('shift-close-not-ended').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('shift-close-window').textContent()).toMatch(/^\d\d:\d\d–\d\d:\d\d plant time · running, ends \d\d:\d\d$/);
    const ticked = page.locator('[data-testid^="include-"]:checked');
    await expect.poll(() => ticked.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    if (await page.getByTestId('shift-close-override').count()) await page.getByTestId('shift-close-override').fill('Stops coded on paper; entered after the shift');
    expect(await page.getByTestId('shift-close-review').isDisabled()).toBe(true);
    await saveScreenshot(page, 'shift-close-2-running-warning');
    await page.getByTestId('ack-not-ended').check();
    expect(await page.getByTestId('shift-close-review').isDisabled()).toBe(false);
    const tickedRows = await ticked.count();

    // The summary: per line and order what goes to the ERP, then "Confirm and post".
    await page.getByTestId('shift-close-review').click();
    await page.getByTestId('shift-summary').waitFor();
    const summaryRows = page.locator('[data-testid^="summary-row-"]');
    const posted = await summaryRows.count();
    expect(posted).toBe(tickedRows);
    expect(await page.getByTestId('shift-summary-table').textContent()).toMatch(/Partial confirmation: yield \d[\d,]*\spieces?, scrap \d+\spieces?; work \d\d:\d\d–\d\d:\d\d, posting date \d\d\/\d\d\/\d{4}/);
    await saveScreenshot(page, 'shift-close-3-summary');
    await page.getByTestId('shift-close-post').click();
    await expect.poll(() => page.getByTestId('shift-close-message').textContent(), { timeout: 15_000 }).toBe(`Shift confirmed: ${posted} ${posted === 1 ? 'confirmation' : 'confirmations'} saved and queued for the ERP`);
    await page.getByTestId('shift-closed').waitFor();
    // With the override this test gives when the screen asks for one (uncoded stops), the title names it too.
    expect(await page.getByTestId('shift-closed-title').textContent()).toMatch(/^Closed by Anna Berg on \w{3} \d{1,2} \w{3} \d\d:\d\d \(plant time\)( \(override: Stops coded on paper; entered after the shift\))?$/);
    await expect.poll(() => erp.admin.records('confirmations').length, { timeout: 60_000, interval: 500 }).toBe(posted);
    const first = erp.admin.records('confirmations') as RestConfirmation[];
    await saveScreenshot(page, 'shift-close-4-closed');

    // Reversal by the supervisor, with a reason: every posted confirmation is cancelled in the ERP.
    await page.getByTestId('shift-reverse-open').click();
    expect(await page.getByTestId('shift-reverse-submit').isDisabled()).toBe(true);
    await page.getByTestId('shift-reverse-reason').fill('Closed too early: confirm the whole shift');
    await saveScreenshot(page, 'shift-close-5-reverse');
    await page.getByTestId('shift-reverse-submit').click();
    await page.getByTestId('shift-close-reversed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('shift-close-reversed').textContent()).toMatch(/^Reversed by Anna Berg on .* \(plant time\): Closed too early: confirm the whole shift\. .* correction 1\.$/);
    await expect.poll(async () => (erp.admin.records('confirmations') as RestConfirmation[]).filter((c) => c.status === 'cancelled').length, { timeout: 60_000, interval: 500 }).toBe(posted);

    // Confirm it again: the corrected figures post as correction 1.
    await expect.poll(() => ticked.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    if (await page.getByTestId('shift-close-override').count()) await page.getByTestId('shift-close-override').fill('Stops coded on paper; entered after the shift');
    await page.getByTestId('ack-not-ended').check();
    await page.getByTestId('shift-close-review').click();
    const again = await page.locator('[data-testid^="summary-row-"]').count();
    await saveScreenshot(page, 'shift-close-6-summary-correction');
    await page.getByTestId('shift-close-post').click();
    await page.getByTestId('shift-closed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('shift-closed-title').textContent()).toMatch(/, correction 1$/);
    await expect.poll(async () => (erp.admin.records('confirmations') as RestConfirmation[]).filter((c) => c.status === 'posted').length, { timeout: 60_000, interval: 500 }).toBe(again);
    const all = erp.admin.records('confirmations') as RestConfirmation[];
    expect(all.filter((c) => c.status === 'cancelled').map((c) => c.id).sort()).toEqual(first.map((c) => c.id).sort());
    expect(erp.admin.counts().duplicates).toEqual([]);
    await expect.poll(() => page.locator('[data-testid^="confirmation-state-"]').allTextContents(), { timeout: 30_000 }).toEqual(Array(posted * 2 + again).fill('In ERP'));
    await saveScreenshot(page, 'shift-close-7-corrected');
    expect(browser.problems).toEqual([]);
  });
});
