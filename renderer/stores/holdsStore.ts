import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { Confirmer, HoldMarker, HoldPreview, HoldView } from '../../shared/contract/domains/holds.ts';
import type { DefectCategory, HoldScope } from '../../shared/domain/hold.ts';
import type { Envelope } from '../../shared/contract/envelope.ts';
import type { Message } from '../../shared/i18n/index.ts';
import type { StreamPayload } from '../../shared/contract/streams.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

/**
 * The core's answer to a holds command and the form it answers. A success is a catalogue key with the
 * interlock's state (said in the language on screen), a refusal the core's message (answer.ts).
 */
export type HoldsAnswer = Answer & { readonly at: string; readonly interlock?: { readonly state: HoldView['interlock']['state']; readonly why: string | null; readonly whyMsg?: Message | null } };

export interface HoldsState {
  readonly holds: readonly HoldView[];
  /** Markers of the active holds: every screen marks held lines and orders from these. */
  readonly active: readonly HoldMarker[];
  readonly loaded: boolean;
  readonly busy: boolean;
  /**
   * The core's answer to the last command, in its words, and the form it answers (`place`,
   * `release:<hold id>`, `hold:<hold id>`): each form shows only its own answer, next to itself.
   */
  readonly message: HoldsAnswer | null;
  readonly preview: HoldPreview | null;
  /** The core's refusal of the preview (its catalogue message and English text). */
  readonly previewError: Answer['error'] | null;
}

export const initialHoldsState: HoldsState = { holds: [], active: [], loaded: false, busy: false, message: null, preview: null, previewError: null };
export const holdsStore = createStore<HoldsState>()(subscribeWithSelector(() => initialHoldsState));

export const selectHolds = (s: HoldsState): readonly HoldView[] => s.holds;
export const selectActiveMarkers = (s: HoldsState): readonly HoldMarker[] => s.active;
/**
 * The active holds that act on a line: those naming it (its interlock), and order holds for any line on
 * the order it runs now. A new array each call: hooks read it through `useShallow`.
 */
export const selectActiveHoldsForLine =
  (lineId: string, orderId: string | null = null) =>
  (s: HoldsState): readonly HoldMarker[] =>
    s.active.filter((m) => m.lineId === lineId || (orderId !== null && m.kind === 'order' && m.erpOrderId === orderId && m.lineId === null));
/** A line is held when an active hold acts on it, or on the order it runs now. */
export const selectLineHeld =
  (lineId: string, orderId: string | null = null) =>
  (s: HoldsState): boolean =>
    selectActiveHoldsForLine(lineId, orderId)(s).length > 0;
/**
 * An order is held when an order hold names it: on any line, or on `lineId` when the hold is for one
 * line. (A window or lot hold holds part of an order: shift close shows that part as a quantity.)
 */
export const selectIsOrderHeld =
  (orderId: string, lineId: string | null = null) =>
  (s: HoldsState): boolean =>
    s.active.some((m) => m.kind === 'order' && m.erpOrderId === orderId && (m.lineId === null || lineId === null || m.lineId === lineId));

export const useHolds = () => useStore(holdsStore, selectHolds);
export const useHoldsUi = () => useStore(holdsStore, (s) => s);
export const useLineHeld = (lineId: string, orderId: string | null = null) => useStore(holdsStore, selectLineHeld(lineId, orderId));
export const useActiveHoldsForLine = (lineId: string, orderId: string | null = null): readonly HoldMarker[] => useStore(holdsStore, useShallow(selectActiveHoldsForLine(lineId, orderId)));
export const useIsOrderHeld = (orderId: string, lineId: string | null = null) => useStore(holdsStore, selectIsOrderHeld(orderId, lineId));

export function applyHoldsList(v: { holds: HoldView[]; active: HoldMarker[] }): void {
  holdsStore.setState((s) => ({ ...s, holds: v.holds, active: v.active, loaded: true }));
}

export async function loadHolds(): Promise<void> {
  const r = await activeClient().invoke('holds.list', {});
  if (r.ok) applyHoldsList(r.value);
}

/** Active holds changed: the markers at once; the full list (quantities, propagation) reloaded. */
export function applyHoldsChanged(msg: StreamPayload<'holds.changed'>): void {
  holdsStore.setState((s) => ({ ...s, active: msg.active }));
  if (holdsStore.getState().loaded) void loadHolds();
}

export async function previewHold(scope: HoldScope): Promise<void> {
  const r = await activeClient().invoke('holds.preview', { scope });
  holdsStore.setState((s) => ({ ...s, preview: r.ok ? r.value : null, previewError: r.ok ? null : r.error }));
}

async function command(at: string, done: (v: HoldView) => Answer, call: () => Promise<Envelope<HoldView>>): Promise<boolean> {
  holdsStore.setState((s) => ({ ...s, busy: true, message: null }));
  const r = await call();
  holdsStore.setState((s) => ({
    ...s,
    busy: false,
    message: r.ok ? { ...done(r.value), at, interlock: { state: r.value.interlock.state, why: r.value.interlock.message?.replace(/[.\s]+$/, '') ?? null, whyMsg: r.value.interlock.msg ?? null } } : { ...failAnswer(r.error), at },
  }));
  await loadHolds();
  return r.ok;
}

export const placeHold = (req: { scope: HoldScope; reason: string; defectCategory: DefectCategory; note: string }): Promise<boolean> =>
  command('place', () => okAnswer('holds:answers.placed', { interlock: '' }), () => activeClient().invoke('holds.place', req));

export const releaseHold = (req: { holdId: string; reason: string; expectedRevision: number; confirmer?: Confirmer }): Promise<boolean> =>
  command(
    `release:${req.holdId}`,
    (v) => (v.released ? okAnswer('holds:answers.released', { person: v.released.confirmedBy.displayName, interlock: '' }) : okAnswer('holds:answers.releasedSomeone', { interlock: '' })),
    () => activeClient().invoke('holds.release', req),
  );

export const retryInterlock = (holdId: string): Promise<boolean> => command(`hold:${holdId}`, () => okAnswer('holds:answers.rewritten', { interlock: '' }), () => activeClient().invoke('holds.retryInterlock', { holdId }));

export const clearHoldsMessage = (): void => holdsStore.setState((s) => ({ ...s, message: null }));
/** The answer for one form, or null. */
export const useHoldsAnswer = (at: string): HoldsAnswer | null => useStore(holdsStore, (s) => (s.message?.at === at ? s.message : null));
/** Another person on this screen: no answer, preview or busy state of the one before is kept. */
export const resetHoldsForPerson = (): void => holdsStore.setState((s) => ({ ...s, message: null, preview: null, previewError: null, busy: false }));
