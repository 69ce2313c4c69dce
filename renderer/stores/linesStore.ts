import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { LiveLines } from '../../shared/contract/domains/lines.ts';
import type { CounterReading, LineSnapshot } from '../../shared/domain/line.ts';

export interface LinesState {
  readonly byId: Readonly<Record<string, LineSnapshot>>;
  /** Line ids in the core's order; a new array only when the set or order of lines changes. */
  readonly lineIds: readonly string[];
  /** `at` of the message the state came from (core clock), null before the first one. */
  readonly at: number | null;
}

export const initialLinesState: LinesState = { byId: {}, lineIds: [], at: null };

export const linesStore = createStore<LinesState>()(subscribeWithSelector(() => initialLinesState));

// Selectors: plain functions, tested on plain state without React.
export const selectLineIds = (s: LinesState): readonly string[] => s.lineIds;
export const selectLine =
  (lineId: string) =>
  (s: LinesState): LineSnapshot | undefined =>
    s.byId[lineId];
export const selectStoppedCount = (s: LinesState): number =>
  s.lineIds.filter((id) => {
    const state = s.byId[id]?.state;
    return state === 'stopped' || state === 'faulted';
  }).length;

export const useLineIds = (): readonly string[] => useStore(linesStore, selectLineIds);
export const useLine = (lineId: string): LineSnapshot | undefined => useStore(linesStore, selectLine(lineId));

const sameReading = (a: CounterReading, b: CounterReading): boolean =>
  a.value === b.value && a.quality === b.quality && a.at === b.at;

/** Field-wise equality, so a line that did not change keeps its object and its tile does not re-render. */
export function sameLine(a: LineSnapshot, b: LineSnapshot): boolean {
  return (
    a.lineId === b.lineId &&
    a.name === b.name &&
    a.controllerId === b.controllerId &&
    a.link === b.link &&
    a.stale === b.stale &&
    a.state === b.state &&
    a.rawState === b.rawState &&
    a.stateSince === b.stateSince &&
    a.insecure === b.insecure &&
    sameReading(a.good, b.good) &&
    sameReading(a.reject, b.reject) &&
    // Production figures change about once a second; compare them whole.
    (a.production === b.production || JSON.stringify(a.production) === JSON.stringify(b.production))
  );
}

/**
 * The next state after one live.lines message (or a lines.snapshot answer, which has the same shape).
 * Each message holds every line. A line without `production` keeps the figures it has: the core sends a
 * line's figures only in the message after they changed (about once a second), not with every count.
 * A message older than the state is dropped (a snapshot answer can arrive after a newer stream tick),
 * except for the production figures of lines that have none yet.
 */
export function reduceLiveLines(s: LinesState, msg: LiveLines): LinesState {
  if (s.at !== null && msg.at < s.at) return fillProduction(s, msg);
  const byId: Record<string, LineSnapshot> = {};
  const ids: string[] = [];
  for (const sent of msg.lines) {
    const prev = s.byId[sent.lineId];
    const line = sent.production === undefined && prev?.production !== undefined ? { ...sent, production: prev.production } : sent;
    byId[sent.lineId] = prev && sameLine(prev, line) ? prev : line;
    ids.push(sent.lineId);
  }
  const sameIds = ids.length === s.lineIds.length && ids.every((id, i) => id === s.lineIds[i]);
  return { byId, lineIds: sameIds ? s.lineIds : ids, at: msg.at };
}

/** An older message (a snapshot answer overtaken by the stream) still gives figures to lines that have none. */
function fillProduction(s: LinesState, older: LiveLines): LinesState {
  let byId: Record<string, LineSnapshot> | null = null;
  for (const line of older.lines) {
    const cur = s.byId[line.lineId];
    if (!cur || cur.production !== undefined || line.production === undefined) continue;
    byId ??= { ...s.byId };
    byId[line.lineId] = { ...cur, production: line.production };
  }
  return byId ? { ...s, byId } : s;
}

/** One setState per stream message (one per core tick), never one per line or tag. */
export function applyLiveLines(msg: LiveLines): void {
  linesStore.setState((s) => reduceLiveLines(s, msg), true);
}
