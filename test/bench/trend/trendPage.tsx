// Bench-only page (built by test/bench/trend.bench.ts into a temp folder, never shipped): the real
// TrendChart on real ring buffers holding a full 8 h shift of 1 s data for 10 lines, redrawn through the
// real throttled path (recordRate → the revision notice → each chart's subscription, which repaints its
// canvas and then updates its text alternative, all in the notice's task). The page times each redraw from
// the revision notice to the DOM changed and laid out (a MutationObserver, which runs after that task), plus
// the paint of that frame.
import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { LIVE_STYLE, TrendChart, liveGapMs } from '../../../renderer/charts/TrendChart.tsx';
import { MinMaxBuckets, downsampleMinMax } from '../../../renderer/charts/downsample.ts';
import { LiveColumnsPainter } from '../../../renderer/charts/liveColumns.ts';
import { PointList } from '../../../renderer/charts/pointList.ts';
import { recordRate, subscribeTrends, trendBuffer, trendRevision } from '../../../renderer/charts/liveTrends.ts';
import { RingBuffer } from '../../../renderer/charts/ringBuffer.ts';
import { valueAxisMax } from '../../../renderer/charts/trendScale.ts';

const LINES = Array.from({ length: 10 }, (_, i) => `L${i + 1}`);
const TARGET = 120;
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
        kind === 'trend' ? <TrendChart key={id} lineId={id} from={FROM} to={TO} minutes={MINUTES} target={TARGET} timeZone="UTC" /> : <Empty key={id} id={id} />,
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
    // Feeds the bench's watchdog (exposed by test/bench/trend.bench.ts; absent when the page is opened by hand).
    void (window as unknown as { __benchAlive?: () => Promise<void> }).__benchAlive?.();
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
   * test/bench/production.bench.ts measures in Node), and what a redraw does after one new sample: fold
   * it in, bring the point list and the changed columns up to date, and make the canvas calls (on canvases
   * off the page, so this is the script's part alone).
   */
  prepMs: () => {
    const buckets = Number(document.querySelector('[data-buckets]')?.getAttribute('data-buckets') ?? 360);
    const t0 = performance.now();
    for (const id of LINES) downsampleMinMax(trendBuffer(id), FROM, TO, buckets);
    const full = performance.now() - t0;
    const gap = liveGapMs(FROM, TO, buckets);
    const frame = { width: buckets, height: 200, from: FROM, to: TO, yMax: 150, target: TARGET };
    const charts = LINES.map((id) => {
      const acc = new MinMaxBuckets(FROM, TO, buckets);
      acc.update(trendBuffer(id));
      const painter = new LiveColumnsPainter(LIVE_STYLE);
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('2d')!;
      painter.paint(canvas, ctx, frame, 1, acc.pointList(), gap);
      return { acc, painter, canvas, ctx };
    });
    const second = nextSecond++;
    for (const [k, id] of LINES.entries()) trendBuffer(id).push(FROM + second * 1000, rate(second, k));
    const t1 = performance.now();
    for (const [k, id] of LINES.entries()) {
      const { acc, painter, canvas, ctx } = charts[k]!;
      acc.update(trendBuffer(id));
      painter.paint(canvas, ctx, frame, 1, acc.pointList(), gap);
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
  /**
   * Per chart, pixels of its live canvases that differ from a fresh full paint of the same data and frame:
   * the charts were redrawn incrementally through the measured redraws, and must look exactly as if drawn anew.
   */
  mismatched: () =>
    [...document.querySelectorAll<HTMLElement>('[data-points]')].map((chart) => {
      const live = chart.querySelector<HTMLCanvasElement>('canvas.trend__live')!;
      const id = (chart.getAttribute('data-testid') ?? '').replace('trend-', '');
      const buckets = Number(chart.getAttribute('data-buckets'));
      const acc = new MinMaxBuckets(FROM, TO, buckets);
      acc.update(trendBuffer(id));
      const minutesMax = Math.max(...MINUTES.map((m) => m.parts));
      const frame = { width: parseFloat(live.style.width), height: parseFloat(live.style.height), from: FROM, to: TO, yMax: valueAxisMax(TARGET, Math.max(acc.range()?.max ?? 0, minutesMax)), target: TARGET };
      const dpr = window.devicePixelRatio || 1;
      const fresh = document.createElement('canvas');
      new LiveColumnsPainter(LIVE_STYLE).paint(fresh, fresh.getContext('2d')!, frame, dpr, acc.pointsInto(new PointList()), liveGapMs(FROM, TO, buckets));
      return diffPixels(live, fresh).count;
    }),
  /** Incremental against full paints through a scripted shift with gaps, sparse data and a ring that wraps; see `scenario`. */
  scenario: (dpr: number) => scenario(dpr),
};

/** Pixels that differ between two canvases (any channel; all of them when the sizes differ), and where the first few are. */
function diffPixels(a: HTMLCanvasElement, b: HTMLCanvasElement): { count: number; at: string } {
  if (a.width !== b.width || a.height !== b.height) return { count: Math.max(a.width * a.height, b.width * b.height, 1), at: `${a.width}×${a.height} against ${b.width}×${b.height}` };
  const pa = a.getContext('2d')!.getImageData(0, 0, a.width, a.height).data;
  const pb = b.getContext('2d')!.getImageData(0, 0, b.width, b.height).data;
  let count = 0;
  const at: string[] = [];
  for (let i = 0; i < pa.length; i += 4) {
    if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2] || pa[i + 3] !== pb[i + 3]) {
      count++;
      if (at.length < 8) at.push(`${(i / 4) % a.width},${Math.floor(i / 4 / a.width)}:${pa[i + 3]}/${pb[i + 3]}`);
    }
  }
  return { count, at: at.join(' ') };
}

