import { useMemo } from 'react';
import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { OutboxCorrection, OutboxEventView, OutboxItemView, OutboxStats, OutboxTargetStats } from '../../shared/contract/domains/outbox.ts';
import { activeClient } from '../bridge/activeClient.ts';

export interface OutboxState {
  readonly stats: OutboxStats | null;
  readonly items: readonly OutboxItemView[];
  readonly filter: 'waiting' | 'failed' | 'all';
  /** The last answer; `fromLoad` when it is the list's own load that failed (a later load clears it). */
  readonly message: { ok: boolean; text: string; fromLoad?: boolean } | null;
  /** The history of the item open in detail, as the core last said it (null until loaded). */
  readonly history: { readonly id: string; readonly events: readonly OutboxEventView[] } | null;
}

export const initialOutboxState: OutboxState = { stats: null, items: [], filter: 'waiting', message: null, history: null };
export const outboxStore = createStore<OutboxState>()(subscribeWithSelector((): OutboxState => initialOutboxState));

const KIND_NOUNS: Readonly<Record<string, [string, string]>> = {
  'confirmation.post': ['confirmation', 'confirmations'],
  'confirmation.cancel': ['reversal', 'reversals'],
  'hold.place': ['hold', 'holds'],
  'hold.release': ['hold release', 'hold releases'],
  'case.create': ['maintenance case', 'maintenance cases'],
  'case.update': ['case update', 'case updates'],
};

/** "37 confirmations", "1 confirmation and 2 reversals", "3 items". */
export function waitingNoun(t: Pick<OutboxTargetStats, 'byKind' | 'depth'>): string {
  const parts = Object.entries(t.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${(KIND_NOUNS[k] ?? ['item', 'items'])[n === 1 ? 0 : 1]}`);
  if (parts.length === 0) return `${t.depth} ${t.depth === 1 ? 'item' : 'items'}`;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The short name of a target for sentences: "ERP", "maintenance system". */
export const targetName = (t: Pick<OutboxTargetStats, 'target'>): string => (t.target === 'erp' ? 'ERP' : t.target === 'cmms' ? 'maintenance system' : t.target);

export const selectStats = (s: OutboxState) => s.stats;
export const selectTarget = (target: string) => (s: OutboxState) => s.stats?.targets.find((t) => t.target === target) ?? null;
/** Targets with anything waiting or failed: what the header shows. */
export const selectAttention = (s: OutboxState): readonly OutboxTargetStats[] => s.stats?.targets.filter((t) => t.depth > 0 || t.rejected > 0 || t.parked > 0) ?? [];

export const useOutboxStats = () => useStore(outboxStore, selectStats);
export const useOutboxTarget = (target: string) => useStore(outboxStore, selectTarget(target));
/** Derived outside the store selector: a filtered array is a new value each time and would re-render forever. */
export const useOutboxAttention = (): readonly OutboxTargetStats[] => {
  const stats = useStore(outboxStore, selectStats);
  return useMemo(() => selectAttention({ ...initialOutboxState, stats }), [stats]);
};
export const useOutboxUi = () => useStore(outboxStore, (s) => s);

export const applyOutboxStats = (stats: OutboxStats): void => outboxStore.setState({ stats });

const STATES_OF = { waiting: ['queued', 'sending', 'needs_check'], failed: ['rejected', 'parked'], all: undefined } as const;

export async function loadOutboxItems(filter: OutboxState['filter'] = outboxStore.getState().filter): Promise<void> {
  const states = STATES_OF[filter];
  const r = await activeClient().invoke('outbox.list', { limit: 200, ...(states ? { states: [...states] } : {}), includeResolved: filter === 'all' });
  outboxStore.setState((s) => (r.ok ? { items: r.value, filter, message: s.message?.fromLoad ? null : s.message } : { filter, items: [], message: { ok: false, text: r.error.message, fromLoad: true } }));
}

/** The history of one item (what was tried, what the remote system answered, who decided what). */
export async function loadOutboxHistory(id: string): Promise<void> {
  const r = await activeClient().invoke('outbox.get', { id });
  outboxStore.setState(r.ok ? { history: { id, events: r.value.history } } : { history: { id, events: [] }, message: { ok: false, text: r.error.message } });
}

export const useOutboxHistory = (id: string): readonly OutboxEventView[] =>
  useStore(outboxStore, (s) => (s.history?.id === id ? s.history.events : NO_EVENTS));
const NO_EVENTS: readonly OutboxEventView[] = [];

export async function resendItem(id: string, reason: string, correction?: OutboxCorrection): Promise<boolean> {
  const r = await activeClient().invoke('outbox.resend', { id, reason, ...(correction ? { correction } : {}) });
  outboxStore.setState({ message: r.ok ? { ok: true, text: `Resent as a new item (${r.value.id.slice(0, 8)}…)` } : { ok: false, text: r.error.message } });
  await loadOutboxItems();
  return r.ok;
}

export async function discardItem(id: string, reason: string): Promise<boolean> {
  const r = await activeClient().invoke('outbox.discard', { id, reason });
  outboxStore.setState({ message: r.ok ? { ok: true, text: 'Discarded; it stays in the list with your reason' } : { ok: false, text: r.error.message } });
  await loadOutboxItems();
  return r.ok;
}
