import type { Page } from 'playwright-core';

/**
 * Badge-reader sign-in as a person does it: open the sign-in (from whatever the header offers now: sign in,
 * switch user, or the lock bar's sign-in, unless `opener` names one), type the badge and Enter, the PIN and
 * Enter; done when the header names the person. One copy for the end-to-end files (they had one each).
 */
export async function badgeSignIn(page: Page, badge: string, pin: string, name: string, opener?: string): Promise<void> {
  if (opener) await page.getByTestId(opener).click();
  else await page.locator('[data-testid="sign-in"], [data-testid="switch-user"], [data-testid="lock-signin"]').first().click();
  await page.getByTestId('signin-identifier').pressSequentially(`${badge}\n`);
  await page.getByTestId('signin-pin').fill(pin);
  await page.keyboard.press('Enter');
  // The PIN check is a deliberately slow hash in the core: on a machine loaded many times over it took more
  // than the 10 s the walks' own copies waited (languagesChosen at load 25-30), so 30 s.
  await expect.poll(() => page.getByTestId('session-user').textContent(), { timeout: 30_000 }).toBe(name);
}

/** Signs out when someone is signed in; done when the header offers no sign-out (nobody is signed in). */
export async function signOut(page: Page): Promise<void> {
  if (await page.getByTestId('sign-out').count()) await page.getByTestId('sign-out').click();
  await expect.poll(() => page.getByTestId('sign-out').count(), { timeout: 30_000 }).toBe(0);
}
