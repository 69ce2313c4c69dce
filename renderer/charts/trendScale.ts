import type { TrendPoint } from './downsample.ts';

/** Gridline and tick spacings a person reads at a glance (parts per minute). */
const NICE_STEPS = [1, 2, 2.5, 5, 10];

/**
 * The top of the value axis: a round number above both the target (with room for the label) and the
 * largest value drawn. Coarse on purpose, so the axes stay put while the data moves.
 */
export function valueAxisMax(target: number, dataMax: number): number {
  const top = Math.max(target * 1.25, dataMax * 1.05, 1);
  const step = niceStep(top / 4);
  return Math.ceil(top / step) * step;
}

/** Four equal, round divisions of [0, max] (max comes from `valueAxisMax`). */
export function valueTicks(max: number): number[] {
  const step = niceStep(max / 4);
  const out: number[] = [];
  for (let v = 0; v <= max + step / 1e6; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const s of NICE_STEPS) if (s * mag >= raw) return s * mag;
  return 10 * mag;
}

const TIME_STEPS_MS = [15, 30, 60, 120, 180, 240].map((m) => m * 60_000);

/**
 * Time ticks from the shift's start at whole steps (shifts start on the hour or half hour, so the labels
 * land on round clock times), at most `maxTicks` of them.
 */
export function timeTicks(from: number, to: number, maxTicks: number): number[] {
  if (to <= from) return [from];
  const step = TIME_STEPS_MS.find((s) => (to - from) / s <= Math.max(1, maxTicks - 1)) ?? TIME_STEPS_MS.at(-1)!;
  const out: number[] = [];
  for (let t = from; t <= to; t += step) out.push(t);
  return out;
}

/** Per-minute history as steps: each minute's value held from its start to the next minute. */
export function minuteSteps(minutes: readonly { minuteAt: number; parts: number }[]): TrendPoint[][] {
  const out: TrendPoint[][] = [];
  let run: TrendPoint[] = [];
  let prevEnd: number | null = null;
  for (const m of [...minutes].sort((a, b) => a.minuteAt - b.minuteAt)) {
    if (prevEnd !== null && m.minuteAt !== prevEnd) {
      out.push(run);
      run = [];
    }
    run.push({ t: m.minuteAt, v: m.parts }, { t: m.minuteAt + 60_000, v: m.parts });
    prevEnd = m.minuteAt + 60_000;
  }
  if (run.length > 0) out.push(run);
  return out;
}
