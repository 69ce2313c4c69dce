import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { HealthSnapshot, ModuleHealthEntry } from '../../shared/contract/domains/system.ts';

/** system.health: which parts of the core work. `troubled` keeps the ones a person must be told about. */
export interface HealthState {
  readonly snapshot: HealthSnapshot | null;
  /** Degraded or stopped modules, in the core's order. */
  readonly troubled: readonly ModuleHealthEntry[];
}

export const initialHealthState: HealthState = { snapshot: null, troubled: [] };
export const healthStore = createStore<HealthState>()(() => initialHealthState);

export const selectTroubled = (s: HealthState): readonly ModuleHealthEntry[] => s.troubled;
export const useTroubledModules = (): readonly ModuleHealthEntry[] => useStore(healthStore, selectTroubled);

export function reduceHealth(s: HealthState, snapshot: HealthSnapshot): HealthState {
  // An older snapshot (a reload racing the stream) never replaces a newer one.
  if (s.snapshot && snapshot.at < s.snapshot.at) return s;
  return { snapshot, troubled: snapshot.modules.filter((m) => m.state !== 'ok') };
}
export const applyHealth = (snapshot: HealthSnapshot): void => healthStore.setState((s) => reduceHealth(s, snapshot), true);