/**
 * One chart's live layer painted incrementally after every batch of samples, compared with a fresh full
 * paint of the same buckets after each: sparse samples early in the shift (interpolated columns), a
 * connection gap (a new run, not joined), a stop to zero and a spike above the axis (clamped), a value
 * axis change (full repaint), and a ring small enough to wrap and drop samples inside the window (the
 * buckets start over). Returns the steps painted, how many of them were partial, and the pixels that
 * differed in total.
 */
function scenario(dpr: number): { steps: number; partial: number; mismatched: number; inked: number; first: string } {
  const width = 613.5;
  const height = 201;
  const from = FROM;
  const to = FROM + 2 * 3_600_000;
  const buckets = Math.round(width);
  const buf = new RingBuffer(4000);
  const acc = new MinMaxBuckets(from, to, buckets);
  const painter = new LiveColumnsPainter(LIVE_STYLE);
  const canvas = document.createElement('canvas');
  const out = { steps: 0, partial: 0, mismatched: 0, inked: 0, first: '' };
  let yMax = 150;
  const step = () => {
    acc.update(buf);
    yMax = valueAxisMax(TARGET, acc.range()?.max ?? 0);
    const frame = { width, height, from, to, yMax, target: TARGET };
    const p = painter.paint(canvas, canvas.getContext('2d')!, frame, dpr, acc.pointList(), liveGapMs(from, to, buckets));
    const fresh = document.createElement('canvas');
    const full = new MinMaxBuckets(from, to, buckets);
    full.update(buf);
    new LiveColumnsPainter(LIVE_STYLE).paint(fresh, fresh.getContext('2d')!, frame, dpr, full.pointsInto(new PointList()), liveGapMs(from, to, buckets));
    out.steps++;
    if (!p.full) out.partial++;
    const bad = diffPixels(canvas, fresh);
    out.mismatched += bad.count;
    if (bad.count > 0 && !out.first) out.first = `paint ${out.steps} (${p.full ? 'full' : `x ${p.fromX} to ${p.toX}`}): ${bad.count} pixels at ${bad.at}`;
  };
  let t = from;
  const push = (v: number) => buf.push(t, v);
  // Sparse: a sample every 25 s (the buckets are 11.7 s wide, runs break at 35 s): columns filled in between.
  for (let i = 0; i < 30; i++, t += 25_000) {
    push(100 + ((i * 13) % 21));
    step();
  }
  // Three samples a second apart every 25 s: the third moves the bucket's minimum after its maximum, so the
  // bucket's first point changes, and with it the filled columns before it.
  for (let i = 0; i < 12; i++, t += 25_000) {
    for (const [k, v] of [100, 112, 91].entries()) {
      buf.push(t + k * 1000, v + i);
      step();
    }
  }
  // Dense 1 s data, painted every second for a while, then every few seconds.
  for (let i = 0; i < 3000; i++, t += 1000) {
    push(i === 700 ? 0 : i === 1500 ? 260 : 100 + 20 * Math.sin(i / 50) + (i % 7));
    if (i < 200 || i % 37 === 0) step();
  }
  // A 3-minute connection gap, then data again.
  t += 180_000;
  for (let i = 0; i < 600; i++, t += 1000) {
    push(90 + (i % 11));
    if (i < 60 || i % 41 === 0) step();
  }
  // The ring (4000) wraps from here on: samples inside the window are dropped, the buckets start over.
  for (let i = 0; i < 900; i++, t += 1000) {
    push(110 + (i % 5));
    if (i % 97 === 0) step();
  }
  step();
  const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < px.length; i += 4) if (px[i]! > 128) out.inked++;
  return out;
}
