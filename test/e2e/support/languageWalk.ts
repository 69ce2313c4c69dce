import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type Browser, launchBrowser } from './browser.ts';
import { injectDemoFault } from './demoFault.ts';
import { type ServeProcess, startServe } from './serveProcess.ts';

// Issue 18 item 1, used by languages.e2e.ts (every role on one German serve; it was two files, each with a
// serve of its own): every role walks its screens in the plant's language
// (the demo plant is German; serve starts with --language de), and one person who chose English walks
// theirs. On the screens converted to the catalogues (overview, line view, shift, shift close, alerts,
// cases, holds, outbox, audit) no English text is left; on the others the navigation and the header are
// German. Screenshots at 1280x800 and 1920x1080 go to test-results/screens-i18n/ and are looked at by a person.

export const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screens-i18n');
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

export type Screen = 'overview' | 'line' | 'shift' | 'shift-close' | 'alerts' | 'holds' | 'cases' | 'outbox' | 'settings' | 'users' | 'audit' | 'kiosk';

/** What shows a screen is drawn (its data arrived), by test id. */
const READY: Readonly<Partial<Record<Screen, string>>> = {
  overview: 'tile-production-L1',
  line: 'state-timeline',
  shift: 'shift-current',
  alerts: 'alerts-screen',
  cases: 'cases-screen',
  'shift-close': 'shift-close-screen',
  holds: 'holds-screen',
  outbox: 'outbox-screen',
  audit: 'audit-screen',
  kiosk: 'kiosk-tile-L1',
};

/** Words each converted screen shows in German, and English texts that must not be left on it. */
const WORDS: Readonly<Partial<Record<Screen, { readonly de: readonly string[]; readonly en: readonly string[] }>>> = {
  overview: { de: ['Linienansicht öffnen', 'Zähler der Steuerung', 'Takt letzte Minute / Soll', 'Gutteile'], en: ['Open line view', 'Controller counter', 'Rate, last minute', 'Good ', 'Reject '] },
  line: {
    de: ['Zustand über die Schicht', 'Stillstände in dieser Schicht', 'Verfügbarkeit', 'Ausbringung', 'Geplante Pause', 'Zählerereignisse in dieser Schicht'],
    en: ['State over the shift', 'Downtime this shift', 'Availability', 'Throughput', 'Planned break', 'Counter events this shift', 'Rate, last minute'],
  },
  shift: { de: ['Aktuelle Schicht', 'Alle Linien', 'Ungeplante Stillstände', 'Verfügbarkeit'], en: ['Current shift', 'All lines', 'Unplanned stops', 'Availability'] },
  alerts: { de: ['Alarme', 'Suche', 'Am häufigsten (24 h)', 'Nach Linie gruppieren'], en: ['Search', 'Most frequent', 'Group by line', 'shown by this filter'] },
  cases: { de: ['Instandhaltungsfälle'], en: ['Maintenance cases', 'No open cases', 'Check status in the CMMS now'] },
  'shift-close': { de: ['Schicht (letzte', 'Werkszeit'], en: ['Shift (last', 'plant time', 'Loading the shift', 'Close shift', 'Counted good'] },
  holds: { de: ['Qualitätssperren', 'Aktiv'], en: ['Quality holds', 'No active holds', 'Place a hold', 'What to hold'] },
  outbox: { de: ['Postausgang', 'Wartend', 'Fehlgeschlagen', 'Erstellt'], en: ['Outbox', 'Nothing here', 'Waiting', 'Failed', 'Attempts'] },
  audit: { de: ['Audit-Trail', 'Kette prüfen', 'Ergebnis', 'Als CSV exportieren'], en: ['Audit trail', 'Verify chain', 'Outcome', 'Export CSV'] },
};

/** The navigation in each language (common catalogue): on every screen. */
const NAV = { de: ['Übersicht', 'Linie', 'Schicht', 'Alarme'], en: ['Overview', 'Line', 'Shift', 'Alerts'] } as const;

