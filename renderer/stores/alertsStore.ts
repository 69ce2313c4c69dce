import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { AlertEventView, AlertsSummary, AlertView } from '../../shared/contract/domains/alerts.ts';
import { type AlertDisplayState, displayState, isOpen } from '../../shared/domain/alert.ts';
import type { StreamPayload } from '../../shared/contract/streams.ts';
import type { WireError } from '../../shared/contract/envelope.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

export interface AlertFilter {
  readonly text: string;
  readonly lineId: string;
  /** 'open' = needs someone; 'shelved'; 'suppressed'; 'all' includes closed ones kept in memory. */
  readonly view: 'open' | 'shelved' | 'suppressed' | 'all';
  readonly groupBy: 'none' | 'line';
  readonly minPriority: 1 | 2 | 3 | 4;
}

export interface AlertsState {
  readonly byId: ReadonlyMap<number, AlertView>;
  /** Bumped once per stream message: lists re-sort on this, not on every alert. */
  readonly revision: number;
  readonly summary: AlertsSummary | null;
  readonly filter: AlertFilter;
  readonly selected: number | null;
  /** The history of the selected alert as last loaded (for that alert and revision), or null. */
  readonly history: { readonly id: number; readonly revision: number; readonly events: readonly AlertEventView[] } | null;
  readonly busy: boolean;
  /** The last command's answer and the action it answers (`ack`, `shelve`, `assign`, `case`): shown next to that action. */
  readonly message: AlertAnswer | null;
}

export type AlertAction = 'ack' | 'shelve' | 'assign' | 'case';
export interface AlertAnswer extends Answer {
  readonly at?: AlertAction;
}

const EMPTY_SUMMARY: AlertsSummary = { flood: { flooding: false, inWindow: 0, since: null }, badActors: [], openCount: 0, unackedCount: 0 };
export const initialAlertsState: AlertsState = {
  byId: new Map(),
  revision: 0,
  summary: null,
  filter: { text: '', lineId: '', view: 'open', groupBy: 'none', minPriority: 4 },
  selected: null,
  history: null,
  busy: false,
  message: null,
};
export const alertsStore = createStore<AlertsState>()(subscribeWithSelector(() => initialAlertsState));

const MAX_KEPT = 5000;

/** One setState per stream message, however many alerts it carries. */
export function applyAlertsChanged(msg: StreamPayload<'alerts.changed'>): void {
  alertsStore.setState((s) => {
    const byId = new Map(s.byId);
    for (const a of msg.alerts) byId.set(a.id, a);
    if (byId.size > MAX_KEPT) {
      // Closed ones go first: the open list must never lose an alert.
      for (const [id, a] of byId) {
        if (byId.size <= MAX_KEPT) break;
        if (!isOpen(a)) byId.delete(id);
      }
    }
    return { ...s, byId, revision: s.revision + 1, summary: msg.summary };
  });
}

export async function loadAlerts(): Promise<void> {
  const r = await activeClient().invoke('alerts.list', { includeClosed: false, limit: 5000 });
  if (!r.ok) return;
  alertsStore.setState((s) => ({ ...s, byId: new Map(r.value.alerts.map((a) => [a.id, a])), revision: s.revision + 1, summary: r.value.summary }));
}

const PRIORITY_ORDER = (a: AlertView, b: AlertView) =>
  a.priority - b.priority || Number(b.active) - Number(a.active) || Number(a.acked) - Number(b.acked) || b.lastRaisedAt - a.lastRaisedAt || b.id - a.id;

export function viewOf(a: AlertView): AlertDisplayState {
  return displayState(a);
}

