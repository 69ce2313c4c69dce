import path from 'node:path';
import Database from 'better-sqlite3';
import { verifyAudit } from '../../electron/core/audit/auditTrail.ts';
import type { WritableDb } from '../../electron/core/storage/db.ts';
import { type Browser, chromiumAvailable, launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshot.ts';
import { type ServeProcess, startServe } from './support/serveProcess.ts';

// Hand-over at a shared workstation: a supervisor signs in with badge + PIN, walks away (locks), a
// quality lead signs in, cannot do supervisor work, and reads both in the audit trail, whose chain
// verifies; editing one row in a copy of the database breaks it at that row.
describe.skipIf(!chromiumAvailable())('people and audit (serve mode, demo plant)', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('badge sign-in, lock, hand-over, audit screen, verify, tamper found at the edited row', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.getByTestId('sign-in').click();
    // A badge reader types the id and Enter; the PIN field takes over.
    await page.getByTestId('signin-identifier').pressSequentially('BADGE-1001\n');
    await page.getByTestId('signin-pin').fill('1111');
    await saveScreenshot(page, 'people-signin');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 10_000 }).toBe('Anna Berg');
    // A supervisor does not see the audit or users screens in the nav.
    expect(await page.locator('.app-nav a', { hasText: 'Audit' }).count()).toBe(0);

    // Walks away: the screen locks; the live view stays.
    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-bar').waitFor();
    await page.locator('[data-testid^="line-tile-"]').first().waitFor();
    await saveScreenshot(page, 'people-locked');

    // A quality lead signs in.
    await page.getByTestId('lock-signin').click();
    await page.getByTestId('signin-identifier').pressSequentially('BADGE-1003\n');
    await page.getByTestId('signin-pin').fill('3333');
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 10_000 }).toBe('Quinn Adler');
    expect(await page.getByTestId('lock-bar').count()).toBe(0);

    // Audit screen: Anna's sign-in and lock, Quinn's sign-in.
    await page.locator('.app-nav a', { hasText: 'Audit' }).click();
    await page.getByTestId('audit-table').waitFor();
    const rows = page.getByTestId('audit-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const seen = await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-user')} ${e.getAttribute('data-action')} ${e.getAttribute('data-outcome')}`));
    expect(seen).toEqual(expect.arrayContaining(['demo-anna auth.signIn ok', 'demo-anna auth.lock ok', 'demo-quinn auth.signIn ok']));
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent(), { timeout: 10_000 }).toMatch(/Chain intact: \d+ records verified/);
    await page.getByTestId('audit-filter-action').fill('auth.');
    await page.getByTestId('audit-apply').click();
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).every((a) => a?.startsWith('auth.')), { timeout: 10_000 }).toBe(true);
    const file = await saveScreenshot(page, 'people-audit');
    console.log(`screenshot: ${file}`);

    // A copy of the live database, one row edited: verify names that row.
    const live = new Database(path.join(serve.dataDir, 'console.db'), { readonly: true });
    const copyFile = path.join(serve.dataDir, 'tampered-copy.db');
    live.exec(`VACUUM INTO '${copyFile}'`);
    live.close();
    const copy = new Database(copyFile) as WritableDb;
    expect(verifyAudit(copy).ok).toBe(true);
    const target = copy.prepare("SELECT seq FROM audit_log WHERE user_id = 'demo-anna' AND action = 'auth.signIn'").get() as { seq: number };
    copy.exec('DROP TRIGGER audit_log_no_update');
    copy.prepare("UPDATE audit_log SET user_id = 'demo-paul' WHERE seq = ?").run(target.seq);
    const broken = verifyAudit(copy);
    copy.close();
    console.log(`T33 (e2e): edited record ${target.seq} → verify ${JSON.stringify(broken)}`);
    expect(broken).toMatchObject({ ok: false, at: target.seq, problem: 'edited' });
    expect(browser.problems).toEqual([]);
  });
});
