import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { HeldDecision, HeldJumpList, LineDetail, ShiftSummary, WhichShift } from '../../shared/contract/domains/production.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

export interface ProductionState {
  readonly details: Readonly<Record<string, LineDetail>>;
  readonly shiftSummary: ShiftSummary | null;
  readonly error: string | null;
}

export const initialProductionState: ProductionState = { details: {}, shiftSummary: null, error: null };
export const productionStore = createStore<ProductionState>()(subscribeWithSelector(() => initialProductionState));

export const selectLineDetail = (key: string) => (s: ProductionState): LineDetail | undefined => s.details[key];
export const selectShiftSummary = (s: ProductionState): ShiftSummary | null => s.shiftSummary;
export const selectProductionError = (s: ProductionState): string | null => s.error;

export const detailKey = (lineId: string, shift: WhichShift): string => `${lineId}|${shift}`;
export const useLineDetail = (lineId: string, shift: WhichShift) => useStore(productionStore, selectLineDetail(detailKey(lineId, shift)));
export const useShiftSummary = () => useStore(productionStore, selectShiftSummary);
export const useProductionError = () => useStore(productionStore, selectProductionError);

export const applyLineDetail = (shift: WhichShift, d: LineDetail): void =>
  productionStore.setState((s) => ({ ...s, details: { ...s.details, [detailKey(d.lineId, shift)]: d }, error: null }));
export const applyShiftSummary = (summary: ShiftSummary): void => productionStore.setState((s) => ({ ...s, shiftSummary: summary, error: null }));

export async function loadLineDetail(lineId: string, shift: WhichShift = 'current'): Promise<void> {
  const r = await activeClient().invoke('production.lineDetail', { lineId, shift });
  if (r.ok) applyLineDetail(shift, r.value);
  else productionStore.setState((s) => ({ ...s, error: r.error.message }));
}

export async function loadShiftSummary(): Promise<void> {
  const r = await activeClient().invoke('production.shiftSummary', {});
  if (r.ok) applyShiftSummary(r.value);
  else productionStore.setState((s) => ({ ...s, error: r.error.message }));
}

// ---- Held counter jumps (line view, shift close) ----

export interface HeldJumpsState {
  /** By span key (`lineId|from|to`, lineId '' for all lines). */
  readonly lists: Readonly<Record<string, HeldJumpList>>;
  /** The answer to the last decision, shown next to the jump it was about; cleared on sign-out. */
  readonly message: (Answer & { readonly eventId: number }) | null;
  readonly busy: number | null;
}

export const initialHeldJumpsState: HeldJumpsState = { lists: {}, message: null, busy: null };
export const heldJumpsStore = createStore<HeldJumpsState>()(subscribeWithSelector(() => initialHeldJumpsState));

export const heldKey = (lineId: string | null, from: number, to: number): string => `${lineId ?? ''}|${from}|${to}`;
export const useHeldJumps = (key: string): HeldJumpList | undefined => useStore(heldJumpsStore, (s) => s.lists[key]);
export const useHeldJumpsUi = () => useStore(heldJumpsStore, (s) => s);

export async function loadHeldJumps(lineId: string | null, from: number, to: number): Promise<void> {
  if (!(from < to)) return;
  const r = await activeClient().invoke('production.heldJumps', { ...(lineId ? { lineId } : {}), from, to });
  if (r.ok) heldJumpsStore.setState((s) => ({ ...s, lists: { ...s.lists, [heldKey(lineId, from, to)]: r.value } }));
}

/** Accept (count) or reject one held jump; the answer is shown beside that jump. Returns whether it was taken. */
export async function decideHeldJump(eventId: number, decision: HeldDecision, note = ''): Promise<boolean> {
  heldJumpsStore.setState((s) => ({ ...s, busy: eventId, message: null }));
  const r = await activeClient().invoke('production.decideHeldJump', { eventId, decision, note });
  heldJumpsStore.setState((s) => {
    const lists: Record<string, HeldJumpList> = {};
    for (const [k, l] of Object.entries(s.lists)) lists[k] = r.ok ? { ...l, jumps: l.jumps.map((j) => (j.id === eventId ? r.value : j)) } : l;
    const answer = r.ok ? okAnswer(decision === 'accepted' ? 'line:jump.answerAccepted' : 'line:jump.answerRejected', { n: r.value.held }) : failAnswer(r.error);
    return { lists, busy: null, message: { eventId, ...answer } };
  });
  if (r.ok) {
    // The figures of the line changed: the line view's detail follows.
    for (const key of Object.keys(productionStore.getState().details)) {
      const [lineId, shift] = key.split('|') as [string, WhichShift];
      if (lineId === r.value.lineId) void loadLineDetail(lineId, shift);
    }
  }
  return r.ok;
}

export const clearHeldJumpsMessage = (): void => heldJumpsStore.setState((s) => ({ ...s, message: null }));
