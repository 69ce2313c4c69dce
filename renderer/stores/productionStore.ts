import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { LineDetail, ShiftSummary, WhichShift } from '../../shared/contract/domains/production.ts';
import { activeClient } from '../bridge/activeClient.ts';

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
