import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { ensureRendererBuilt } from '../../../scripts/lib/rendererBuild.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser.ts';

let server: BrowserServer | undefined;
let pkiCacheDir = '';

/**
 * Vitest global set-up of the `e2e` project: the end-to-end tests never pass by being skipped. Without a
 * Chromium the whole project fails here, saying what to install (`npm test` installs it first where it can).
 * Then the renderer is built once, when its sources changed (`npm test` has just built it): the e2e files
 * run side by side, and each one's serve would otherwise find a stale build and rebuild the same out/renderer
 * at the same time as the others, emptying it under their pages.
 * Last, one headless Chromium for the whole project: each file opens its own browser context in it (a fresh
 * incognito profile: support/browser.ts), instead of launching a Chromium of its own; and a folder where the
 * first serve of the run leaves its OPC UA key pairs for the later ones (support/serveProcess.ts, preparedPki).
 */
export async function setup(project: TestProject): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The end-to-end tests need Chromium at ${CHROMIUM_PATH}, and there is none. Install Debian's package ` +
        `(as root: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary, then run the tests again.`,
    );
  }
  await ensureRendererBuilt(path.resolve(import.meta.dirname, '..', '..', '..'));
  server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 180_000 });
  project.provide('e2eChromiumWsEndpoint', server.wsEndpoint());
  pkiCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-e2e-pki-'));
  project.provide('e2ePkiCacheDir', pkiCacheDir);
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = undefined;
  if (pkiCacheDir) fs.rmSync(pkiCacheDir, { recursive: true, force: true });
  pkiCacheDir = '';
}
