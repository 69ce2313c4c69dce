import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type {
  BrowsedNodeView,
  CertificateListing,
  ControllerDetails,
  FoundNodeView,
  LineMappingInput,
  MappingProposal,
} from '../../shared/contract/domains/connectivity.ts';
import type { MachineState } from '../../shared/domain/line.ts';
import { activeClient } from '../bridge/activeClient.ts';
import { type Answer, failAnswer, okAnswer } from './answer.ts';

/** The line signals a mapping assigns; the order is the form's order. */
export const SIGNALS = ['goodCount', 'rejectCount', 'machineState', 'speed', 'currentOrder', 'holdInterlock'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface MappingDraft {
  readonly lineId: string;
  readonly name: string;
  readonly targetRatePerMin: number;
  readonly tags: Readonly<Partial<Record<Signal, string>>>;
  readonly stateMap: Readonly<Record<string, MachineState>>;
}

export interface TreeNode {
  readonly loading: boolean;
  readonly children: readonly BrowsedNodeView[] | null;
  readonly error: string | null;
}

export interface ConnectivityState {
  readonly controllers: ControllerDetails | null;
  readonly certificates: CertificateListing | null;
  readonly controllerId: string | null;
  /** Browsed levels by parent node reference ('' = the Objects folder). */
  readonly tree: Readonly<Record<string, TreeNode>>;
  readonly expanded: ReadonlySet<string>;
  readonly selected: BrowsedNodeView | null;
  readonly found: readonly FoundNodeView[] | null;
  readonly proposals: readonly MappingProposal[] | null;
  readonly draft: MappingDraft;
  readonly busy: boolean;
  /** The answer to the last action: a catalogue key, or the core's refusal with its Message. */
  readonly message: Answer | null;
}

export const emptyDraft: MappingDraft = { lineId: '', name: '', targetRatePerMin: 60, tags: {}, stateMap: {} };

export const initialConnectivityState: ConnectivityState = {
  controllers: null,
  certificates: null,
  controllerId: null,
  tree: {},
  expanded: new Set(),
  selected: null,
  found: null,
  proposals: null,
  draft: emptyDraft,
  busy: false,
  message: null,
};

export const connectivityStore = createStore<ConnectivityState>()(subscribeWithSelector(() => initialConnectivityState));

export const selectControllers = (s: ConnectivityState) => s.controllers;
export const selectCertificates = (s: ConnectivityState) => s.certificates;
export const selectTreeLevel = (parent: string) => (s: ConnectivityState) => s.tree[parent];
/** The draft can be saved: a line id, a name, the two required signals, and every state code mapped. */
export const selectDraftProblems = (s: ConnectivityState): string[] => {
  const d = s.draft;
  const out: string[] = [];
  if (!s.controllerId) out.push('settings:map.problems.controller');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(d.lineId)) out.push('settings:map.problems.lineId');
  if (d.name.trim() === '') out.push('settings:map.problems.name');
  if (!d.tags.goodCount) out.push('settings:map.problems.goodCount');
  if (!d.tags.machineState) out.push('settings:map.problems.machineState');
  if (Object.keys(d.stateMap).length === 0) out.push('settings:map.problems.stateValue');
  if (!(d.targetRatePerMin > 0)) out.push('settings:map.problems.target');
  return out;
};

export const useConnectivity = () => useStore(connectivityStore, (s) => s);
export const useControllers = () => useStore(connectivityStore, selectControllers);

const set = (patch: Partial<ConnectivityState>): void => connectivityStore.setState((s) => ({ ...s, ...patch }));
const say = (a: Answer): void => set({ message: a });

export function applyControllerDetails(d: ControllerDetails): void {
  const s = connectivityStore.getState();
  set({ controllers: d, controllerId: s.controllerId ?? d.controllers[0]?.controllerId ?? null });
}

export async function loadControllers(): Promise<void> {
  const r = await activeClient().invoke('connectivity.controllers', {});
  if (r.ok) applyControllerDetails(r.value);
}

export async function loadCertificates(): Promise<void> {
  const r = await activeClient().invoke('connectivity.certificates', {});
  if (r.ok) set({ certificates: r.value });
  else say(failAnswer(r.error));
}

export async function trustCertificate(sha1: string): Promise<void> {
  set({ busy: true, message: null });
  const r = await activeClient().invoke('connectivity.trustCertificate', { sha1 });
  set({ busy: false });
  say(r.ok ? okAnswer('settings:answers.trusted', { name: r.value.commonName }) : failAnswer(r.error));
  await loadCertificates();
}

