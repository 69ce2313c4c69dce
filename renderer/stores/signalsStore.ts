import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { SignalDefinitions } from '../../shared/contract/domains/signals.ts';
import type { LineSignalReadings, LiveSignals, SignalDefinition, SignalReading } from '../../shared/domain/signal.ts';
import type { PlantClient } from '../../shared/contract/client.ts';

export interface SignalsState {
  /** Per line, what each signal is (from `signals.list`); a line without signals has no entry. */
  readonly definitions: Readonly<Record<string, readonly SignalDefinition[]>>;
  /** Per line, the latest values (from `live.signals` / the `signals.watch` answer): the lines this page shows. */
  readonly byLine: Readonly<Record<string, LineSignalReadings>>;
  /** `at` of the message the values came from (core clock), null before the first one. */
  readonly at: number | null;
}

export const initialSignalsState: SignalsState = { definitions: {}, byLine: {}, at: null };

export const signalsStore = createStore<SignalsState>()(subscribeWithSelector(() => initialSignalsState));

const NO_DEFINITIONS: readonly SignalDefinition[] = [];

// Selectors: plain functions, tested on plain state without React.
export const selectSignalDefinitions =
  (lineId: string) =>
  (s: SignalsState): readonly SignalDefinition[] =>
    s.definitions[lineId] ?? NO_DEFINITIONS;
export const selectLineSignals =
  (lineId: string) =>
  (s: SignalsState): LineSignalReadings | undefined =>
    s.byLine[lineId];

export const useSignalDefinitions = (lineId: string): readonly SignalDefinition[] => useStore(signalsStore, selectSignalDefinitions(lineId));
export const useLineSignals = (lineId: string): LineSignalReadings | undefined => useStore(signalsStore, selectLineSignals(lineId));

const sameReading = (a: SignalReading, b: SignalReading): boolean =>
  a.id === b.id && a.value === b.value && a.quality === b.quality && a.at === b.at && a.band === b.band && a.reason === b.reason;

/** Field-wise equality, so the panel of a line whose values did not change does not re-render. */
export function sameLineSignals(a: LineSignalReadings, b: LineSignalReadings): boolean {
  return (
    a.lineId === b.lineId &&
    a.link === b.link &&
    a.stale === b.stale &&
    a.signals.length === b.signals.length &&
    a.signals.every((x, i) => sameReading(x, b.signals[i]!))
  );
}

/** The next state after one live.signals message (or a signals.snapshot answer); an older message than the state is dropped. */
export function reduceLiveSignals(s: SignalsState, msg: LiveSignals): SignalsState {
  if (s.at !== null && msg.at < s.at) return s;
  const byLine: Record<string, LineSignalReadings> = {};
  for (const line of msg.lines) {
    const prev = s.byLine[line.lineId];
    byLine[line.lineId] = prev && sameLineSignals(prev, line) ? prev : line;
  }
  return { ...s, byLine, at: msg.at };
}

export function reduceSignalDefinitions(s: SignalsState, defs: SignalDefinitions): SignalsState {
  const definitions: Record<string, readonly SignalDefinition[]> = {};
  for (const l of defs.lines) definitions[l.lineId] = l.signals;
  return { ...s, definitions };
}

/** One setState per stream message (one per core tick), never one per signal. */
export function applyLiveSignals(msg: LiveSignals): void {
  signalsStore.setState((s) => reduceLiveSignals(s, msg), true);
}

export function applySignalDefinitions(defs: SignalDefinitions): void {
  signalsStore.setState((s) => reduceSignalDefinitions(s, defs), true);
}

/**
 * The lines whose signals a panel on this page shows, with how many panels show each. The core sends a
 * screen the signals of the lines it watches (`signals.watch`, which replaces the screen's last watch), so
 * every change of this set, every (re)connect and every change of person sends the whole set again
 * (wireStreams.ts); the answer carries the watched lines' latest values.
 */
const watchers = new Map<string, number>();
let watchClient: PlantClient | null = null;

export const watchedSignalLines = (): string[] => [...watchers.keys()];

/** Tells the core which lines this page shows (all of them, replacing the last watch) and takes the answer's values. */
export async function sendSignalWatch(client: PlantClient | null = watchClient): Promise<void> {
  if (!client) return;
  const res = await client.invoke('signals.watch', { lineIds: watchedSignalLines() }).catch(() => null);
  // A refusal or a dropped link: the next (re)connect sends the watch again.
  if (res?.ok) applyLiveSignals(res.value);
}

/** The client watches go through (wireStreams sets it; null when unwired). */
export function setSignalWatchClient(client: PlantClient | null): void {
  watchClient = client;
}

/** A panel shows this line's signals from now on; returns the end of that. */
export function watchLineSignals(lineId: string): () => void {
  watchers.set(lineId, (watchers.get(lineId) ?? 0) + 1);
  void sendSignalWatch();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const n = watchers.get(lineId) ?? 0;
    if (n <= 1) watchers.delete(lineId);
    else watchers.set(lineId, n - 1);
    void sendSignalWatch();
  };
}
