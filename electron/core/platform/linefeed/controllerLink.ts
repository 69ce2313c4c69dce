import type { LinkState } from '../../../../shared/domain/line.ts';
import type { ConnectionState } from '../opcua/opcuaTypes.ts';

/** A controller's link as the screens show it: one rule for live.lines and live.signals. */
export interface ControllerLink {
  link: LinkState;
  /** Connected, but keep-alives stopped: values must not be shown as live. */
  stale: boolean;
  /** The controller's last error in plain words, when the link is not connected. */
  error: string | null;
}

/** Silence alone is not staleness (exception-based items are quiet when nothing changes); missing keep-alives are. */
export function isStale(s: ConnectionState, now: number): boolean {
  if (s.phase !== 'connected' || s.lastHeardAt === null || s.keepAlivePeriodMs === null) return false;
  return now - s.lastHeardAt > 1.5 * s.keepAlivePeriodMs;
}

/** `state` is the gateway's current state, undefined when no gateway serves the controller. */
export function controllerLink(state: ConnectionState | undefined, now: number): ControllerLink {
  if (!state) return { link: 'misconfigured', stale: false, error: 'No gateway for this controller.' };
  return { link: state.phase, stale: isStale(state, now), error: state.phase === 'connected' ? null : (state.error?.message ?? null) };
}
