import path from 'node:path';
import { DataType, StatusCodes, type ClientSession } from 'node-opcua';
import { tempPkiClient } from '../support/tempPkiClient.ts';
import { DEMO_NAMESPACE_URI } from '../../electron/demo/plantModel.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { SCREENSHOT_DIR, saveScreenshot } from '../e2e/support/screenshot.ts';
import { startServe } from '../e2e/support/serveProcess.ts';

/**
 * T20: an alarm flood through the whole product. `npm run serve` (demo plant, real core, real UI);
 * the demo plant's controller raises `bursts × burstSize` OPC UA alarms (DemoPlant.SetAlarms, one burst
 * every `burstEveryMs`); they travel Alarms & Conditions → alert service → alerts.changed → Chromium.
 * Meanwhile a person types in the alert search and toggles grouping on the alerts screen, and the page
 * measures input latency: from the input event's timestamp to the first frame after it was handled
 * (plus the browser's own Event Timing entries as a second opinion).
 */

export interface T20Options {
  bursts: number;
  burstSize: number;
  burstEveryMs: number;
  screenshot?: string;
}

export interface T20Result {
  raised: number;
  shown: number;
  floodBanner: boolean;
  floodBannerAtCount: number | null;
  inputs: number;
  p95Ms: number;
  maxMs: number;
  eventTimingP95Ms: number | null;
  durationMs: number;
  line: string;
  problems: string[];
}

const pct = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
};

async function withPlantSession<T>(endpointUrl: string, fn: (s: ClientSession, ns: number) => Promise<T>): Promise<T> {
  const { client, dispose } = tempPkiClient();
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    try {
      const ns = (await session.readNamespaceArray()).indexOf(DEMO_NAMESPACE_URI);
      return await fn(session, ns);
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
    dispose();
  }
}

/** Latency probe installed in the page: input timestamp → first frame after the handlers ran. */
const PROBE = `(() => {
  if (window.__t20) return;
  const lat = [];
  const et = [];
  window.__t20 = { lat, et, etSupported: false };
  const rec = (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => lat.push(performance.now() - t0), 0));
  };
  document.addEventListener('keydown', rec, true);
  document.addEventListener('click', rec, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown' || e.name === 'click') et.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    window.__t20.etSupported = PerformanceObserver.supportedEntryTypes.includes('event');
  } catch {}
})()`;

