import { OPCUAClient } from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import type { Disposable } from '../ports/ports.ts';
import { explainRefusal } from './clientRefusal.ts';
import { buildClientOptions } from './clientOptions.ts';
import { createContactGate } from './contactGate.ts';
import { explainError } from './explain.ts';
import type { GatewayCertificates } from './gatewayCertificates.ts';
import type { GapBook } from './gatewayGaps.ts';
import { type GatewayShared, loadNamespaces, readFacts, serialise, setState } from './gatewayState.ts';
import type { GatewaySubscriptions } from './gatewaySubscriptions.ts';
import type { Watchdog } from './gatewayWatchdog.ts';
import type { OpcuaError } from './opcuaTypes.ts';

/**
 * The session state machine of one controller: connecting → connected → reconnecting (node-opcua's own
 * reconnection, paced by the contact gate) → connected, or → disconnected and our own retry loop (also paced
 * by the gate) when node-opcua gives up or the controller refuses us. Every client belongs to a generation;
 * callbacks of an older one are ignored.
 */
export interface GatewaySession {
  /** Asked from outside: the backoff starts over (the 1/s floor per endpoint stays). */
  connect(): Promise<void>;
  /** Credentials or trust changed: a link that is not connected tries again now. */
  retryNow(): Promise<void>;
  /** Closes session and client of the current generation (a new generation begins). */
  closeClient(): Promise<void>;
  /** Stops retrying; waits for an attempt in flight. */
  stop(): Promise<void>;
  attempts(): number;
  lastClientOptions(): Readonly<Record<string, unknown>> | null;
}