export async function untrustCertificate(sha1: string): Promise<void> {
  set({ busy: true, message: null });
  const r = await activeClient().invoke('connectivity.untrustCertificate', { sha1 });
  set({ busy: false });
  say(r.ok ? okAnswer('settings:answers.untrusted', { name: r.value.commonName }) : failAnswer(r.error));
  await loadCertificates();
}

export function chooseController(controllerId: string): void {
  set({ controllerId, tree: {}, expanded: new Set(), selected: null, found: null, proposals: null });
  void browse('');
}

/** Loads one level of the tree (lazy: only when a node is opened). */
export async function browse(parent: string): Promise<void> {
  const controllerId = connectivityStore.getState().controllerId;
  if (!controllerId) return;
  connectivityStore.setState((s) => ({ ...s, tree: { ...s.tree, [parent]: { loading: true, children: s.tree[parent]?.children ?? null, error: null } } }));
  const r = await activeClient().invoke('connectivity.browse', { controllerId, nodeRef: parent === '' ? null : parent });
  connectivityStore.setState((s) => ({
    ...s,
    tree: { ...s.tree, [parent]: r.ok ? { loading: false, children: r.value, error: null } : { loading: false, children: null, error: r.error.message } },
  }));
}

export function toggle(node: BrowsedNodeView): void {
  const s = connectivityStore.getState();
  const expanded = new Set(s.expanded);
  if (expanded.has(node.nodeRef)) expanded.delete(node.nodeRef);
  else {
    expanded.add(node.nodeRef);
    if (!s.tree[node.nodeRef]) void browse(node.nodeRef);
  }
  set({ expanded });
}

export const selectNode = (node: BrowsedNodeView | null): void => set({ selected: node });

export async function search(text: string): Promise<void> {
  const controllerId = connectivityStore.getState().controllerId;
  if (!controllerId || text.trim() === '') return set({ found: null });
  set({ busy: true });
  const r = await activeClient().invoke('connectivity.search', { controllerId, text: text.trim() });
  set({ busy: false, found: r.ok ? r.value : [] });
  if (!r.ok) say(failAnswer(r.error));
}

export async function propose(): Promise<void> {
  const controllerId = connectivityStore.getState().controllerId;
  if (!controllerId) return;
  set({ busy: true, message: null });
  const r = await activeClient().invoke('connectivity.proposeMappings', { controllerId });
  set({ busy: false, proposals: r.ok ? r.value : [] });
  if (!r.ok) say(failAnswer(r.error));
  else if (r.value.length === 0) say(okAnswer('settings:answers.noProposal'));
}

export function applyProposal(p: MappingProposal): void {
  const d = connectivityStore.getState().draft;
  set({ draft: { ...d, name: d.name || p.name, tags: { ...p.tags }, stateMap: { ...p.stateMap } } });
}

export function editDraft(patch: Partial<MappingDraft>): void {
  set({ draft: { ...connectivityStore.getState().draft, ...patch } });
}

export function assignSignal(signal: Signal, nodeRef: string | null): void {
  const d = connectivityStore.getState().draft;
  const tags = { ...d.tags };
  if (nodeRef) tags[signal] = nodeRef;
  else delete tags[signal];
  set({ draft: { ...d, tags } });
}

export function mapStateValue(raw: string, state: MachineState | null): void {
  const d = connectivityStore.getState().draft;
  const stateMap = { ...d.stateMap };
  if (state) stateMap[raw] = state;
  else delete stateMap[raw];
  set({ draft: { ...d, stateMap } });
}

export async function saveMapping(): Promise<boolean> {
  const s = connectivityStore.getState();
  const problems = selectDraftProblems(s);
  if (problems.length > 0 || !s.controllerId) {
    say({ ...okAnswer('settings:answers.fixFirst'), ok: false });
    return false;
  }
  const d = s.draft;
  const line: LineMappingInput = {
    id: d.lineId,
    name: d.name.trim(),
    controllerId: s.controllerId,
    tags: { ...d.tags, goodCount: d.tags.goodCount!, machineState: d.tags.machineState! },
    stateMap: { ...d.stateMap },
    targetRatePerMin: d.targetRatePerMin,
  };
  set({ busy: true, message: null });
  const r = await activeClient().invoke('connectivity.saveLineMapping', { line });
  set({ busy: false });
  say(r.ok ? okAnswer('settings:answers.saved', { line: line.id, backup: r.value.backupPath }) : failAnswer(r.error));
  return r.ok;
}
