import { linesStore } from '../stores/linesStore.ts';
import { RingBuffer } from './ringBuffer.ts';

/** One shift of 1 s samples. */
export const TREND_CAPACITY = 8 * 3600 + 600;
/** Charts redraw at most this often, however fast the stream ticks. */
export const REDRAW_MS = 1000;

const buffers = new Map<string, RingBuffer>();
const listeners = new Set<() => void>();
let revision = 0;
let notifyTimer: ReturnType<typeof setTimeout> | null = null;

export function trendBuffer(lineId: string): RingBuffer {
  let b = buffers.get(lineId);
  if (!b) {
    b = new RingBuffer(TREND_CAPACITY);
    buffers.set(lineId, b);
  }
  return b;
}

/** Appends one sample per line and second (the stream ticks every 250 ms); redraws are throttled. */
export function recordRate(lineId: string, at: number, ratePerMin: number | null): void {
  if (ratePerMin === null) return;
  const b = trendBuffer(lineId);
  const last = b.lastTime();
  if (last !== null && at - last < 1000) return;
  b.push(at, ratePerMin);
  scheduleNotify();
}

function scheduleNotify(): void {
  if (notifyTimer) return;
  notifyTimer = setTimeout(() => {
    notifyTimer = null;
    revision++;
    for (const l of [...listeners]) l();
  }, REDRAW_MS);
}

export function subscribeTrends(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
export const trendRevision = (): number => revision;

/** Feeds the buffers from the lines store, outside React. Returns the unsubscribe. */
export function startLiveTrends(): () => void {
  return linesStore.subscribe(
    (s) => s.byId,
    (byId) => {
      for (const line of Object.values(byId)) {
        const p = line.production;
        if (p && line.link === 'connected' && !line.stale) recordRate(line.lineId, Date.now(), p.ratePerMin);
      }
    },
  );
}
