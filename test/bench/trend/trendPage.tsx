// Bench-only page (built by test/bench/trend.bench.ts into a temp folder, never shipped): the real
// TrendChart on real ring buffers holding a full 8 h shift of 1 s data for 10 lines, redrawn through the
// real throttled path (recordRate → revision → useSyncExternalStore). The page times each redraw from the
// revision notice to the DOM committed and laid out, plus the paint of that frame.
import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { TrendChart } from '../../../renderer/charts/TrendChart.tsx';
import { MinMaxBuckets, downsampleMinMax } from '../../../renderer/charts/downsample.ts';
import { recordRate, subscribeTrends, trendBuffer, trendRevision } from '../../../renderer/charts/liveTrends.ts';

const LINES = Array.from({ length: 10 }, (_, i) => `L${i + 1}`);
const FROM = Date.UTC(2026, 2, 2, 5, 0, 0);
const TO = FROM + 8 * 3_600_000;
// The buffers hold the shift but for its last ten minutes, so each redraw (3 runs of REDRAWS + 2) can append a sample inside it.
const FILLED = 8 * 3600 - 600;
const MINUTES = Array.from({ length: 480 }, (_, m) => ({ minuteAt: FROM + m * 60_000, parts: 100 + ((m * 37) % 23) }));
const rate = (t: number, line: number) => 100 + 20 * Math.sin(t / 300 + line) + ((t * 7 + line) % 17);

for (const [i, id] of LINES.entries()) {
  const b = trendBuffer(id);
  for (let t = 0; t < FILLED; t++) b.push(FROM + t * 1000, rate(t, i));
}
let nextSecond = FILLED;

// Registered before any chart mounts, so it runs first on every revision notice.
let notifiedAt = 0;
subscribeTrends(() => (notifiedAt = performance.now()));

function Empty({ id }: { id: string }) {
  const rev = useSyncExternalStore(subscribeTrends, trendRevision);
  return (
    <div className="bench-empty">
      {id} {rev}
    </div>
  );
}

function Wall({ kind, count }: { kind: 'empty' | 'trend'; count: number }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, padding: 8 }}>
      {LINES.slice(0, count).map((id) =>
        kind === 'trend' ? <TrendChart key={id} lineId={id} from={FROM} to={TO} minutes={MINUTES} target={120} timeZone="UTC" /> : <Empty key={id} id={id} />,
      )}
    </div>
  );
}

const rootEl = document.getElementById('root')!;
const root = createRoot(rootEl);
const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
const afterFrame = () => new Promise<void>((r) => setTimeout(r, 0));

interface Timing {
  /** Revision notice → React committed → style and layout done (forced). */
  commitMs: number[];
  /** Rendering steps of the next frame (mostly paint), measured rAF → task after it. */
  paintMs: number[];
}

async function measure(kind: 'empty' | 'trend', redraws: number, count = LINES.length): Promise<Timing> {
  root.render(<Wall kind={kind} count={count} />);
  for (let i = 0; i < 10; i++) await frame();
  const out: Timing = { commitMs: [], paintMs: [] };
  for (let i = 0; i < redraws + 2; i++) {
    const committed = new Promise<number>((resolve, reject) => {
      // A redraw that changes nothing in the DOM would leave this waiting for ever: fail the run instead.
      const timer = setTimeout(() => reject(new Error(`redraw ${i} of ${kind} changed nothing in the DOM within 10 s`)), 10_000);
      const mo = new MutationObserver(() => {
        clearTimeout(timer);
        mo.disconnect();
        void rootEl.offsetHeight; // style + layout now, inside the measured span
        resolve(performance.now());
      });
      mo.observe(rootEl, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const second = nextSecond++;
    for (const [k, id] of LINES.entries()) recordRate(id, FROM + second * 1000, rate(second, k));
    const end = await committed;
    const f0 = await frame();
    await afterFrame();
    const f1 = performance.now();
    if (i >= 2) {
      out.commitMs.push(end - notifiedAt);
      out.paintMs.push(f1 - f0);
    }
  }
  return out;
}

(window as unknown as { __bench: unknown }).__bench = {
  measure,
  /** After `measure`: points drawn per chart now on the page. */
  points: () => [...document.querySelectorAll('[data-points]')].map((e) => Number(e.getAttribute('data-points'))),
  /**
   * The data preparation alone, for the breakdown, with as many buckets as the charts on the page use (one
   * per pixel of plot width): a full pass over the 10 buffers (a chart's first draw, what
   * test/bench/production.bench.ts measures in Node), and a redraw's incremental update after one new sample.
   */
  prepMs: () => {
    const buckets = Number(document.querySelector('[data-buckets]')?.getAttribute('data-buckets') ?? 360);
    const t0 = performance.now();
    for (const id of LINES) downsampleMinMax(trendBuffer(id), FROM, TO, buckets);
    const full = performance.now() - t0;
    const accs = LINES.map((id) => {
      const acc = new MinMaxBuckets(FROM, TO, buckets);
      acc.update(trendBuffer(id));
      return acc;
    });
    const second = nextSecond++;
    for (const [k, id] of LINES.entries()) trendBuffer(id).push(FROM + second * 1000, rate(second, k));
    const t1 = performance.now();
    for (const [k, id] of LINES.entries()) {
      accs[k]!.update(trendBuffer(id));
      accs[k]!.points();
    }
    return { full, incremental: performance.now() - t1 };
  },
  /** Per chart, dark pixels on its plot canvases (history and live), so a chart that drew nothing fails the run. */
  inked: () =>
    [...document.querySelectorAll('[data-points]')].map((chart) => {
      let dark = 0;
      for (const c of chart.querySelectorAll<HTMLCanvasElement>('canvas.trend__plot')) {
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 128) dark++;
      }
      return dark;
    }),
};
