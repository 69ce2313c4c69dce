import { useMemo } from 'react';
import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { OutboxCorrection, OutboxEventView, OutboxItemView, OutboxStats, OutboxTargetStats } from '../../shared/contract/domains/outbox.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

export interface OutboxState {
  readonly stats: OutboxStats | null;
  readonly items: readonly OutboxItemView[];
  readonly filter: 'waiting' | 'failed' | 'all';
  /** The last answer; `fromLoad` when it is the list's own load that failed (a later load clears it). */
  readonly message: (Answer & { fromLoad?: boolean }) | null;
  /** The history of the item open in detail, as the core last said it (null until loaded). */
  readonly history: { readonly id: string; readonly events: readonly OutboxEventView[] } | null;
}

export const initialOutboxState: OutboxState = { stats: null, items: [], filter: 'waiting', message: null, history: null };
export const outboxStore = createStore<OutboxState>()(subscribeWithSelector((): OutboxState => initialOutboxState));

/** The kinds the catalogue has nouns for (outbox:kinds.<kind>); others are counted as items. */
const KINDS = new Set(['confirmation.post', 'confirmation.cancel', 'hold.place', 'hold.release', 'case.create', 'case.update']);

type T = (key: string, params?: Record<string, unknown>) => string;

/** "37 confirmations", "1 confirmation and 2 reversals", "3 items": `t` of namespace outbox, in the language on screen. */
export function waitingNoun(t: T, s: Pick<OutboxTargetStats, 'byKind' | 'depth'>): string {
  const parts = Object.entries(s.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => t(`outbox:kinds.${KINDS.has(k) ? k : 'other'}`, { n }));
  if (parts.length === 0) return t('outbox:kinds.other', { n: s.depth });
  return parts.length === 1 ? parts[0]! : t('outbox:and', { first: parts.slice(0, -1).join(', '), last: parts.at(-1) });
}

/** The short name of a target for sentences: "ERP", "maintenance system" (outbox:targetName). */
export const targetName = (t: T, s: Pick<OutboxTargetStats, 'target'>): string => (s.target === 'erp' || s.target === 'cmms' ? t(`outbox:targetName.${s.target}`) : t('outbox:targetName.other', { target: s.target }));

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

/** The number of the latest list load: an older answer arriving after a newer one is dropped. */
let listLoads = 0;

/**
 * The items as the core says them now, keeping each unchanged item the very object it was (and the list
 * itself when nothing changed): a row is drawn again only when its item changed, and never rebuilt because
 * another item was retried (issue 18: a retried case's row could not be clicked while the list was redrawn).
 */
export function mergeItems(before: readonly OutboxItemView[], now: readonly OutboxItemView[]): readonly OutboxItemView[] {
  const old = new Map(before.map((i) => [i.id, i]));
  let same = before.length === now.length;
  const merged = now.map((i, n) => {
    const was = old.get(i.id);
    const kept = was && JSON.stringify(was) === JSON.stringify(i) ? was : i;
    if (kept !== before[n]) same = false;
    return kept;
  });
  return same ? before : merged;
}

export async function loadOutboxItems(filter: OutboxState['filter'] = outboxStore.getState().filter): Promise<void> {
  const mine = ++listLoads;
  // The tab a person picked is the tab from now on: a reload started before the answer must not switch back.
  if (outboxStore.getState().filter !== filter) outboxStore.setState({ filter });
  const states = STATES_OF[filter];
  const r = await activeClient().invoke('outbox.list', { limit: 200, ...(states ? { states: [...states] } : {}), includeResolved: filter === 'all' });
  // A later load (another tab, newer counts) was started meanwhile: its answer is the one to show.
  if (mine !== listLoads) return;
  outboxStore.setState((s) => (r.ok ? { items: mergeItems(s.filter === filter ? s.items : [], r.value), filter, message: s.message?.fromLoad ? null : s.message } : { filter, items: [], message: { ...failAnswer(r.error), fromLoad: true } }));
}

/** The history of one item (what was tried, what the remote system answered, who decided what). */
export async function loadOutboxHistory(id: string): Promise<void> {
  const r = await activeClient().invoke('outbox.get', { id });
  outboxStore.setState(r.ok ? { history: { id, events: r.value.history } } : { history: { id, events: [] }, message: failAnswer(r.error) });
}

export const useOutboxHistory = (id: string): readonly OutboxEventView[] =>
  useStore(outboxStore, (s) => (s.history?.id === id ? s.history.events : NO_EVENTS));
const NO_EVENTS: readonly OutboxEventView[] = [];

export async function resendItem(id: string, reason: string, correction?: OutboxCorrection): Promise<boolean> {
  const r = await activeClient().invoke('outbox.resend', { id, reason, ...(correction ? { correction } : {}) });
  outboxStore.setState({ message: r.ok ? okAnswer('outbox:answers.resent') : failAnswer(r.error) });
  await loadOutboxItems();
  return r.ok;
}

export async function discardItem(id: string, reason: string): Promise<boolean> {
  const r = await activeClient().invoke('outbox.discard', { id, reason });
  outboxStore.setState({ message: r.ok ? okAnswer('outbox:answers.discarded') : failAnswer(r.error) });
  await loadOutboxItems();
  return r.ok;
}
