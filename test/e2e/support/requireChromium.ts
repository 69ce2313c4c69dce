import fs from 'node:fs';
import path from 'node:path';
import { ensureRendererBuilt } from '../../../scripts/lib/rendererBuild.ts';
import { CHROMIUM_PATH } from './browser.ts';

/**
 * Vitest global set-up of the `e2e` project: the end-to-end tests never pass by being skipped. Without a
 * Chromium the whole project fails here, saying what to install (`npm test` installs it first where it can).
 * Then the renderer is built once, when its sources changed (`npm test` has just built it): the e2e files
 * run side by side, and each one's serve would otherwise find a stale build and rebuild the same out/renderer
 * at the same time as the others, emptying it under their pages.
 */
export async function setup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The end-to-end tests need Chromium at ${CHROMIUM_PATH}, and there is none. Install Debian's package ` +
        `(as root: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary, then run the tests again.`,
    );
  }
  await ensureRendererBuilt(path.resolve(import.meta.dirname, '..', '..', '..'));
}