export async function shoot(page: Page, name: string): Promise<string[]> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const files: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))));
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = path.join(SHOTS, `${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    files.push(file);
  }
  await page.setViewportSize(SIZES[0]);
  return files;
}

/** Opens a screen and waits until it shows its data (its ready element), not for a fixed time. */
export async function go(page: Page, screen: Screen): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), `#/${screen === 'line' ? 'line/L1' : screen}`);
  const ready = READY[screen];
  if (ready) await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
}

export const mainText = (page: Page): Promise<string> => page.evaluate(() => (document.querySelector('main') ?? document.body).textContent ?? '');
const bodyText = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText);

/** The German demo console: serve with --language de and a Chromium at 1280x800, a long fault on line 2. */
export async function startGermanConsole(): Promise<{ serve: ServeProcess; browser: Browser; stop(): Promise<void> }> {
  const [serve, browser] = await Promise.all([startServe(180_000, { language: 'de' }), launchBrowser(SIZES[0])]);
  await browser.page.goto(serve.url);
  await browser.page.getByTestId('tile-production-L1').waitFor({ timeout: 60_000 });
  // A long fault on line 2: its stop, its alarm and the "why" on the tile are on the screens the roles walk.
  const plantUrl = /Demo plant \(OPC UA\): (opc\.tcp:\/\/\S+)/.exec(serve.output())?.[1];
  if (plantUrl) await injectDemoFault(plantUrl, 2, 600);
  return {
    serve,
    browser,
    async stop() {
      await browser.close();
      await serve.stop();
    },
  };
}

/** The German console for one describe block: started in its beforeAll, stopped in its afterAll (which lists the screenshots). */
export function useGermanConsole(): { readonly serve: ServeProcess; readonly browser: Browser; readonly shots: string[] } {
  let started: Awaited<ReturnType<typeof startGermanConsole>> | undefined;
  const shots: string[] = [];
  beforeAll(async () => {
    started = await startGermanConsole();
  }, 240_000);
  afterAll(async () => {
    await started?.stop();
    if (shots.length) console.log(`screenshots (${shots.length}):\n${shots.join('\n')}`);
  });
  const get = () => {
    if (!started) throw new Error('the German console did not start (see the beforeAll failure)');
    return started;
  };
  return {
    get serve() {
      return get().serve;
    },
    get browser() {
      return get().browser;
    },
    shots,
  };
}

/**
 * Walks screens in one language: the screen's words in that language (polled until the screen has drawn
 * them), then two screenshots, then none of the other language's words on the converted screens and the
 * navigation in the language (read after the screenshots, so late loads had the time to draw).
 */
export async function walk(page: Page, shots: string[], who: string, lang: 'de' | 'en', screens: readonly Screen[]): Promise<void> {
  const other = lang === 'de' ? 'en' : 'de';
  for (const screen of screens) {
    await go(page, screen);
    const words = WORDS[screen];
    if (words) {
      await expect
        .poll(async () => {
          const text = await mainText(page);
          return words[lang].filter((w) => !text.includes(w));
        }, { message: `${who} ${lang} ${screen}: words missing` })
        .toEqual([]);
    }
    shots.push(...(await shoot(page, `${lang}-${who}-${screen}`)));
    const text = await mainText(page);
    const body = await bodyText(page);
    if (words) {
      for (const w of words[lang]) expect(text, `${who} ${lang} ${screen}: "${w}"`).toContain(w);
      for (const w of words[other]) expect(text, `${who} ${lang} ${screen}: "${w}" left`).not.toContain(w);
    }
    if (screen !== 'kiosk') for (const w of NAV[lang]) expect(body, `${who} ${lang} ${screen} nav: "${w}"`).toContain(w);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
  }
}

/** Console problems a clean walk has none of (a reload's aborted requests and socket closes aside). */
export const pageErrors = (browser: Browser): string[] => browser.problems.filter((p) => !/Failed to load resource|ERR_|WebSocket/.test(p));
