import type { Disposable } from '../ports/ports.ts';
import type { GapBook } from './gatewayGaps.ts';
import { type GatewayShared, readFacts, serialise, setState, snapshotState } from './gatewayState.ts';
import type { GatewaySubscriptions } from './gatewaySubscriptions.ts';
import { MIN_SLEEP_MS, STALE_AFTER_KEEPALIVES } from './gatewayTiming.ts';

/**
 * The freshness watchdog of a connected link (opcua-notes §4; #1194): marks values stale when neither data nor
 * keep-alive arrived within 1.5 keep-alive periods, recreates a subscription that is silent while its session
 * answers, and notices that the process was suspended (workstation sleep) because it did not run itself.
 */
export interface Watchdog {
  start(): void;
  stop(): void;
}

export function createWatchdog(g: GatewayShared, gaps: GapBook, subs: GatewaySubscriptions): Watchdog {
  let timer: Disposable | null = null;
  /** When the watchdog last ran: a much later next run means the process was suspended. */
  let lastCheckAt: number | null = null;
  let lastRecreateAt = 0;

  /**
   * After a sleep: the gap runs from the last watchdog check before it. Values go bad at once; then, if the
   * session survived, every tag is re-read and the gap closed here. If the server dropped the session meanwhile,
   * the re-read fails and node-opcua's reconnection (or our own retry) closes it.
   */
  const recoverFromSleep = (asleepFrom: number, asleepMs: number): Promise<void> => {
    g.log.warn('The console was suspended (workstation sleep?); re-reading the controller', { asleepMs });
    gaps.openAt(Math.min(asleepFrom, g.lastHeard ?? asleepFrom), 'the workstation was asleep (the console was suspended)');
    subs.markAllBad();
    const gen = g.generation;
    return serialise(g, async () => {
      const s = g.session;
      if (!s || gen !== g.generation || g.disposed || g.current.phase !== 'connected') return;
      const restarted = await readFacts(g, s);
      const ok = await subs.rereadAll(s);
      if (!ok || gen !== g.generation || g.current.phase !== 'connected') {
        g.log.warn('Re-reading after the sleep failed; waiting for the reconnection');
        return;
      }
      // The server may have dropped the session while we slept: node-opcua then repairs it inside the re-read
      // (new session, subscription recreated under a new id). Say so rather than "session restored".
      const nowId = g.subscription?.subscriptionId ?? null;
      const recreated = restarted || nowId !== g.subscriptionIdSeen;
      g.subscriptionIdSeen = nowId;
      g.lastHeard = g.clock.now();
      setState(g, { lastHeardAt: g.lastHeard, staleSince: null });
      gaps.close(recreated ? 'subscription-recreated' : 'session-restored', restarted);
    });
  };

  const check = (): void => {
    const s = snapshotState(g);
    const now = g.clock.now();
    const previousCheck = lastCheckAt;
    lastCheckAt = now;
    if (g.disposed || s.phase !== 'connected' || s.keepAlivePeriodMs === null || g.lastHeard === null) return;
    // The watchdog itself did not run for far longer than its period: the workstation slept or the core's process
    // was suspended. Nothing was live meanwhile, and node-opcua may not notice at all (the session can survive).
    if (previousCheck !== null && now - previousCheck > Math.max(2 * s.keepAlivePeriodMs, MIN_SLEEP_MS)) {
      void recoverFromSleep(previousCheck, now - previousCheck);
      return;
    }
    const quiet = now - g.lastHeard;
    if (quiet > STALE_AFTER_KEEPALIVES * s.keepAlivePeriodMs && !s.staleSince) {
      g.log.warn('No data or keep-alive from the controller: values are stale', { quietMs: quiet, keepAlivePeriodMs: s.keepAlivePeriodMs });
      setState(g, { staleSince: g.lastHeard });
    }
    // The session still answers (its keep-alive read succeeded after we last heard the subscription) but the
    // subscription is silent: recreate it rather than wait for the library (#1334, #1059).
    const limit = g.timing.recreateQuietSubscriptionAfterKeepAlives * s.keepAlivePeriodMs;
    if (quiet > limit && g.lastSessionAliveAt !== null && g.lastSessionAliveAt > g.lastHeard && now - lastRecreateAt > limit) {
      lastRecreateAt = now;
      void subs.recreate('silent while the session is alive');
    }
  };

  return {
    start() {
      if (timer) return;
      const period = Math.max(50, Math.min(1000, Math.round(g.publishingInterval / 2)));
      timer = g.clock.setInterval(period, check);
    },
    stop() {
      timer?.dispose();
      timer = null;
      lastCheckAt = null;
    },
  };
}
