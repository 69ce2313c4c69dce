import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StreamPayload } from '../../shared/contract/streams.ts';

/** Whether the console can save (system.storage): disk full, data folder read-only, database damaged. */
export type StorageStatus = StreamPayload<'system.storage'>;

export interface StorageState {
  readonly status: StorageStatus | null;
}

/**
 * The core re-sends a problem every few seconds while it lasts (and `ok` once when it ends): a problem
 * older than this was missed ending (the page was away) and is no longer shown.
 */
export const STORAGE_STATUS_FRESH_MS = 20_000;

export const initialStorageState: StorageState = { status: null };

export const storageStore = createStore<StorageState>()(() => initialStorageState);

/** The problem to show on every screen, or null when the console can save. */
export const selectStorageProblem = (s: StorageState): StorageStatus | null => (s.status && s.status.state !== 'ok' ? s.status : null);
export const useStorageProblem = (): StorageStatus | null => useStore(storageStore, selectStorageProblem);

export const reduceStorageStatus = (s: StorageState, status: StorageStatus): StorageState => (s.status && s.status.at > status.at ? s : { status });
export const applyStorageStatus = (status: StorageStatus): void => storageStore.setState((s) => reduceStorageStatus(s, status), true);
