import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Browser as PlaywrightBrowser, type Page, chromium } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => fs.existsSync(CHROMIUM_PATH);

/** The flags every Chromium of the tests runs with (headless on a machine without a GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

declare module 'vitest' {
  interface ProvidedContext {
    /** The e2e project's shared Chromium (test/e2e/support/requireChromium.ts), '' when there is none. */
    e2eChromiumWsEndpoint: string;
  }
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far: a clean run has none. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** The shared Chromium's address when this file runs in the e2e project ('' elsewhere: the reliability rows, a script). */
function sharedEndpoint(): string {
  try {
    return inject('e2eChromiumWsEndpoint') ?? '';
  } catch {
    return ''; // not inside a vitest worker
  }
}

/**
 * A headless Chromium window with nothing in it from any other test: cookies, storage, cache and session are
 * its own. In the e2e project it is a new browser context (an incognito profile) in the Chromium that the
 * project's global set-up started once for all files: launching a Chromium for each file cost about 1.5-2.5 s
 * of CPU (18 files) before the first page, and a context costs a tenth of that. Elsewhere (the reliability
 * rows) it is Debian's Chromium of its own, in a fresh profile that is deleted on close.
 */
export async function launchBrowser(viewport = { width: 1600, height: 900 }): Promise<Browser> {
  const endpoint = sharedEndpoint();
  let context: BrowserContext;
  let done: () => Promise<void>;
  if (endpoint) {
    const browser: PlaywrightBrowser = await chromium.connect(endpoint, { timeout: 120_000 });
    context = await browser.newContext({ viewport });
    done = async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    };
  } else {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport, args: [...CHROMIUM_ARGS] });
    done = async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    };
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems, close: done };
}
