import fs from 'node:fs';
import { CHROMIUM_PATH } from './browser.ts';

/**
 * Vitest global set-up of the `e2e` project: the end-to-end tests never pass by being skipped. Without a
 * Chromium the whole project fails here, saying what to install (`npm test` installs it first where it can).
 */
export function setup(): void {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `The end-to-end tests need Chromium at ${CHROMIUM_PATH}, and there is none. Install Debian's package ` +
      `(as root: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary, then run the tests again.`,
  );
}
