import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { DowntimeList, ReasonLeafView } from '../../shared/contract/domains/downtime.ts';
import type { Envelope } from '../../shared/contract/envelope.ts';
import type { StreamPayload } from '../../shared/contract/streams.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

export interface DowntimeState {
  readonly lists: Readonly<Record<string, DowntimeList>>;
  readonly reasons: Readonly<Record<string, readonly ReasonLeafView[]>>;
  /** Lines a screen shows now: a downtime.changed for them reloads their list. */
  readonly watched: readonly string[];
  readonly busy: boolean;
  /** The core's answer to the last command, in its words. */
  /** The last command's answer and the stop it was about: shown in that stop's row. */
  readonly message: (Answer & { readonly eventId?: number }) | null;
}

export const initialDowntimeState: DowntimeState = { lists: {}, reasons: {}, watched: [], busy: false, message: null };
export const downtimeStore = createStore<DowntimeState>()(subscribeWithSelector(() => initialDowntimeState));

export const selectDowntimeList = (lineId: string) => (s: DowntimeState): DowntimeList | undefined => s.lists[lineId];
export const selectReasons = (lineId: string) => (s: DowntimeState): readonly ReasonLeafView[] | undefined => s.reasons[lineId];
export const useDowntimeList = (lineId: string) => useStore(downtimeStore, selectDowntimeList(lineId));
export const useReasons = (lineId: string) => useStore(downtimeStore, selectReasons(lineId));
export const useDowntimeUi = () => useStore(downtimeStore, (s) => ({ busy: s.busy, message: s.message }));
export const useDowntimeBusy = () => useStore(downtimeStore, (s) => s.busy);
export const useDowntimeMessage = () => useStore(downtimeStore, (s) => s.message);

export async function loadDowntime(lineId: string): Promise<void> {
  const r = await activeClient().invoke('downtime.list', { lineId, shift: 'current' });
  if (r.ok) downtimeStore.setState((s) => ({ ...s, lists: { ...s.lists, [lineId]: r.value } }));
}

export async function loadReasons(lineId: string): Promise<void> {
  const r = await activeClient().invoke('downtime.reasons', { lineId });
  if (r.ok) downtimeStore.setState((s) => ({ ...s, reasons: { ...s.reasons, [lineId]: r.value.leaves } }));
}

export function watchLine(lineId: string): () => void {
  downtimeStore.setState((s) => ({ ...s, watched: [...s.watched, lineId] }));
  return () =>
    downtimeStore.setState((s) => {
      const i = s.watched.indexOf(lineId);
      return i < 0 ? s : { ...s, watched: [...s.watched.slice(0, i), ...s.watched.slice(i + 1)] };
    });
}

/** The core says events changed: reload the lists on screen (one call per watched line). */
export function applyDowntimeChanged(msg: StreamPayload<'downtime.changed'>): void {
  const watched = new Set(downtimeStore.getState().watched);
  for (const id of msg.lineIds) if (watched.has(id)) void loadDowntime(id);
}

async function command<T>(lineId: string, eventId: number, done: Answer, call: () => Promise<Envelope<T>>): Promise<boolean> {
  downtimeStore.setState((s) => ({ ...s, busy: true, message: null }));
  const r = await call();
  downtimeStore.setState((s) => ({ ...s, busy: false, message: { ...(r.ok ? done : failAnswer(r.error)), eventId } }));
  if (r.ok) await loadDowntime(lineId);
  return r.ok;
}

export const setReason = (lineId: string, eventId: number, reasonCode: string, expectedRevision: number) =>
  command(lineId, eventId, okAnswer('downtime:answers.reasonSaved'), () => activeClient().invoke('downtime.setReason', { eventId, reasonCode, expectedRevision }));
export const splitEvent = (lineId: string, eventId: number, at: number, expectedRevision: number) =>
  command(lineId, eventId, okAnswer('downtime:answers.split'), () => activeClient().invoke('downtime.split', { eventId, at, expectedRevision }));
export const addNote = (lineId: string, eventId: number, text: string) =>
  command(lineId, eventId, okAnswer('downtime:answers.noteAdded'), () => activeClient().invoke('downtime.addNote', { eventId, text }));
export const clearDowntimeMessage = (): void => downtimeStore.setState((s) => ({ ...s, message: null }));
