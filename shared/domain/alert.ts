import { z } from 'zod';
import { MachineState } from './line.ts';

/**
 * Alerts after ISA-18.2: each alert is one condition (a line down too long, a controller link lost, …)
 * with two independent state bits, active/cleared and unacknowledged/acknowledged, plus shelving
 * (a person hides it for a while, with a reason) and suppression by design (a planned stop hides the
 * alerts the stop itself causes). Everything here is pure: the core persists and the screens show it.
 */

/** 1 is the most urgent. The same scale as a maintenance case's priority. Persisted. */
export const AlertPriority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type AlertPriority = z.infer<typeof AlertPriority>;
export const PRIORITY_LABELS: Readonly<Record<AlertPriority, string>> = { 1: 'Urgent', 2: 'High', 3: 'Medium', 4: 'Low' };

/** Where an alert comes from. Persisted: never renamed. */
export const AlertSource = z.enum(['downtime', 'link', 'rate', 'reject', 'opcua']);
export type AlertSource = z.infer<typeof AlertSource>;

export const ShelveKind = z.enum(['timed', 'oneShot']);
export type ShelveKind = z.infer<typeof ShelveKind>;

export const Shelving = z.object({
  kind: ShelveKind,
  reason: z.string(),
  by: z.string(),
  at: z.number(),
  /**
   * Timed shelves only: what is left, counted on a monotonic clock (never the wall clock, which an
   * NTP step or a person can move): a wall-clock jump neither ends a shelve early nor stretches it.
   */
  remainingMs: z.number().nonnegative().nullable(),
  /** Wall-clock estimate of the end, for display only. */
  untilEstimate: z.number().nullable(),
});
export type Shelving = z.infer<typeof Shelving>;

/** The state an alert is in; the two ISA bits plus the console's own triage marks. */
export interface AlertCore {
  active: boolean;
  acked: boolean;
  shelving: Shelving | null;
  /** Suppressed by design: the line is in a planned stop, so this alert is expected and not shown. */
  suppressed: boolean;
  dismissed: boolean;
}

/** ISA-18.2 display states. */
export type AlertDisplayState = 'unack-active' | 'ack-active' | 'unack-cleared' | 'normal' | 'shelved' | 'suppressed' | 'dismissed';

export function displayState(a: AlertCore): AlertDisplayState {
  if (a.dismissed) return 'dismissed';
  if (a.suppressed) return 'suppressed';
  if (a.shelving) return 'shelved';
  if (a.active) return a.acked ? 'ack-active' : 'unack-active';
  return a.acked ? 'normal' : 'unack-cleared';
}

/** Still needs someone: shown in the list (shelved and suppressed ones are behind a filter). */
export const isOpen = (a: AlertCore): boolean => !a.dismissed && (a.active || !a.acked);

/** The condition came back (or came for the first time). A dismissed alert is not revived: a new one opens. */
export function raised<T extends AlertCore>(a: T): T {
  return { ...a, active: true, acked: false };
}

/** Return to normal. A one-shot shelve ends here: it covered exactly one occurrence. */
export function cleared<T extends AlertCore>(a: T): T {
  return { ...a, active: false, shelving: a.shelving?.kind === 'oneShot' ? null : a.shelving };
}

export function acknowledged<T extends AlertCore>(a: T): T {
  return { ...a, acked: true };
}

export type ShelveRequest = { kind: 'timed'; durationMs: number; reason: string; by: string; at: number } | { kind: 'oneShot'; reason: string; by: string; at: number };

export const MAX_SHELVE_MS = 8 * 3_600_000;

export function shelved<T extends AlertCore>(a: T, r: ShelveRequest): T {
  const remainingMs = r.kind === 'timed' ? Math.min(MAX_SHELVE_MS, Math.max(0, r.durationMs)) : null;
  return { ...a, shelving: { kind: r.kind, reason: r.reason, by: r.by, at: r.at, remainingMs, untilEstimate: remainingMs === null ? null : r.at + remainingMs } };
}

export function unshelved<T extends AlertCore>(a: T): T {
  return { ...a, shelving: null };
}

/**
 * Counts a timed shelve down by `elapsedMs` of trustworthy (monotonic) time. Negative or absurd
 * elapsed values (a clock that went backwards) count as nothing. Returns the alert unshelved when
 * nothing is left.
 */
export function tickShelve<T extends AlertCore>(a: T, elapsedMs: number, wallNow: number): T {
  const s = a.shelving;
  if (!s || s.kind !== 'timed' || s.remainingMs === null) return a;
  const step = Number.isFinite(elapsedMs) && elapsedMs > 0 ? elapsedMs : 0;
  const remainingMs = Math.max(0, s.remainingMs - step);
  if (remainingMs === 0) return { ...a, shelving: null };
  return { ...a, shelving: { ...s, remainingMs, untilEstimate: wallNow + remainingMs } };
}

/** Suppression by design follows the line's state; it never hides a lost controller link. */
export function suppressedFor(source: AlertSource, lineState: MachineState | null): boolean {
  return source !== 'link' && source !== 'opcua' && lineState === 'planned_stop';
}

// ---------------------------------------------------------------------------------------------------
// Flood detection (ISA-18.2: more than 10 alerts in 10 minutes per operator; the flood ends below 5).

