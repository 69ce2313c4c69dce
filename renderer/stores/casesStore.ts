import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { CaseView } from '../../shared/contract/domains/cases.ts';
import type { StreamPayload } from '../../shared/contract/streams.ts';
import { activeClient } from '../bridge/activeClient.ts';

export interface CasesState {
  readonly cases: readonly CaseView[];
}

export const casesStore = createStore<CasesState>()(subscribeWithSelector(() => ({ cases: [] as readonly CaseView[] })));

export function applyCasesChanged(msg: StreamPayload<'cases.changed'>): void {
  casesStore.setState({ cases: msg.cases });
}

export async function loadCases(): Promise<void> {
  const r = await activeClient().invoke('cases.list', { includeClosed: false });
  if (r.ok) casesStore.setState({ cases: r.value });
}

/** The newest case of a line that is open, else the newest one closed recently (the tile shows it). */
export const selectLineCase = (lineId: string) => (s: CasesState): CaseView | null =>
  s.cases.find((c) => c.lineId === lineId && c.status !== 'closed') ?? s.cases.find((c) => c.lineId === lineId) ?? null;
export const useLineCase = (lineId: string) => useStore(casesStore, selectLineCase(lineId));
export const useCases = () => useStore(casesStore, (s) => s.cases);
