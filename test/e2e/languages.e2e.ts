import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { go, mainText, pageErrors, shoot, useGermanConsole, walk } from './support/languageWalk.ts';
import { badgeSignIn, signOut } from './support/signIn.ts';

// Issue 18 item 1: every role walks its screens in the plant's language (the demo plant is German; serve
// starts with --language de): the viewer and wall board, the shift supervisor, the maintenance planner, the
// quality lead, the administrator, then one person who chose English (the person's own language, kept with
// the user: user_account.language), on one serve (languagesChosen.e2e.ts, the last three, had a serve and a
// Chromium of its own: the suite's floor on two cores is its CPU / 2). What is checked on each screen and
// where the screenshots go: test/e2e/support/languageWalk.ts.

describe('the plant language per role (German demo plant), and a person who chose English', () => {
  const c = useGermanConsole();

  it('viewer (nobody signed in) and the wall board: German', async () => {
    expect(c.serve.url).toBeTruthy();
    await walk(c.browser.page, c.shots, 'viewer', 'de', ['overview', 'line', 'shift', 'alerts', 'cases']);
    await walk(c.browser.page, c.shots, 'viewer', 'de', ['kiosk']);
    await go(c.browser.page, 'overview');
  }, 180_000);

  it('shift supervisor Anna Berg: German', async () => {
    await badgeSignIn(c.browser.page, 'BADGE-1001', '1111', 'Anna Berg');
    await walk(c.browser.page, c.shots, 'supervisor', 'de', ['overview', 'line', 'shift', 'shift-close', 'alerts', 'holds', 'cases', 'outbox']);
    await signOut(c.browser.page);
  }, 240_000);

  it('maintenance planner Paul Novak: German', async () => {
    const { page } = c.browser;
    await badgeSignIn(page, 'BADGE-1002', '2222', 'Paul Novak');
    await walk(page, c.shots, 'planner', 'de', ['overview', 'line', 'alerts', 'cases', 'outbox']);
    // An alarm with its detail open: priority, state, actions and history in German.
    await go(page, 'alerts');
    await page.locator('[data-testid^="alert-open-"]').first().waitFor({ timeout: 150_000 });
    await page.locator('[data-testid^="alert-open-"]').first().click();
    await page.getByTestId('alert-detail').waitFor();
    const want = ['Priorität', 'Verlauf', 'Zurückstellen, bis er geht', 'Instandhaltungsfall anlegen'];
    await expect
      .poll(async () => {
        const text = (await page.getByTestId('alert-detail').textContent()) ?? '';
        return want.filter((w) => !text.includes(w));
      })
      .toEqual([]);
    const detail = (await page.getByTestId('alert-detail').textContent()) ?? '';
    for (const w of ['History', 'Shelve', 'Acknowledge', 'Raise maintenance case', 'Priority']) expect(detail).not.toContain(w);
    expect(await page.locator('[data-testid^="alert-state-"]').first().textContent()).toMatch(/^(Nicht quittiert|Quittiert|Gegangen, nicht quittiert|Wieder normal|Zurückgestellt|Unterdrückt \(geplanter Stillstand\)|Verworfen)$/);
    c.shots.push(...(await shoot(page, 'de-planner-alert-detail')));
    await signOut(c.browser.page);
  }, 180_000);

  it('quality lead Quinn Adler: German', async () => {
    await badgeSignIn(c.browser.page, 'BADGE-1003', '3333', 'Quinn Adler');
    await walk(c.browser.page, c.shots, 'quality', 'de', ['overview', 'line', 'shift', 'holds', 'outbox']);
    await signOut(c.browser.page);
  }, 180_000);

  it('administrator Ada Admin: German', async () => {
    await badgeSignIn(c.browser.page, 'BADGE-1004', '4444', 'Ada Admin');
    await walk(c.browser.page, c.shots, 'admin', 'de', ['overview', 'outbox', 'settings', 'users', 'audit']);
    await signOut(c.browser.page);
  }, 180_000);

  it('a person who chose English (kept with the user) sees English after signing in, the plant language again after signing out', async () => {
    // Paul's own choice, as Settings → Language stores it (user_account.language, migration 0210).
    const file = path.join(c.serve.dataDir, fs.readdirSync(c.serve.dataDir).find((f) => f.endsWith('.db') || f.endsWith('.sqlite'))!);
    const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
    try {
      db.prepare("UPDATE user_account SET language = 'en' WHERE user_id = 'demo-paul'").run();
    } finally {
      db.close();
    }
    await badgeSignIn(c.browser.page, 'BADGE-1002', '2222', 'Paul Novak');
    await walk(c.browser.page, c.shots, 'planner', 'en', ['overview', 'line', 'shift', 'alerts', 'cases']);
    await signOut(c.browser.page);
    await go(c.browser.page, 'overview');
    await expect.poll(() => mainText(c.browser.page)).toContain('Linienansicht öffnen');
    expect(await c.browser.page.evaluate(() => document.documentElement.lang)).toBe('de');
  }, 180_000);

  it('no page errors on the way', () => {
    expect(pageErrors(c.browser)).toEqual([]);
  });
});
