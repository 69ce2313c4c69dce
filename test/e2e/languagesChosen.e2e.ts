import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { go, mainText, pageErrors, useGermanConsole, walk } from './support/languageWalk.ts';
import { badgeSignIn, signOut } from './support/signIn.ts';

// Issue 18 item 1, the second half of languages.e2e.ts (split so the two walks run side by side, each on its
// own serve): the quality lead and the administrator in the plant's language (German), then one person who
// chose English (the person's own language, kept with the user: user_account.language). What is checked on
// each screen and where the screenshots go: test/e2e/support/languageWalk.ts.

describe('the plant language per role (German demo plant): quality lead, administrator, and a person who chose English', () => {
  const c = useGermanConsole();

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
