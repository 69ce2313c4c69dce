import fs from 'node:fs';
import path from 'node:path';
import { START_ATTEMPTS_FILE } from '../../electron/core/platform/host/startAttempts.ts';
import { repoRoot } from '../fixtures/tempDir.ts';
import { type Browser, launchBrowser } from './support/browser.ts';
import { type ServeProcess, startServe } from './support/serveProcess.ts';

// Issue 13, class fix of defect 1: a core that failed to start twice in the same way does not loop; serve
// still serves the page, and every screen says which part failed, on which table, and why.
describe('a refused start, shown on the page', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

  beforeAll(async () => {
    serve = await startServe(180_000, {
      prepareDataDir(dir) {
        const failed = { at: 1, version, outcome: 'failed', stage: 'starting Alerts and cases', module: 'Alerts and cases', table: 'alert.shelve_remaining_ms', record: null, error: 'cannot store REAL value in INTEGER column alert.shelve_remaining_ms' };
        fs.writeFileSync(path.join(dir, START_ATTEMPTS_FILE), JSON.stringify({ attempts: [failed, { ...failed, at: 2 }] }));
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('serve prints the reason and the page shows it in a banner', async () => {
    expect(serve.output()).toContain('The console did not start.');
    const { page } = browser;
    await page.goto(serve.url);
    const banner = page.getByTestId('banner-module-health');
    await banner.waitFor({ timeout: 30_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('Console core is not running.');
    expect(text).toContain('Alerts and cases');
    expect(text).toContain('alert.shelve_remaining_ms');
    expect(text).not.toMatch(/at .*\.ts:\d|\{"/);
  });
});