export function createGatewaySession(g: GatewayShared, parts: { gaps: GapBook; subs: GatewaySubscriptions; watchdog: Watchdog; certs: GatewayCertificates; configError: OpcuaError | null }): GatewaySession {
  const { gaps, subs, watchdog, certs } = parts;
  const { controller, timing, log } = g;
  /** Every secure-channel open waits here: 1/s floor per endpoint, backoff after failures (defect 7). */
  const gate = createContactGate(g.endpoint, g.clock, { baseMs: timing.initialDelayMs, capMs: timing.maxDelayMs });
  let retryTimer: Disposable | null = null;
  let retryDelay = timing.retryDelayMs;
  let attempt: Promise<void> | null = null;
  let attemptCount = 0;
  let clientOptions: Record<string, unknown> | null = null;
  /** The error of the last failed secure-channel open (node-opcua may report a later, vaguer one). */
  let lastChannelError: Error | null = null;

  /** explainError, plus the inference of a bare close after we presented our certificate (defect 8). */
  const explain = (e: unknown): OpcuaError => explainRefusal(e, lastChannelError, controller.security.mode, certs.own());

  const closeClient = async (): Promise<void> => {
    g.generation++;
    watchdog.stop();
    const c = g.client;
    const s = g.session;
    g.client = null;
    g.session = null;
    g.subscription = null;
    subs.forgetItems();
    if (s) await s.close(true).catch(() => undefined);
    if (c) await c.disconnect().catch(() => undefined);
  };

  const scheduleRetry = (): void => {
    if (g.disposed || retryTimer) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, Math.max(timing.maxDelayMs, timing.retryDelayMs));
    retryTimer = g.clock.setTimer(delay, () => {
      retryTimer = null;
      void connectNow();
    });
  };

  const disconnectedWith = (error: OpcuaError): void => {
    setState(g, { phase: 'disconnected', error, keepAlivePeriodMs: null, staleSince: null });
    scheduleRetry();
  };

  const onLinkLost = (gen: number): void => {
    if (gen !== g.generation || g.disposed || g.current.phase !== 'connected') return;
    log.warn('Connection to controller lost; node-opcua is reconnecting');
    // The gap starts when we last heard from the controller, not when the library noticed (#1194).
    gaps.openAt(Math.min(g.lastHeard ?? g.clock.now(), g.clock.now()), 'the connection to the controller was lost');
    setState(g, { phase: 'reconnecting', error: { code: 'UNREACHABLE', message: 'The connection to the controller was lost; reconnecting.' } });
    subs.markAllBad();
  };

  const onLinkBack = (gen: number): void => {
    if (gen !== g.generation || g.disposed) return;
    const subscriptionBefore = g.subscriptionIdSeen;
    void serialise(g, async () => {
      const s = g.session;
      if (gen !== g.generation || !s) return;
      try {
        const before = new Map(g.namespaces);
        await loadNamespaces(g, s);
        const restarted = await readFacts(g, s);
        const sub = g.subscription;
        for (const entry of g.entries) {
          const changed = [...(entry.resolvedWith ?? new Map<string, number>())].some(([uri, idx]) => g.namespaces.get(uri) !== idx);
          if (changed || entry.groups.length === 0) {
            if (changed) log.warn('Namespace indexes changed on the controller; re-creating monitored items', { before: [...before], after: [...g.namespaces] });
            await subs.terminateGroups(entry);
            if (sub) await subs.applyEntry(entry);
          }
        }
        subs.updateRevised();
        // Counters are re-read before the link shows as connected again: the gap's deltas come from these.
        await subs.rereadAll(s);
        if (gen !== g.generation) return;
        const nowId = g.subscription?.subscriptionId ?? null;
        g.subscriptionIdSeen = nowId;
        // #1368: node-opcua may recreate the subscription under a new id; we read it back, never assume it.
        if (nowId !== subscriptionBefore) log.info('Subscription id changed after reconnect', { before: subscriptionBefore, after: nowId });
        g.lastHeard = g.clock.now();
        gate.succeeded();
        setState(g, { phase: 'connected', error: null, lastHeardAt: g.lastHeard, staleSince: null });
        gaps.close(restarted || nowId !== subscriptionBefore ? 'subscription-recreated' : 'session-restored', restarted);
      } catch (e) {
        log.error('Restoring the controller link failed', { error: e as Error });
        setState(g, { phase: 'reconnecting', error: explainError(e) });
      }
    });
  };

  /**
   * Routes every secure-channel open of this client (first connect and node-opcua's reconnection loop, which
   * retries at once with setImmediate after a failure it cannot classify) through the contact gate.
   */
  const gateContacts = (c: OPCUAClient, gen: number): void => {
    type Open = (strategy: unknown, callback: (err?: Error | null) => void) => void;
    const target = c as unknown as { _internal_create_secure_channel: Open; _reconnectionIsCanceled?: boolean };
    const open = target._internal_create_secure_channel.bind(c) as Open;
    target._internal_create_secure_channel = (strategy, callback) => {
      const wait = gate.reserve();
      const go = (): void => {
        if (g.disposed || gen !== g.generation || target._reconnectionIsCanceled) {
          callback(new Error('Reconnection has been canceled (the console closed this connection attempt).'));
          return;
        }
        attemptCount++;
        open(strategy, (err) => {
          if (err) {
            lastChannelError = err;
            gate.failed();
          }
          callback(err);
        });
      };
      if (wait <= 0) go();
      else {
        if (gate.failures() > 0) log.debug('Waiting before the next connection attempt', { waitMs: wait, failures: gate.failures() });
        g.clock.setTimer(wait, go);
      }
    };
  };

  /** The client's events, for generation `gen`. */
  const watchClient = (c: OPCUAClient, gen: number): void => {
    c.on('connection_lost', () => onLinkLost(gen));
    c.on('start_reconnection', () => onLinkLost(gen));
    c.on('connection_reestablished', () => onLinkBack(gen));
    c.on('close', (err?: Error | null) => {
      // With an error and no repair under way, node-opcua has given up: our own retry loop takes over.
      if (!err || gen !== g.generation || g.disposed || !g.session) return;
      log.warn('Controller connection closed; node-opcua is not reconnecting', { message: err.message });
      onLinkLost(gen);
      void closeClient().then(() => {
        if (!g.disposed) disconnectedWith(explain(err));
      });
    });
    c.on('reconnection_attempt_has_failed', (err: Error) => {
      if (gen !== g.generation || g.disposed) return;
      log.debug('Reconnection attempt failed', { message: err.message });
      const why = explain(err);
      // A controller back with a different certificate, or no longer trusting ours: show it as refused (with the
      // thumbprints) and stop node-opcua's reconnection; our own loop retries, paced by the gate, until someone acts.
      if (why.code === 'CERTIFICATE_UNTRUSTED' || why.code === 'CLIENT_CERTIFICATE_REFUSED' || why.code === 'SECURITY_POLICY_REJECTED' || why.code === 'ACCESS_DENIED') {
        void closeClient().then(async () => {
          if (g.disposed) return;
          certs.setTrouble(why.code === 'CERTIFICATE_UNTRUSTED');
          const cmNow = certs.manager();
          const error = cmNow ? await certs.enrich(why, cmNow) : why;
          if (!g.disposed) disconnectedWith(error);
        });
      } else if (g.current.phase === 'reconnecting' && why.message !== g.current.error?.message) {
        // Still node-opcua's loop (paced by the gate): say why the last attempt failed rather than "reconnecting".
        setState(g, { error: why });
      }
    });
  };

  const runAttempt = async (): Promise<void> => {
    setState(g, { phase: 'connecting' });
    const identity = await certs.userIdentity();
    if (!identity.ok) {
      // Recoverable without a restart: retryNow() (a stored password) tries again.
      setState(g, { phase: 'misconfigured', error: identity.error });
      return;
    }
    let cm: OPCUACertificateManager;
    try {
      cm = await certs.ensureManager();
    } catch (e) {
      setState(g, { phase: 'misconfigured', error: { code: 'CONFIG', message: `The client certificate store in ${g.options.pkiDir} cannot be used: ${(e as Error).message}` } });
      return;
    }
    if (g.disposed) return;
    const gen = ++g.generation;
    const opts = buildClientOptions(controller, cm, timing);
    clientOptions = { ...opts };
    const c = OPCUAClient.create(opts);
    g.client = c;
    gateContacts(c, gen);
    watchClient(c, gen);
    try {
      lastChannelError = null;
      await c.connect(g.endpoint);
      if (gen !== g.generation) return;
      const s = await c.createSession(identity.value);
      g.session = s;
      s.on('keepalive', () => {
        if (gen === g.generation) g.lastSessionAliveAt = g.clock.now();
      });
      s.on('keepalive_failure', () => log.warn('Session keep-alive failed'));
      // The server dropped our session while the channel stayed up: node-opcua quietly creates a new session and
      // subscription ("repair") without any connection event. Live data stopped meanwhile: that is a gap.
      s.on('session_repaired', () => {
        if (gen !== g.generation || g.disposed) return;
        log.warn('The controller dropped the session; node-opcua created a new one');
        gaps.openAt(g.lastHeard ?? g.clock.now(), 'the controller closed the session');
        onLinkBack(gen);
      });
      let restarted = false;
      await serialise(g, async () => {
        await loadNamespaces(g, s);
        restarted = await readFacts(g, s);
        await subs.create(s);
        await subs.applyAll();
        // After a gap (our own retry loop: a new session) the counters are re-read before showing connected.
        if (gaps.isOpen()) await subs.rereadAll(s);
      });
      if (gen !== g.generation) return;
      retryDelay = timing.retryDelayMs;
      gate.succeeded();
      certs.setTrouble(false);
      g.subscriptionIdSeen = g.subscription?.subscriptionId ?? null;
      g.lastHeard = g.clock.now();
      setState(g, { phase: 'connected', error: null, lastHeardAt: g.lastHeard, staleSince: null });
      watchdog.start();
      gaps.close('reconnected', restarted);
      log.info('Connected to controller', { endpoint: g.endpoint, securityMode: controller.security.mode, securityPolicy: controller.security.policy, sessions: g.facts?.currentSessionCount });
    } catch (e) {
      if (gen !== g.generation || g.disposed) return;
      let error = explain(e);
      log.warn('Connecting to controller failed', { endpoint: g.endpoint, code: error.code, status: error.status, message: (e as Error).message });
      await closeClient();
      certs.setTrouble(error.code === 'CERTIFICATE_UNTRUSTED');
      error = await certs.enrich(error, cm);
      if (g.disposed) return;
      disconnectedWith(error);
    }
  };

  const connectNow = (): Promise<void> => {
    if (g.disposed || g.current.phase === 'misconfigured') return Promise.resolve();
    if (g.client && g.current.phase !== 'disconnected') return attempt ?? Promise.resolve();
    if (attempt) return attempt;
    retryTimer?.dispose();
    retryTimer = null;
    attempt = runAttempt().finally(() => {
      attempt = null;
    });
    return attempt;
  };

  const connect = (): Promise<void> => {
    gate.resetBackoff();
    return connectNow();
  };

  return {
    connect,
    async retryNow() {
      if (g.disposed || parts.configError) return;
      if (g.current.phase === 'connected' || g.current.phase === 'reconnecting') return;
      await attempt?.catch(() => undefined);
      if (g.current.phase === 'misconfigured') setState(g, { phase: 'disconnected' });
      certs.setTrouble(true); // reload trust lists too: an administrator may have changed them
      await closeClient();
      await connect();
    },
    closeClient,
    async stop() {
      retryTimer?.dispose();
      retryTimer = null;
      await closeClient(); // also cuts short a first connect still retrying
      await attempt?.catch(() => undefined);
    },
    attempts: () => attemptCount,
    lastClientOptions: () => clientOptions,
  };
}
