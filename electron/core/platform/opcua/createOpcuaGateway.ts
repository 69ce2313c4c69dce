import type { ClientSession } from 'node-opcua-client';
import type { Disposable } from '../ports/ports.ts';
import { CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI } from './clientOptions.ts';
import { createGatewayCertificates } from './gatewayCertificates.ts';
import { createGapBook } from './gatewayGaps.ts';
import { createBrowser, readTags, writeTag } from './gatewayIo.ts';
import { createGatewaySession } from './gatewaySession.ts';
import { createShared, type OpcuaGatewayOptions, readFacts, setState, snapshotState } from './gatewayState.ts';
import { createSubscriptions } from './gatewaySubscriptions.ts';
import { DEFAULT_OPCUA_TIMING, type OpcuaGatewayTiming } from './gatewayTiming.ts';
import { createWatchdog } from './gatewayWatchdog.ts';
import { routeNodeOpcuaLogs } from './nodeOpcuaLogging.ts';
import type { LinkGap, OpcuaBrowser, OpcuaPort, ServerFacts } from './opcuaTypes.ts';
import { checkSecurity } from './securityCheck.ts';

/**
 * The OPC UA gateway for one controller: the only code that talks node-opcua to a controller.
 * See /work/shared/reference/opcua-notes.md for why each option is set the way it is.
 *
 * Put together from its parts, which share one record of state (gatewayState.ts):
 *  - gatewaySession.ts: the session state machine (connect, node-opcua's reconnection, our own retry loop,
 *    all paced by the contact gate);
 *  - gatewaySubscriptions.ts: the subscription and every subscribe() entry's monitored items;
 *  - gatewayWatchdog.ts: freshness, silent subscriptions, workstation sleep;
 *  - gatewayGaps.ts: the link gaps production attributes counts to;
 *  - gatewayIo.ts: read, write, browse; gatewayCertificates.ts: PKI, user identity, refusals explained.
 */

export { CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI, DEFAULT_OPCUA_TIMING };
export type { OpcuaGatewayOptions, OpcuaGatewayTiming };

export interface OpcuaGateway extends OpcuaPort, OpcuaBrowser {
  /** Closes subscription, session, client and certificate store; resolves when everything is released. */
  dispose(): Promise<void>;
  /** Server-side id of our subscription, as node-opcua last reported it (changes when it is recreated). */
  subscriptionId(): number | null;
  onDidCloseGap(listener: (gap: LinkGap) => void): Disposable;
  /** Every gap that ended since the gateway was created (bounded: the last 100). */
  gaps(): readonly LinkGap[];
  /** The options the node-opcua client was created with (T17 snapshot), null before the first attempt. */
  lastClientOptions(): Readonly<Record<string, unknown>> | null;
  /** Connection attempts started (secure channels the console tried to open), for storm tests and logs. */
  attempts(): number;
  /** Re-reads ServerFacts (sessions used) now; null while not connected. */
  refreshServerFacts(): Promise<ServerFacts | null>;
  /** The live session while connected, for Alarms & Conditions (alarms.ts) on the same session; else null. */
  alarmSession(): ClientSession | null;
}

export function createOpcuaGateway(options: OpcuaGatewayOptions): OpcuaGateway {
  const { controller, clock, demoMode } = options;
  const log = options.logger;
  const timing: OpcuaGatewayTiming = { ...DEFAULT_OPCUA_TIMING, ...options.timing };
  const configError = checkSecurity(controller, demoMode);
  const g = createShared(options, timing, {
    phase: configError ? 'misconfigured' : 'disconnected',
    since: clock.now(),
    keepAlivePeriodMs: null,
    lastHeardAt: null,
    error: configError,
  });
  if (configError) log.error('Controller configuration refused', { code: configError.code, message: configError.message });
  routeNodeOpcuaLogs(log);

  const gaps = createGapBook(g);
  const subs = createSubscriptions(g, gaps);
  const watchdog = createWatchdog(g, gaps, subs);
  const certs = createGatewayCertificates(g);
  const link = createGatewaySession(g, { gaps, subs, watchdog, certs, configError });
  const browser = createBrowser(g);

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    g.disposed = true;
    watchdog.stop();
    for (const entry of g.entries) entry.disposed = true;
    await link.stop();
    await g.work.catch(() => undefined);
    await link.closeClient();
    g.entries.clear();
    await certs.dispose();
    setState(g, { phase: 'disconnected', error: null, keepAlivePeriodMs: null, staleSince: null });
    g.listeners.clear();
    gaps.clearListeners();
  };

  return {
    controllerId: controller.id,
    state: () => snapshotState(g),
    onDidChangeState(listener) {
      g.listeners.add(listener);
      return { dispose: () => g.listeners.delete(listener) };
    },
    connect: link.connect,
    read: (tagIds) => readTags(g, tagIds),
    subscribe: subs.subscribe,
    write: (tagId, value) => writeTag(g, tagId, value),
    subscriptionId: () => g.subscription?.subscriptionId ?? null,
    alarmSession: () => (g.current.phase === 'connected' ? g.session : null),
    onDidCloseGap: gaps.onDidClose,
    gaps: gaps.history,
    lastClientOptions: link.lastClientOptions,
    attempts: link.attempts,
    retryNow: link.retryNow,
    async refreshServerFacts() {
      const s = g.session;
      if (!s || g.current.phase !== 'connected') return null;
      await readFacts(g, s);
      return g.facts;
    },
    browse: browser.browse,
    search: browser.search,
    dispose() {
      closing ??= close();
      return closing;
    },
  };
}
