import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { ConnectionStates, ControllerStatus } from '../../shared/contract/domains/lines.ts';
import type { BridgeStatus } from '../bridge/bridgeStatus.ts';

export interface ConnectionState {
  readonly controllers: Readonly<Record<string, ControllerStatus>>;
  readonly controllerIds: readonly string[];
  readonly at: number | null;
  /** The page's own link to the core. While it is not open, nothing on screen is live. */
  readonly bridge: BridgeStatus;
}

export const initialConnectionState: ConnectionState = {
  controllers: {},
  controllerIds: [],
  at: null,
  bridge: { link: 'connecting', since: 0, attempt: 0, lastError: null },
};

export const connectionStore = createStore<ConnectionState>()(subscribeWithSelector(() => initialConnectionState));

export const selectControllerIds = (s: ConnectionState): readonly string[] => s.controllerIds;
export const selectController =
  (controllerId: string) =>
  (s: ConnectionState): ControllerStatus | undefined =>
    s.controllers[controllerId];
export const selectAnyInsecure = (s: ConnectionState): boolean =>
  s.controllerIds.some((id) => s.controllers[id]?.insecure === true);
export const selectBridge = (s: ConnectionState): BridgeStatus => s.bridge;
export const selectBridgeOpen = (s: ConnectionState): boolean => s.bridge.link === 'open';

export const useControllerIds = (): readonly string[] => useStore(connectionStore, selectControllerIds);
export const useController = (controllerId: string): ControllerStatus | undefined =>
  useStore(connectionStore, selectController(controllerId));
export const useAnyInsecure = (): boolean => useStore(connectionStore, selectAnyInsecure);
export const useBridge = (): BridgeStatus => useStore(connectionStore, selectBridge);
export const useBridgeOpen = (): boolean => useStore(connectionStore, selectBridgeOpen);

/** Each message holds every controller; an older message than the state is dropped. */
export function reduceConnectionStates(s: ConnectionState, msg: ConnectionStates): ConnectionState {
  if (s.at !== null && msg.at < s.at) return s;
  const controllers: Record<string, ControllerStatus> = {};
  const ids: string[] = [];
  for (const c of msg.controllers) {
    controllers[c.controllerId] = c;
    ids.push(c.controllerId);
  }
  const sameIds = ids.length === s.controllerIds.length && ids.every((id, i) => id === s.controllerIds[i]);
  return { ...s, controllers, controllerIds: sameIds ? s.controllerIds : ids, at: msg.at };
}

export function reduceBridgeStatus(s: ConnectionState, bridge: BridgeStatus): ConnectionState {
  return { ...s, bridge };
}

export function applyConnectionStates(msg: ConnectionStates): void {
  connectionStore.setState((s) => reduceConnectionStates(s, msg), true);
}

export function applyBridgeStatus(bridge: BridgeStatus): void {
  connectionStore.setState((s) => reduceBridgeStatus(s, bridge), true);
}