export async function runT20(o: T20Options): Promise<T20Result> {
  const started = Date.now();
  const serve = await startServe();
  const browser = await launchBrowser();
  const prefix = `T20r${Date.now() % 100_000}`;
  try {
    const plantUrl = /Demo plant \(OPC UA\): (opc\.tcp:\/\/\S+)/.exec(serve.output())?.[1];
    if (!plantUrl) throw new Error(`serve printed no demo plant address:\n${serve.output()}`);
    const { page } = browser;
    await page.goto(serve.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="line-tile-L1"]')?.getAttribute('data-live') === 'true', null, { timeout: 60_000 });
    await page.locator('.app-nav a', { hasText: 'Alerts' }).click();
    await page.getByTestId('alerts-screen').waitFor();
    await page.evaluate(PROBE);
    const search = page.getByTestId('alerts-search');
    const group = page.getByTestId('alerts-group');

    // The person keeps working while the flood arrives: type, erase, toggle grouping; one input every ~120 ms.
    let floodBannerAtCount: number | null = null;
    let stop = false;
    let inputs = 0;
    const person = (async () => {
      const word = 'line';
      while (!stop) {
        for (const ch of word) {
          await search.press(ch === ' ' ? 'Space' : ch);
          inputs++;
          await page.waitForTimeout(120);
        }
        for (let i = 0; i < word.length; i++) {
          await search.press('Backspace');
          inputs++;
          await page.waitForTimeout(120);
        }
        await group.click();
        inputs++;
        await page.waitForTimeout(120);
        if (floodBannerAtCount === null && (await page.getByTestId('flood-banner').count()) > 0) {
          floodBannerAtCount = Number(await page.getByTestId('alerts-open-count').textContent());
        }
      }
    })();

    const burstMs: number[] = [];
    let floodStart = Date.now();
    await withPlantSession(plantUrl, async (session, ns) => {
      const setAlarms = async (b: number, active: boolean): Promise<void> => {
        const r = await session.call({
          objectId: `ns=${ns};s=DemoPlant`,
          methodId: `ns=${ns};s=DemoPlant.SetAlarms`,
          inputArguments: [
            { dataType: DataType.String, value: `${prefix}b${b}` },
            { dataType: DataType.UInt32, value: o.burstSize },
            { dataType: DataType.Boolean, value: active },
            { dataType: DataType.UInt16, value: 300 + (b % 7) * 100 },
          ],
        });
        if (r.statusCode !== StatusCodes.Good) throw new Error(`SetAlarms failed: ${r.statusCode.toString()}`);
      };
      // The controller's condition objects exist before the flood (building 1,000 AlarmCondition nodes in
      // node-opcua takes tens of seconds); the flood is their activation, as on a real controller.
      for (let b = 0; b < o.bursts; b++) await setAlarms(b, false);
      // Latency counts from the flood on, not while the controller built its objects.
      await page.evaluate('window.__t20.lat.length = 0; window.__t20.et.length = 0');
      floodStart = Date.now();
      for (let b = 0; b < o.bursts; b++) {
        const t = Date.now();
        await setAlarms(b, true);
        burstMs.push(Date.now() - t);
        const wait = o.burstEveryMs - (Date.now() - t);
        if (wait > 0 && b < o.bursts - 1) await new Promise((res) => setTimeout(res, wait));
      }
    });
    const raised = o.bursts * o.burstSize;

    // Everything raised must reach the screen: the search for the flood's prefix counts them.
    // The person keeps working at least 8 s into the flood (the reduced run's bursts are over sooner).
    await page.waitForTimeout(Math.max(0, floodStart + 8000 - Date.now()));
    const deadline = Date.now() + 60_000;
    let shown = 0;
    stop = true;
    await person;
    if ((await group.isChecked()) === true) await group.click();
    await search.fill(prefix.toLowerCase());
    while (Date.now() < deadline) {
      shown = Number(await page.getByTestId('alerts-visible-count').textContent());
      if (shown >= raised) break;
      await page.waitForTimeout(250);
    }
    const allShownMs = Date.now() - floodStart;
    const floodBanner = (await page.getByTestId('flood-banner').count()) > 0;
    await search.fill('');
    if (o.screenshot) {
      await saveScreenshot(page, o.screenshot);
      // What the planner sees without scrolling (a full-page picture of 150 rows is mostly list).
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${o.screenshot}-viewport.png`) });
    }
    const m = (await page.evaluate('({ lat: window.__t20.lat, et: window.__t20.et, etSupported: window.__t20.etSupported })')) as { lat: number[]; et: number[]; etSupported: boolean };
    const p95Ms = pct(m.lat, 0.95);
    const maxMs = Math.max(...m.lat);
    // Event Timing reports only inputs of 16 ms or more; the others count as 16 ms for its p95.
    const etAll = [...m.et, ...new Array(Math.max(0, m.lat.length - m.et.length)).fill(16)];
    // Without Event Timing in the browser the second opinion is missing: the row fails rather than pass on one probe.
    const eventTimingP95Ms = m.etSupported && m.lat.length > 0 ? pct(etAll, 0.95) : null;
    const pass = shown === raised && floodBanner && p95Ms <= 200 && eventTimingP95Ms !== null && eventTimingP95Ms <= 200;
    const durationMs = Date.now() - started;
    return {
      raised,
      shown,
      floodBanner,
      floodBannerAtCount,
      inputs: m.lat.length,
      p95Ms,
      maxMs,
      eventTimingP95Ms,
      durationMs,
      problems: browser.problems,
      line:
        `T20: input_latency_p95_ms=${eventTimingP95Ms?.toFixed(1) ?? (m.etSupported ? 'n/a' : 'not measured: this browser has no Event Timing')} (Event Timing, target <= 200) ; input_to_next_frame_p95_ms=${p95Ms.toFixed(1)} (target <= 200) ; shown/raised=${shown}/${raised} (target 100 %) ; flood_banner=${floodBanner ? 'visible' : 'missing'} (target visible) ; ` +
        `inputs=${m.lat.length} ; input_to_next_frame_max_ms=${maxMs.toFixed(1)} (report) ; ` +
        `bursts=${o.bursts}x${o.burstSize} every ${o.burstEveryMs} ms ; controller_burst_call_ms_max=${Math.max(...burstMs)} (report) ; all_shown_within_ms=${allShownMs} (report, upper bound) ; flood_end=not measured (needs 10 quiet minutes; FloodDetector unit-tested) ${pass ? 'PASS' : 'FAIL'}`,
    };
  } finally {
    await browser.close();
    await serve.stop();
  }
}
