import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { PlantMode, SystemInfo } from '../../shared/contract/domains/system.ts';
import type { StreamPayload } from '../../shared/contract/streams.ts';
import { type Actor, ROLE_LABELS } from '../../shared/domain/actor.ts';

export type NoticePayload = StreamPayload<'system.notice'>;

export interface Notice extends NoticePayload {
  /** Local id, for keys and dismissal. */
  readonly id: number;
  /** `core` for system.notice, `console` for problems this page found itself (a failed snapshot load). */
  readonly source: 'core' | 'console';
}

export interface SystemState {
  readonly info: SystemInfo | null;
  readonly actor: Actor | null;
  /** Newest first, at most MAX_NOTICES. */
  readonly notices: readonly Notice[];
  readonly nextNoticeId: number;
}

export const MAX_NOTICES = 50;

export const initialSystemState: SystemState = { info: null, actor: null, notices: [], nextNoticeId: 1 };

export const systemStore = createStore<SystemState>()(subscribeWithSelector(() => initialSystemState));

export const selectInfo = (s: SystemState): SystemInfo | null => s.info;
export const selectPlantName = (s: SystemState): string => s.info?.plantName ?? '';
export const selectMode = (s: SystemState): PlantMode | null => s.info?.mode ?? null;
export const selectTimeZone = (s: SystemState): string | undefined => s.info?.timeZone;
export const selectActor = (s: SystemState): Actor | null => s.actor;
/** "Viewer", or "Anna Weber · Shift supervisor". */
export const selectActorLabel = (s: SystemState): string => {
  if (!s.actor) return '';
  const roles = s.actor.roles.map((r) => ROLE_LABELS[r]);
  const name = s.actor.displayName;
  return roles.length === 0 || (roles.length === 1 && roles[0] === name) ? name : `${name} · ${roles.join(', ')}`;
};
export const selectNotices = (s: SystemState): readonly Notice[] => s.notices;

export const usePlantName = (): string => useStore(systemStore, selectPlantName);
export const useMode = (): PlantMode | null => useStore(systemStore, selectMode);
export const useTimeZone = (): string | undefined => useStore(systemStore, selectTimeZone);
export const useActorLabel = (): string => useStore(systemStore, selectActorLabel);
export const useNotices = (): readonly Notice[] => useStore(systemStore, selectNotices);

export const reduceSystemInfo = (s: SystemState, info: SystemInfo): SystemState => ({ ...s, info });
export const reduceSession = (s: SystemState, actor: Actor): SystemState => ({ ...s, actor });
export function reduceNotice(s: SystemState, notice: NoticePayload, source: Notice['source']): SystemState {
  const added: Notice = { ...notice, id: s.nextNoticeId, source };
  return { ...s, notices: [added, ...s.notices].slice(0, MAX_NOTICES), nextNoticeId: s.nextNoticeId + 1 };
}
export const reduceDismissNotice = (s: SystemState, id: number): SystemState =>
  s.notices.some((n) => n.id === id) ? { ...s, notices: s.notices.filter((n) => n.id !== id) } : s;

export const applySystemInfo = (info: SystemInfo): void => systemStore.setState((s) => reduceSystemInfo(s, info), true);
export const applySession = (actor: Actor): void => systemStore.setState((s) => reduceSession(s, actor), true);
export const applyNotice = (notice: NoticePayload, source: Notice['source'] = 'core'): void =>
  systemStore.setState((s) => reduceNotice(s, notice, source), true);
export const applyDismissNotice = (id: number): void => systemStore.setState((s) => reduceDismissNotice(s, id), true);
