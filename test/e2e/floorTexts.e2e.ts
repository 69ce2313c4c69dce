import fs from 'node:fs';
import path from 'node:path';
import { startDemoPlant, type DemoPlant } from '../../electron/demo/DemoPlant.ts';
import { makeTempDir, readDemoPlantConfig } from '../fixtures/tempDir.ts';
import { type Browser, launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshot.ts';
import { type ServeProcess, startServe } from './support/serveProcess.ts';
import { badgeSignIn, signOut } from './support/signIn.ts';

// Issue 18, the last untranslated texts, on a German screen: a hold whose interlock the controller refuses
// (Line 3's interlock mapped to a read-only counter of the demo plant), a maintenance case waiting in the
// Outbox (its CMMS unreachable), and the audit trail's actions. Each says it in German, without status
// codes, command codes or ERP unit codes; screenshots under test-results/.
describe('floor texts in German (serve mode, own demo plant, no ERP, CMMS unreachable)', () => {
  let plant: DemoPlant;
  let serve: ServeProcess;
  let browser: Browser;
  const tmp = makeTempDir('plant-console-floor-e2e-');

  beforeAll(async () => {
    plant = await startDemoPlant({ port: 0, autoTick: true, tickMs: 250 });
    const cfg = readDemoPlantConfig() as Record<string, unknown> & { controllers: { endpoint: string }[]; lines: { id: string; tags: Record<string, string> }[]; erp?: unknown };
    cfg.controllers[0]!.endpoint = plant.endpointUrl;
    const l3 = cfg.lines.find((l) => l.id === 'L3')!;
    l3.tags.holdInterlock = l3.tags.holdInterlock!.replace('HoldInterlock', 'GoodCount');
    delete cfg.erp;
    const configPath = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(configPath, JSON.stringify(cfg));
    serve = await startServe(180_000, { args: ['--config', configPath], language: 'de' });
    browser = await launchBrowser({ width: 1920, height: 1080 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await plant?.stop();
    tmp.cleanup();
  });

  it('a refused interlock, a waiting case and the audit trail read in German', async () => {
    const { page } = browser;
    const text = async (testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';
    await page.goto(serve.url);
    await page.locator('[data-testid="line-tile-L1"][data-live="true"]').waitFor({ timeout: 60_000 });
    plant.injectFault(1, 180);

    // The quality lead holds Line 3; the controller refuses the write (a read-only signal).
    await badgeSignIn(page, 'BADGE-1003', '3333', 'Quinn Adler');
    await page.locator('.app-nav a', { hasText: 'Sperren' }).click();
    await page.getByTestId('hold-kind-line').check();
    await page.getByTestId('hold-line').selectOption('L3');
    await page.getByTestId('hold-defect').selectOption('labelling');
    await page.getByTestId('hold-reason').fill('Etikett verschmiert');
    await page.getByTestId('hold-place').click();
    const card = page.getByTestId('hold-card').first();
    await expect.poll(() => card.getByTestId('hold-interlock').getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');
    const why = (await card.getByTestId('hold-interlock').textContent()) ?? '';
    expect(why).toMatch(/^NICHT GESETZT: (Auf der Steuerung ist dieser Wert nur lesbar|Die Steuerung erlaubt dem Benutzer der Konsole das nicht)/);
    expect(why).not.toMatch(/Bad[A-Z]|GoodCount|controller|Line 3:/);
    // The controller's own words are the administrator's; a quality lead has no Details.
    expect(await card.getByTestId('hold-interlock-details').count()).toBe(0);
    await saveScreenshot(page, 'floor-de-hold-interlock-refused');
    await page.locator('.app-nav a', { hasText: 'Übersicht' }).click();
    await expect.poll(() => page.getByTestId('tile-hold-L3').getAttribute('data-interlock-failed'), { timeout: 15_000 }).toBe('true');
    await saveScreenshot(page, 'floor-de-overview-held-line');

    // The audit trail: actions by name.
    await page.locator('.app-nav a', { hasText: 'Protokoll' }).click();
    await page.getByTestId('audit-row').first().waitFor({ timeout: 15_000 });
    const actions = await page.getByTestId('audit-action-name').allTextContents();
    expect(actions).toContain('Eine Qualitätssperre setzen');
    expect(actions).toContain('Die Sperrverriegelung an der Linie setzen');
    expect(actions.join(' ')).not.toMatch(/\b(auth|holds|users)\.[a-z]/i);
    // The interlock record's reason in words; the controller's text and status code are the administrator's.
    const interlockRow = page.locator('[data-testid="audit-row"][data-action="holds.interlockSet"]').first();
    expect(await interlockRow.textContent()).toMatch(/Auf der Steuerung ist dieser Wert nur lesbar|Die Steuerung erlaubt dem Benutzer der Konsole das nicht/);
    expect(await interlockRow.textContent()).not.toMatch(/Bad[A-Z]|read-only|GoodCount/);
    await saveScreenshot(page, 'floor-de-audit');

    // The planner raises a case on Line 1's fault; the CMMS cannot be reached, so it waits in the Outbox.
    await signOut(page);
    await badgeSignIn(page, 'BADGE-1002', '2222', 'Paul Novak');
    await page.locator('.app-nav a', { hasText: 'Alarme' }).click();
    const row = page.locator('[data-key="downtime:L1"]');
    await row.waitFor({ timeout: 60_000 });
    await row.locator('.alert-row__main').click();
    await page.getByTestId('case-note').fill('Verschließer klemmt am Einlaufstern');
    await page.getByTestId('raise-case').click();
    await page.locator('.app-nav a', { hasText: 'Postausgang' }).click();
    await page.getByTestId('outbox-filter-all').click();
    const item = page.locator('[data-testid^="outbox-item-"]', { hasText: 'Instandhaltungsfall' }).first();
    await item.waitFor({ timeout: 20_000 });
    const summary = (await item.textContent()) ?? '';
    expect(summary).toMatch(/Instandhaltungsfall: Line 1 – Filling: .*(P\d)/);
    expect(summary).not.toMatch(/case\.create|stopped too long|faulted/);
    // No sign-in stored for the CMMS: said in words, not the adapter's English reason.
    await expect.poll(async () => (await item.textContent()) ?? '', { timeout: 20_000 }).toMatch(/Für das CMMS ist auf dieser Konsole noch keine Anmeldung gespeichert|versucht/);
    expect(await item.textContent()).not.toMatch(/stored under|credentials/);
    await saveScreenshot(page, 'floor-de-outbox-case');
    expect(browser.problems.filter((p) => !/WebSocket|net::ERR/.test(p))).toEqual([]);
  }, 240_000);
});