export const FLOOD_WINDOW_MS = 10 * 60_000;
export const FLOOD_START_ABOVE = 10;
export const FLOOD_END_BELOW = 5;

export const FloodState = z.object({
  flooding: z.boolean(),
  /** Alerts raised in the last 10 minutes. */
  inWindow: z.number().int().nonnegative(),
  since: z.number().nullable(),
});
export type FloodState = z.infer<typeof FloodState>;

/**
 * Sliding window over raise times. Pure apart from its own memory; the caller passes time in.
 * Starts at the 11th raise within 10 minutes, ends when fewer than 5 remain in the window.
 */
export class FloodDetector {
  private times: number[] = [];
  private flooding = false;
  private since: number | null = null;

  raise(at: number): FloodState {
    this.times.push(at);
    return this.at(at);
  }

  at(now: number): FloodState {
    const from = now - FLOOD_WINDOW_MS;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= from) drop++;
    if (drop > 0) this.times.splice(0, drop);
    const n = this.times.length;
    if (!this.flooding && n > FLOOD_START_ABOVE) {
      this.flooding = true;
      this.since = now;
    } else if (this.flooding && n < FLOOD_END_BELOW) {
      this.flooding = false;
      this.since = null;
    }
    return { flooding: this.flooding, inWindow: n, since: this.since };
  }
}

// ---------------------------------------------------------------------------------------------------
// Bad actors and chattering: the alerts that cost operators the most attention.

export const BadActor = z.object({
  key: z.string(),
  title: z.string(),
  lineId: z.string().nullable(),
  count: z.number().int().nonnegative(),
  /** Raised 3 or more times within one minute at some point in the window. */
  chattering: z.boolean(),
});
export type BadActor = z.infer<typeof BadActor>;

export const CHATTER_WINDOW_MS = 60_000;
export const CHATTER_COUNT = 3;

/** Top `n` alert keys by raises (ties by key), each marked chattering if it raised 3× within a minute. */
export function rankBadActors(raises: readonly { key: string; title: string; lineId: string | null; at: number }[], n: number): BadActor[] {
  const byKey = new Map<string, { title: string; lineId: string | null; times: number[] }>();
  for (const r of raises) {
    const e = byKey.get(r.key) ?? { title: r.title, lineId: r.lineId, times: [] };
    e.times.push(r.at);
    e.title = r.title;
    byKey.set(r.key, e);
  }
  const out: BadActor[] = [];
  for (const [key, e] of byKey) {
    const t = [...e.times].sort((a, b) => a - b);
    let chattering = false;
    for (let i = CHATTER_COUNT - 1; i < t.length && !chattering; i++) chattering = t[i]! - t[i - (CHATTER_COUNT - 1)]! <= CHATTER_WINDOW_MS;
    out.push({ key, title: e.title, lineId: e.lineId, count: t.length, chattering });
  }
  return out.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, Math.max(0, n));
}

// ---------------------------------------------------------------------------------------------------
// Thresholds: which conditions become alerts, from the plant configuration.

const StateList = z.array(MachineState).min(1);

/** One rung of the downtime ladder: a stop in one of `states` on `lineId` (or any line) longer than `afterSec`. */
export const DowntimeRung = z
  .object({
    lineId: z.string().min(1).optional(),
    states: StateList.optional(),
    afterSec: z.number().int().min(1).max(7 * 86_400),
    priority: AlertPriority,
  })
  .strict();
export type DowntimeRung = z.infer<typeof DowntimeRung>;

export const AlertsConfig = z
  .object({
    /** Severity by duration: the longest rung passed sets the priority. */
    downtime: z.array(DowntimeRung).default([
      { states: ['faulted', 'stopped'], afterSec: 300, priority: 2 },
      { states: ['faulted', 'stopped'], afterSec: 1800, priority: 1 },
      { states: ['starved', 'blocked', 'idle'], afterSec: 900, priority: 3 },
    ]),
    /** Controller link lost or data stale longer than this. */
    linkAfterSec: z.number().int().min(1).max(3600).default(30),
    linkPriority: AlertPriority.default(2),
    /** Running below `ratePct` % of target for `rateMinutes`. */
    rateBelowPct: z.number().min(1).max(100).default(80),
    rateMinutes: z.number().min(0.1).max(240).default(5),
    ratePriority: AlertPriority.default(3),
    /** Reject share above `rejectPct` % over the last `rejectMinutes`, once at least `rejectMinParts` were made. */
    rejectPct: z.number().min(0.1).max(100).default(5),
    rejectMinutes: z.number().min(1).max(240).default(10),
    rejectMinParts: z.number().int().min(1).default(50),
    rejectPriority: AlertPriority.default(3),
  })
  .strict();
export type AlertsConfig = z.infer<typeof AlertsConfig>;

/** The priority a stop has earned after `elapsedMs`, or null while it is below every rung. */
export function downtimePriority(rungs: readonly DowntimeRung[], lineId: string, state: MachineState, elapsedMs: number): AlertPriority | null {
  let best: AlertPriority | null = null;
  for (const r of rungs) {
    if (r.lineId && r.lineId !== lineId) continue;
    if (r.states && !r.states.includes(state)) continue;
    if (elapsedMs < r.afterSec * 1000) continue;
    if (best === null || r.priority < best) best = r.priority;
  }
  return best;
}
