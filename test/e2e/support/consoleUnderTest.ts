import { type Browser, launchBrowser } from './browser.ts';
import { type ServeProcess, startServe } from './serveProcess.ts';

export interface ConsoleUnderTest {
  readonly serve: ServeProcess;
  readonly browser: Browser;
  /** The demo plant's OPC UA endpoint, as serve printed it ('' when serve printed none). */
  readonly plantUrl: string;
  /** The demo CMMS sandbox's admin API, as serve printed it ('' when serve printed none). */
  readonly cmmsAdminUrl: string;
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  viewport?: { width: number; height: number };
  /** How long serve may take to print its address (default 180 s: a hang guard; idle, it takes a few seconds). */
  serveTimeoutMs?: number;
  /** serve's own options: extra arguments (e.g. ['--kiosk']), the screens' language, a data folder prepared first. */
  serve?: NonNullable<Parameters<typeof startServe>[1]>;
}

/**
 * What every end-to-end file starts with: `npm run serve` on the demo plant (fresh data folder, free
 * ports) and a headless Chromium in a fresh profile. The two start at once (the browser does not need the
 * address until the first `goto`); when either fails, the other is stopped before the error is thrown.
 */
export async function startConsoleUnderTest(options: ConsoleOptions = {}): Promise<ConsoleUnderTest> {
  const [serve, browser] = await Promise.allSettled([startServe(options.serveTimeoutMs ?? 180_000, options.serve ?? {}), launchBrowser(options.viewport)]);
  if (serve.status === 'rejected' || browser.status === 'rejected') {
    if (serve.status === 'fulfilled') await serve.value.stop();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw serve.status === 'rejected' ? serve.reason : (browser as PromiseRejectedResult).reason;
  }
  const out = serve.value.output();
  return {
    serve: serve.value,
    browser: browser.value,
    // (PLANT_CONSOLE_E2E_PLANT_URL: the demo plant of a serve instance given by PLANT_CONSOLE_E2E_URL.)
    plantUrl: /Demo plant \(OPC UA\): (opc\.tcp:\/\/\S+)/.exec(out)?.[1] ?? process.env.PLANT_CONSOLE_E2E_PLANT_URL ?? '',
    cmmsAdminUrl: /Demo CMMS \(servicenow sandbox\): \S+ {2}admin: (http:\/\/\S+\/__sandbox)/.exec(out)?.[1] ?? '',
    async stop() {
      await browser.value.close();
      await serve.value.stop();
    },
  };
}
