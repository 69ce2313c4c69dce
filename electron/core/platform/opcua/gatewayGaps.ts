import type { Disposable } from '../ports/ports.ts';
import { type GatewayShared, setState } from './gatewayState.ts';
import type { LinkGap } from './opcuaTypes.ts';

/**
 * Link gaps of one gateway: opened when live data is lost (at the moment we last heard from the controller),
 * closed once it is back and every subscribed tag was re-read. Production attributes counter deltas to them.
 */
export interface GapBook {
  openAt(at: number, reason: string): void;
  isOpen(): boolean;
  close(recovery: LinkGap['recovery'], serverRestarted: boolean): void;
  onDidClose(listener: (gap: LinkGap) => void): Disposable;
  /** Every gap that ended (bounded: the last 100). */
  history(): readonly LinkGap[];
  clearListeners(): void;
}

export function createGapBook(g: GatewayShared): GapBook {
  const listeners = new Set<(gap: LinkGap) => void>();
  const history: LinkGap[] = [];
  let open: { lostAt: number; reason: string } | null = null;
  return {
    openAt(at, reason) {
      if (!open) open = { lostAt: at, reason };
    },
    isOpen: () => open !== null,
    close(recovery, serverRestarted) {
      const o = open;
      if (!o) return;
      open = null;
      const gap: LinkGap = {
        controllerId: g.controller.id,
        seq: (history.at(-1)?.seq ?? 0) + 1,
        lostAt: o.lostAt,
        restoredAt: g.clock.now(),
        serverRestarted,
        recovery,
        reason: o.reason,
      };
      history.push(gap);
      if (history.length > 100) history.shift();
      g.log.info('Controller link gap closed', { ...gap });
      setState(g, { lastGap: gap });
      for (const l of listeners) {
        try {
          l(gap);
        } catch (e) {
          g.log.error('Gap listener failed', { error: e as Error });
        }
      }
    },
    onDidClose(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    history: () => history,
    clearListeners: () => listeners.clear(),
  };
}
