import { go, pageErrors, shoot, useGermanConsole, walk } from './support/languageWalk.ts';
import { badgeSignIn, signOut } from './support/signIn.ts';

// Issue 18 item 1: every role walks its screens in the plant's language (the demo plant is German; serve
// starts with --language de). This file: the viewer and wall board, the shift supervisor and the
// maintenance planner; languagesChosen.e2e.ts: the quality lead, the administrator and a person who chose
// English (split so the two walks run side by side, each on its own serve). What is checked on each screen
// and where the screenshots go: test/e2e/support/languageWalk.ts.

describe('the plant language per role (German demo plant): viewer, wall board, supervisor, planner', () => {
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

  it('no page errors on the way', () => {
    expect(pageErrors(c.browser)).toEqual([]);
  });
});