/** The list as the triage screen shows it: filtered, sorted by priority (then active, unacknowledged, newest). */
export function selectVisible(s: AlertsState): AlertView[] {
  const f = s.filter;
  const text = f.text.trim().toLowerCase();
  const out: AlertView[] = [];
  for (const a of s.byId.values()) {
    const st = displayState(a);
    if (f.view === 'open' && !(isOpen(a) && !a.shelving && !a.suppressed)) continue;
    if (f.view === 'shelved' && st !== 'shelved') continue;
    if (f.view === 'suppressed' && st !== 'suppressed') continue;
    if (f.lineId && a.lineId !== f.lineId) continue;
    if (a.priority > f.minPriority) continue;
    if (text && !`${a.title} ${a.detail} ${a.lineId ?? ''} ${a.assetId ?? ''}`.toLowerCase().includes(text)) continue;
    out.push(a);
  }
  return out.sort(PRIORITY_ORDER);
}

/** The open alert of a line that carries a case (for the line tile). */
export const selectSummary = (s: AlertsState) => s.summary ?? EMPTY_SUMMARY;
export const useAlertsSummary = () => useStore(alertsStore, selectSummary);
export const useAlertsRevision = () => useStore(alertsStore, (s) => s.revision);
export const useAlertFilter = () => useStore(alertsStore, (s) => s.filter);
export const useSelectedAlert = () => useStore(alertsStore, (s) => (s.selected === null ? null : (s.byId.get(s.selected) ?? null)));
export const useAlertsBusy = () => useStore(alertsStore, (s) => s.busy);
export const useAlertsMessage = () => useStore(alertsStore, (s) => s.message);

export const setAlertFilter = (patch: Partial<AlertFilter>): void => alertsStore.setState((s) => ({ ...s, filter: { ...s.filter, ...patch } }));
export const selectAlert = (id: number | null): void => alertsStore.setState((s) => ({ ...s, selected: id, message: null, history: s.history?.id === id ? s.history : null }));

/** Loads the history of an alert (again when its revision changed); an answer for another alert than the selected one is dropped. */
export async function loadAlertHistory(id: number, revision: number): Promise<void> {
  const r = await activeClient().invoke('alerts.get', { id });
  if (!r.ok) return;
  alertsStore.setState((s) => (s.selected === id ? { ...s, history: { id, revision, events: r.value.events } } : s));
}
const NO_EVENTS: readonly AlertEventView[] = [];
export const useAlertHistory = (id: number): readonly AlertEventView[] => useStore(alertsStore, (s) => (s.history?.id === id ? s.history.events : NO_EVENTS));

async function command(at: AlertAction, done: Answer, call: () => Promise<{ ok: boolean; error?: WireError }>): Promise<boolean> {
  alertsStore.setState((s) => ({ ...s, busy: true, message: null }));
  const r = await call();
  alertsStore.setState((s) => ({ ...s, busy: false, message: { ...(r.ok ? done : failAnswer(r.error)), at } }));
  return r.ok;
}

export const acknowledgeAlerts = (ids: number[]) => command('ack', okAnswer('alerts:answers.acked', { n: ids.length }), () => activeClient().invoke('alerts.acknowledge', { ids }));
export const shelveAlert = (id: number, kind: 'timed' | 'oneShot', reason: string, minutes: number) =>
  command('shelve', okAnswer('alerts:answers.shelved'), () => activeClient().invoke('alerts.shelve', kind === 'timed' ? { id, kind, minutes, reason } : { id, kind, reason }));
export const unshelveAlert = (id: number) => command('shelve', okAnswer('alerts:answers.unshelved'), () => activeClient().invoke('alerts.unshelve', { id }));
export const assignAlert = (id: number, assignee: string) => command('assign', okAnswer('alerts:answers.assigned', { assignee }), () => activeClient().invoke('alerts.assign', { id, assignee }));
export const dismissAlert = (id: number, reason: string) => command('shelve', okAnswer('alerts:answers.dismissed'), () => activeClient().invoke('alerts.dismiss', { id, reason }));
export const raiseCase = (alertId: number, note: string) =>
  command('case', okAnswer('alerts:answers.caseRaised'), () => activeClient().invoke('cases.raise', { alertId, note }));
