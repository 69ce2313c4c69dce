import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png (kept as a CI artefact). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let the one-second clocks settle so the picture shows one consistent moment.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
