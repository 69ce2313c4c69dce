import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { ShiftDraft, ShiftList } from '../../shared/contract/domains/shift.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer } from './answer.ts';

/**
 * What the core says about shifts, for the shift-close screen: the shifts a supervisor may close, the one
 * picked, and its draft (figures per line and order, the close if any). The figures the supervisor edits
 * before posting are the screen's own draft; they are rebuilt only when another shift (or another state
 * of the same shift) arrives, never by a reload of the same one.
 */
export interface ShiftCloseState {
  readonly list: ShiftList | null;
  /** "date/code" of the picked shift; null until the list says which is the default. */
  readonly picked: string | null;
  readonly draft: ShiftDraft | null;
  /** The last answer shown above the figures. */
  /** The last answer (a catalogue key on success, the core's message on refusal: answer.ts). */
  readonly message: Answer | null;
  /** The message is a failed load's (the core unreachable a moment): the next load that succeeds clears it. */
  readonly messageFromLoad: boolean;
}

export const initialShiftCloseState: ShiftCloseState = { list: null, picked: null, draft: null, message: null, messageFromLoad: false };
export const shiftCloseStore = createStore<ShiftCloseState>()(subscribeWithSelector((): ShiftCloseState => initialShiftCloseState));
export const useShiftClose = () => useStore(shiftCloseStore, (s) => s);

export const shiftKey = (s: { date: string; code: string }): string => `${s.date}/${s.code}`;
const parseKey = (key: string | null): { date: string; code: string } | null => {
  const cut = key ? key.indexOf('/') : -1;
  return key && cut > 0 ? { date: key.slice(0, cut), code: key.slice(cut + 1) } : null;
};

/**
 * Which version of a shift's draft the supervisor's edits belong to: the shift, whether it is closed or
 * reversed, and its correction. A reload that answers the same version keeps the edits.
 */
export const draftVersion = (d: ShiftDraft | null): string | null =>
  d === null ? null : `${shiftKey(d)}|${d.closed?.state ?? 'open'}|${d.closed?.correction ?? 0}|${d.closed?.reversedAt ?? ''}`;

export const setShiftCloseMessage = (message: ShiftCloseState['message']): void => shiftCloseStore.setState({ message, messageFromLoad: false });

/** A load answered: a failure is shown until a later load succeeds; a success clears an earlier load's failure (never a command's answer). */
const loaded = (patch: Partial<ShiftCloseState>, failed: ShiftCloseState['message'] = null): void =>
  shiftCloseStore.setState((s) => (failed ? { ...patch, message: failed, messageFromLoad: true } : { ...patch, ...(s.messageFromLoad ? { message: null, messageFromLoad: false } : {}) }));

export async function loadShiftList(): Promise<ShiftList | null> {
  const r = await activeClient().invoke('shift.list', {});
  if (!r.ok) {
    loaded({}, failAnswer(r.error));
    return null;
  }
  loaded({ list: r.value });
  return r.value;
}

/** The draft of the picked shift (the list's default when none is picked), as the core computes it now. */
export async function loadShiftDraft(key: string | null = shiftCloseStore.getState().picked): Promise<void> {
  const ref = parseKey(key);
  const r = await activeClient().invoke('shift.draft', ref ?? {});
  // The person may have picked another shift meanwhile: an answer for the old pick is dropped.
  if (shiftCloseStore.getState().picked !== key) return;
  if (r.ok) loaded({ draft: r.value });
  else loaded({}, failAnswer(r.error));
}

/** The screen opens, or the person changed: the list, the default shift unless one is picked, its draft. */
export async function openShiftClose(): Promise<void> {
  const list = await loadShiftList();
  const keep = shiftCloseStore.getState().picked;
  const key = keep ?? (list?.defaultShift ? shiftKey(list.defaultShift) : null);
  shiftCloseStore.setState({ picked: key });
  await loadShiftDraft(key);
}

export async function pickShift(key: string): Promise<void> {
  shiftCloseStore.setState({ picked: key, draft: null, message: null, messageFromLoad: false });
  await loadShiftDraft(key);
}

/** After a confirm or a reversal: say so, and load the list and the shift again. */
export async function reloadShiftClose(answer: Answer): Promise<void> {
  setShiftCloseMessage(answer);
  await loadShiftList();
  await loadShiftDraft();
}
