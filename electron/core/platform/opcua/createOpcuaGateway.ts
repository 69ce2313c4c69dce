import { readFileSync } from 'node:fs';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  DataType,
  OPCUACertificateManager,
  OPCUAClient,
  TimestampsToReturn,
  UserTokenType,
  resolveNodeId,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  type UserIdentityInfo,
} from 'node-opcua';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { ControllerConfig } from '../../../../shared/domain/plantConfig.ts';
import type { Clock, Disposable, Logger, SecretStore } from '../ports/ports.ts';
import { browseChildren, searchTree, type BrowseContext } from './browse.ts';
import { certificateDer } from './certificateInfo.ts';
import { createContactGate } from './contactGate.ts';
import { explainRefusal, ownCertificateSummary, type OwnCertificateSummary } from './clientRefusal.ts';
import { buildClientOptions, CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI } from './clientOptions.ts';
import { discoverEndpoints } from './discovery.ts';
import { chooseEndpoint } from './endpointPolicy.ts';
import { explainError, explainStatus } from './explain.ts';
import { badValue, mapDataValue } from './mapDataValue.ts';
import { parseNodeRef, withNamespaceIndex } from './nodeRef.ts';
import { routeNodeOpcuaLogs } from './nodeOpcuaLogging.ts';
import { ensureOwnCertificate } from './ownCertificate.ts';
import type { ConnectionPhase, ConnectionState, LinkGap, LiveValue, OpcuaBrowser, OpcuaError, OpcuaPort, ServerFacts } from './opcuaTypes.ts';
import { DEFAULT_OPCUA_TIMING, KEEP_ALIVE_COUNT, MIN_SLEEP_MS, QUEUE_SIZE, STALE_AFTER_KEEPALIVES, type OpcuaGatewayTiming } from './gatewayTiming.ts';
import { checkSecurity } from './securityCheck.ts';
import { chunks, readServerFacts } from './serverFacts.ts';

/**
 * The OPC UA gateway for one controller: the only code that talks node-opcua to a controller.
 * See /work/shared/reference/opcua-notes.md for why each option is set the way it is.
 */

export { CLIENT_APPLICATION_NAME, CLIENT_APPLICATION_URI, DEFAULT_OPCUA_TIMING };
export type { OpcuaGatewayTiming };

export interface OpcuaGatewayOptions {
  controller: ControllerConfig;
  /** Overrides `controller.endpoint` (tests, port-0 simulators). */
  endpoint?: string;
  /** The app-owned client PKI folder (own/, trusted/, rejected/ …). */
  pkiDir: string;
  /** Demo plant: SecurityPolicy None allowed (if the controller allows it) and unknown server certificates accepted. */
  demoMode: boolean;
  logger: Logger;
  clock: Clock;
  /** Needed only for controllers with a user-name token. */
  secrets?: SecretStore;
  timing?: Partial<OpcuaGatewayTiming>;
}

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

interface SubEntry {
  tagIds: readonly string[];
  onBatch: (values: LiveValue[]) => void;
  groups: ClientMonitoredItemGroup[];
  /** Namespace indexes the current groups were created with. */
  resolvedWith: Map<string, number> | null;
  disposed: boolean;
  /** Per tag: the newest timestamp delivered as Good, to flag values that arrive after a newer one. */
  newest: Map<string, number>;
}

type Resolved = { ok: true; nodeId: string; uri: string } | { ok: false; error: OpcuaError };

export function createOpcuaGateway(options: OpcuaGatewayOptions): OpcuaGateway {
  const { controller, clock, demoMode } = options;
  const log = options.logger;
  const timing: OpcuaGatewayTiming = { ...DEFAULT_OPCUA_TIMING, ...options.timing };
  const endpoint = options.endpoint ?? controller.endpoint;
  const publishingInterval = controller.publishingIntervalMs ?? 500;

  const configError = checkSecurity(controller, demoMode);
  let current: ConnectionState = {
    phase: configError ? 'misconfigured' : 'disconnected',
    since: clock.now(),
    keepAlivePeriodMs: null,
    lastHeardAt: null,
    error: configError,
  };
  if (configError) log.error('Controller configuration refused', { code: configError.code, message: configError.message });

  routeNodeOpcuaLogs(log);
  const listeners = new Set<(s: ConnectionState) => void>();
  const gapListeners = new Set<(g: LinkGap) => void>();
  const gapHistory: LinkGap[] = [];
  /** The open gap: set when live data is lost, closed once it is back and every tag was re-read. */
  let openGap: { lostAt: number; reason: string } | null = null;
  let lastHeard: number | null = null;
  let lastSessionAliveAt: number | null = null;
  let watchdog: Disposable | null = null;
  /** When the watchdog last ran: a much later next run means the process was suspended. */
  let lastCheckAt: number | null = null;
  let lastRecreateAt = 0;
  let namespaceArray: string[] = [];
  let facts: ServerFacts | null = null;
  let clientOptions: Record<string, unknown> | null = null;
  let certificateTrouble = false;
  let subscriptionIdSeen: number | null = null;
  const entries = new Set<SubEntry>();
  let certificateManager: OPCUACertificateManager | null = null;
  let client: OPCUAClient | null = null;
  let session: ClientSession | null = null;
  let subscription: ClientSubscription | null = null;
  let namespaces = new Map<string, number>();
  let chunkSize = timing.monitorChunkSize;
  let readChunk = timing.readChunkSize;
  let retryTimer: Disposable | null = null;
  let retryDelay = timing.retryDelayMs;
  let attempt: Promise<void> | null = null;
  let disposed = false;
  let closing: Promise<void> | null = null;
  /** Bumped whenever the client is replaced: late callbacks of an old client are ignored. */
  let generation = 0;
  /** Every secure-channel open waits here: 1/s floor per endpoint, backoff after failures (defect 7). */
  const gate = createContactGate(endpoint, clock, { baseMs: timing.initialDelayMs, capMs: timing.maxDelayMs });
  let attemptCount = 0;
  /** The error of the last failed secure-channel open (node-opcua may report a later, vaguer one). */
  let lastChannelError: Error | null = null;
  let ownCertificate: OwnCertificateSummary | null = null;
  /** Serialises subscription set-up work (monitor calls must not run concurrently: W22). */
  let work: Promise<void> = Promise.resolve();

  const setState = (patch: Partial<ConnectionState> & { phase?: ConnectionPhase }): void => {
    const phase = patch.phase ?? current.phase;
    const next: ConnectionState = {
      ...current,
      ...patch,
      phase,
      since: phase !== current.phase ? clock.now() : current.since,
    };
    const notify =
      next.phase !== current.phase ||
      next.error !== current.error ||
      next.keepAlivePeriodMs !== current.keepAlivePeriodMs ||
      next.staleSince !== current.staleSince ||
      next.lastGap !== current.lastGap ||
      next.serverStartTime !== current.serverStartTime ||
      next.server !== current.server;
    if (!notify) {
      // lastHeardAt moves with every notification and keep-alive: readable through state(), not pushed.
      current = next;
      return;
    }
    const phaseChanged = next.phase !== current.phase;
    current = next;
    if (phaseChanged) log.info('Controller link', { phase: next.phase, error: next.error?.code });
    for (const l of listeners) {
      try {
        l(current);
      } catch (e) {
        log.error('Connection state listener failed', { error: e as Error });
      }
    }
  };

  /** Called on every notification batch and keep-alive: cheap, because it runs at ingest rate. */
  const heard = (): void => {
    lastHeard = clock.now();
    if (current.staleSince) {
      log.info('Controller data is fresh again', { staleSince: current.staleSince });
      setState({ staleSince: null, lastHeardAt: lastHeard });
    }
  };

  const snapshotState = (): ConnectionState => {
    if (current.lastHeardAt !== lastHeard && lastHeard !== null) current = { ...current, lastHeardAt: lastHeard };
    return current;
  };

  // ---- freshness watchdog (opcua-notes §4; #1194) --------------------------------------------

  const checkFreshness = (): void => {
    const s = snapshotState();
    const now = clock.now();
    const previousCheck = lastCheckAt;
    lastCheckAt = now;
    if (disposed || s.phase !== 'connected' || s.keepAlivePeriodMs === null || lastHeard === null) return;
    // The watchdog itself did not run for far longer than its period: the workstation slept or the core's process
    // was suspended. Nothing was live meanwhile, and node-opcua may not notice at all (the session can survive).
    if (previousCheck !== null && now - previousCheck > Math.max(2 * s.keepAlivePeriodMs, MIN_SLEEP_MS)) {
      void recoverFromSleep(previousCheck, now - previousCheck);
      return;
    }
    const quiet = now - lastHeard;
    if (quiet > STALE_AFTER_KEEPALIVES * s.keepAlivePeriodMs && !s.staleSince) {
      log.warn('No data or keep-alive from the controller: values are stale', { quietMs: quiet, keepAlivePeriodMs: s.keepAlivePeriodMs });
      setState({ staleSince: lastHeard });
    }
    // The session still answers (its keep-alive read succeeded after we last heard the subscription) but the
    // subscription is silent: recreate it rather than wait for the library (#1334, #1059).
    const limit = timing.recreateQuietSubscriptionAfterKeepAlives * s.keepAlivePeriodMs;
    if (quiet > limit && lastSessionAliveAt !== null && lastSessionAliveAt > lastHeard && now - lastRecreateAt > limit) {
      lastRecreateAt = now;
      void recreateSubscription('silent while the session is alive');
    }
  };

  const startWatchdog = (): void => {
    if (watchdog) return;
    const period = Math.max(50, Math.min(1000, Math.round(publishingInterval / 2)));
    watchdog = clock.setInterval(period, checkFreshness);
  };

  const stopWatchdog = (): void => {
    watchdog?.dispose();
    watchdog = null;
    lastCheckAt = null;
  };

  /**
   * After a sleep: the gap runs from the last watchdog check before it. Values go bad at once; then, if the
   * session survived, every tag is re-read and the gap closed here. If the server dropped the session meanwhile,
   * the re-read fails and node-opcua's reconnection (onLinkLost / onLinkBack, or our own retry) closes it.
   */
  const recoverFromSleep = (asleepFrom: number, asleepMs: number): Promise<void> => {
    log.warn('The console was suspended (workstation sleep?); re-reading the controller', { asleepMs });
    openGapAt(Math.min(asleepFrom, lastHeard ?? asleepFrom), 'the workstation was asleep (the console was suspended)');
    markAllBad();
    const gen = generation;
    return serialise(async () => {
      const s = session;
      if (!s || gen !== generation || disposed || current.phase !== 'connected') return;
      const restarted = await readFacts(s);
      let ok = true;
      for (const entry of entries) {
        if (entry.disposed) continue;
        const r = await rereadWith(s, entry.tagIds);
        if (r.ok) deliver(entry, r.value);
        else ok = false;
      }
      if (!ok || gen !== generation || current.phase !== 'connected') {
        log.warn('Re-reading after the sleep failed; waiting for the reconnection');
        return;
      }
      // The server may have dropped the session while we slept: node-opcua then repairs it inside the re-read
      // (new session, subscription recreated under a new id). Say so rather than "session restored".
      const nowId = subscription?.subscriptionId ?? null;
      const recreated = restarted || nowId !== subscriptionIdSeen;
      subscriptionIdSeen = nowId;
      lastHeard = clock.now();
      setState({ lastHeardAt: lastHeard, staleSince: null });
      closeGap(recreated ? 'subscription-recreated' : 'session-restored', restarted);
    });
  };

  // ---- gaps ---------------------------------------------------------------------------------

  const openGapAt = (at: number, reason: string): void => {
    if (!openGap) openGap = { lostAt: at, reason };
  };

  const closeGap = (recovery: LinkGap['recovery'], serverRestarted: boolean): void => {
    const g = openGap;
    if (!g) return;
    openGap = null;
    const gap: LinkGap = {
      controllerId: controller.id,
      seq: (gapHistory.at(-1)?.seq ?? 0) + 1,
      lostAt: g.lostAt,
      restoredAt: clock.now(),
      serverRestarted,
      recovery,
      reason: g.reason,
    };
    gapHistory.push(gap);
    if (gapHistory.length > 100) gapHistory.shift();
    log.info('Controller link gap closed', { ...gap });
    setState({ lastGap: gap });
    for (const l of gapListeners) {
      try {
        l(gap);
      } catch (e) {
        log.error('Gap listener failed', { error: e as Error });
      }
    }
  };

  /** Reads StartTime and limits; true when the server's StartTime changed (it restarted: counters may have reset). */
  const readFacts = async (s: ClientSession): Promise<boolean> => {
    try {
      const r = await readServerFacts(s);
      facts = r.facts;
      chunkSize = r.facts.maxMonitoredItemsPerCall > 0 ? Math.min(r.facts.maxMonitoredItemsPerCall, timing.monitorChunkSize) : timing.monitorChunkSize;
      readChunk = r.facts.maxNodesPerRead > 0 ? Math.min(r.facts.maxNodesPerRead, timing.readChunkSize) : timing.readChunkSize;
      const before = current.serverStartTime ?? null;
      const restarted = before !== null && r.startTime !== null && r.startTime !== before;
      if (restarted) log.warn('The controller restarted (new StartTime): its counters may have reset', { before, after: r.startTime });
      setState({ serverStartTime: r.startTime, server: facts });
      return restarted;
    } catch (e) {
      log.warn('Reading ServerStatus and ServerCapabilities failed', { error: e as Error });
      return false;
    }
  };

  const serialise = (fn: () => Promise<void>): Promise<void> => {
    const next = work.then(fn, fn);
    work = next.catch(() => undefined);
    return next;
  };

  // ---- node references ----------------------------------------------------------------------

  const resolve = (tagId: string): Resolved => {
    const parsed = parseNodeRef(tagId);
    if (!parsed) {
      return { ok: false, error: { code: 'CONFIG', message: `"${tagId}" is not a node reference of the form nsu=<namespace URI>;s=<id>.` } };
    }
    const index = namespaces.get(parsed.namespaceUri);
    if (index === undefined) {
      return {
        ok: false,
        error: {
          code: 'NAMESPACE_UNKNOWN',
          message: `The controller has no namespace "${parsed.namespaceUri}" (needed for ${tagId}). Check the tag mapping or the controller program.`,
        },
      };
    }
    return { ok: true, nodeId: withNamespaceIndex(parsed, index), uri: parsed.namespaceUri };
  };

  const loadNamespaces = async (s: ClientSession): Promise<void> => {
    const array = await s.readNamespaceArray();
    namespaceArray = [...array];
    namespaces = new Map(array.map((uri, i) => [uri, i]));
  };

  // ---- subscriptions ------------------------------------------------------------------------

  const deliver = (entry: SubEntry, values: LiveValue[]): void => {
    if (entry.disposed || values.length === 0) return;
    // After a reconnect the re-read value can be newer than queued notifications republished after it:
    // those are delivered (nothing is hidden) but flagged `late`, so nobody takes them for the current value.
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v.quality !== 'good') continue;
      const ts = v.sourceTs ?? v.serverTs;
      if (ts === null) continue;
      const newest = entry.newest.get(v.tagId);
      if (newest !== undefined && ts < newest) values[i] = { ...v, flags: [...(v.flags ?? []), 'late'] };
      else entry.newest.set(v.tagId, ts);
    }
    try {
      entry.onBatch(values);
    } catch (e) {
      log.error('onBatch listener failed', { error: e as Error });
    }
  };

  const terminateGroups = async (entry: SubEntry): Promise<void> => {
    const groups = entry.groups;
    entry.groups = [];
    entry.resolvedWith = null;
    for (const g of groups) {
      g.removeAllListeners('changed');
      await g.terminate().catch((e: unknown) => log.debug('Terminating monitored items failed', { error: e as Error }));
    }
  };

  /** Creates the entry's monitored items on the current subscription, chunk by chunk. */
  const applyEntry = async (entry: SubEntry): Promise<void> => {
    const sub = subscription;
    if (entry.disposed || !sub || entry.groups.length > 0) return;
    const bad: LiveValue[] = [];
    const ok: { tagId: string; nodeId: string; uri: string }[] = [];
    for (const tagId of entry.tagIds) {
      const r = resolve(tagId);
      if (r.ok) ok.push({ tagId, nodeId: r.nodeId, uri: r.uri });
      else {
        log.error('Tag cannot be monitored', { tagId, code: r.error.code, message: r.error.message });
        bad.push(badValue(tagId, r.error.message));
      }
    }
    deliver(entry, bad);
    entry.resolvedWith = new Map(ok.map((x) => [x.uri, namespaces.get(x.uri) ?? -1]));

    // Notifications of one publish response arrive synchronously: one batch per response.
    let pending: LiveValue[] = [];
    const push = (v: LiveValue): void => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push(v);
    };
    const flush = (): void => {
      const batch = pending;
      pending = [];
      heard();
      deliver(entry, batch);
    };

    for (let start = 0; start < ok.length; start += chunkSize) {
      if (entry.disposed || subscription !== sub) return;
      const chunk = ok.slice(start, start + chunkSize);
      const group = ClientMonitoredItemGroup.create(
        sub,
        chunk.map((x) => ({ nodeId: x.nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval: 0, queueSize: QUEUE_SIZE, discardOldest: true },
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item, dv: DataValue, index: number) => {
        const tag = chunk[index];
        if (!tag) return;
        push(mapDataValue(tag.tagId, dv));
      });
      entry.groups.push(group);
      await new Promise<void>((resolveInit) => {
        group.once('initialized', () => resolveInit());
        group.once('err', (message: string) => {
          log.error('Creating monitored items failed', { message });
          resolveInit();
        });
      });
      const failed: LiveValue[] = [];
      group.monitoredItems.forEach((item, i) => {
        const tag = chunk[i];
        const sc = item.statusCode;
        if (tag && sc && sc.isNotGood()) {
          const e = explainStatus(sc.name, 'NODE_UNKNOWN');
          log.error('Tag cannot be monitored', { tagId: tag.tagId, status: sc.name, message: e.message });
          failed.push(badValue(tag.tagId, `${e.message} (${tag.tagId})`));
        }
      });
      deliver(entry, failed);
    }
  };

  const createSubscription = async (s: ClientSession): Promise<void> => {
    const lifetimeCount = Math.max(3 * KEEP_ALIVE_COUNT, Math.ceil(timing.subscriptionLifetimeMs / publishingInterval));
    const sub = await s.createSubscription2({
      requestedPublishingInterval: publishingInterval,
      requestedMaxKeepAliveCount: KEEP_ALIVE_COUNT,
      requestedLifetimeCount: lifetimeCount,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    const gen = generation;
    sub.on('keepalive', () => {
      if (gen === generation) heard();
    });
    sub.on('received_notifications', () => {
      if (gen === generation) heard();
    });
    sub.on('terminated', () => {
      if (gen === generation) log.warn('Subscription terminated');
    });
    sub.on('internal_error', (err: Error) => log.error('Subscription error', { error: err }));
    subscription = sub;
    updateRevised();
    if (sub.publishingInterval > publishingInterval * 2) {
      log.warn('Controller revised the publishing interval up', { requested: publishingInterval, revised: sub.publishingInterval });
    }
  };

  const updateRevised = (): void => {
    const sub = subscription;
    if (!sub) return;
    setState({ keepAlivePeriodMs: sub.publishingInterval * sub.maxKeepAliveCount });
  };

  /** All subscribed tags, read once and handed to their listeners (after a reconnect: the gap re-read). */
  const rereadAll = async (s: ClientSession): Promise<void> => {
    for (const entry of entries) {
      if (entry.disposed) continue;
      const r = await rereadWith(s, entry.tagIds);
      if (r.ok) deliver(entry, r.value);
    }
  };

  /** A subscription silent while the session answers: drop it and build a new one with every entry. */
  const recreateSubscription = (why: string): Promise<void> =>
    serialise(async () => {
      const s = session;
      const gen = generation;
      if (!s || disposed || current.phase !== 'connected') return;
      log.warn('Recreating the subscription', { why, subscriptionId: subscription?.subscriptionId });
      openGapAt(lastHeard ?? clock.now(), `the controller's subscription went silent (${why})`);
      const old = subscription;
      subscription = null;
      for (const entry of entries) {
        entry.groups = [];
        entry.resolvedWith = null;
      }
      if (old) await old.terminate().catch(() => undefined);
      try {
        await createSubscription(s);
        for (const entry of entries) await applyEntry(entry);
        await rereadAll(s);
        if (gen !== generation) return;
        lastHeard = clock.now();
        // createSubscription assigned it; the compiler cannot see through the await.
        subscriptionIdSeen = (subscription as ClientSubscription | null)?.subscriptionId ?? null;
        setState({ staleSince: null, lastHeardAt: lastHeard });
        closeGap('subscription-recreated', false);
      } catch (e) {
        log.error('Recreating the subscription failed', { error: e as Error });
      }
    });

  // ---- connection ---------------------------------------------------------------------------

  const ensureCertificateManager = async (): Promise<OPCUACertificateManager> => {
    if (certificateManager) {
      // An administrator may have trusted a certificate since the last attempt (another manager wrote the file).
      if (certificateTrouble) await certificateManager.reloadCertificates().catch(() => undefined);
      return certificateManager;
    }
    const cm = new OPCUACertificateManager({ rootFolder: options.pkiDir, automaticallyAcceptUnknownCertificate: demoMode });
    await cm.initialize();
    await ensureOwnCertificate(cm);
    ownCertificate = ownCertificateSummary(cm.rootDir);
    certificateManager = cm;
    return cm;
  };

  const userIdentity = async (): Promise<Result<UserIdentityInfo, OpcuaError>> => {
    const token = controller.userToken ?? { type: 'anonymous' as const };
    if (token.type === 'anonymous') return okResult({ type: UserTokenType.Anonymous });
    if (!options.secrets) return errResult({ code: 'CONFIG', message: 'This controller needs a stored secret, but no secret store is available.' });
    if (token.type === 'username') {
      const pw = await options.secrets.read(token.passwordSecret);
      if (!pw.ok) {
        return errResult({ code: 'CONFIG', message: `The password "${token.passwordSecret}" for this controller is ${pw.error === 'NOT_FOUND' ? 'not stored on this workstation' : 'unavailable'}.` });
      }
      return okResult({ type: UserTokenType.UserName, userName: token.userName, password: pw.value });
    }
    // X.509 user token: the certificate file is public; its private key is a secret.
    let der: Buffer | null;
    try {
      der = certificateDer(readFileSync(token.certificateFile));
    } catch (e) {
      return errResult({ code: 'CONFIG', message: `The user certificate ${token.certificateFile} cannot be read: ${(e as Error).message}` });
    }
    if (!der) return errResult({ code: 'CONFIG', message: `${token.certificateFile} holds no X.509 certificate (PEM or DER).` });
    const key = await options.secrets.read(token.privateKeySecret);
    if (!key.ok) return errResult({ code: 'CONFIG', message: `The private key "${token.privateKeySecret}" for the user certificate is not stored on this workstation.` });
    return okResult({ type: UserTokenType.Certificate, certificateData: der, privateKey: key.value } as UserIdentityInfo);
  };

  const closeClient = async (): Promise<void> => {
    generation++;
    stopWatchdog();
    const c = client;
    const s = session;
    client = null;
    session = null;
    subscription = null;
    for (const entry of entries) {
      entry.groups = [];
      entry.resolvedWith = null;
    }
    if (s) await s.close(true).catch(() => undefined);
    if (c) await c.disconnect().catch(() => undefined);
  };

  const markAllBad = (): void => {
    for (const entry of entries) deliver(entry, entry.tagIds.map((t) => badValue(t)));
  };

  const onLinkLost = (gen: number): void => {
    if (gen !== generation || disposed || current.phase !== 'connected') return;
    log.warn('Connection to controller lost; node-opcua is reconnecting');
    // The gap starts when we last heard from the controller, not when the library noticed (#1194).
    openGapAt(Math.min(lastHeard ?? clock.now(), clock.now()), 'the connection to the controller was lost');
    setState({ phase: 'reconnecting', error: { code: 'UNREACHABLE', message: 'The connection to the controller was lost; reconnecting.' } });
    markAllBad();
  };

  const onLinkBack = (gen: number): void => {
    if (gen !== generation || disposed) return;
    const subscriptionBefore = subscriptionIdSeen;
    void serialise(async () => {
      const s = session;
      if (gen !== generation || !s) return;
      try {
        const before = new Map(namespaces);
        await loadNamespaces(s);
        const restarted = await readFacts(s);
        const sub = subscription;
        for (const entry of entries) {
          const changed = [...(entry.resolvedWith ?? new Map<string, number>())].some(([uri, idx]) => namespaces.get(uri) !== idx);
          if (changed || entry.groups.length === 0) {
            if (changed) log.warn('Namespace indexes changed on the controller; re-creating monitored items', { before: [...before], after: [...namespaces] });
            await terminateGroups(entry);
            if (sub) await applyEntry(entry);
          }
        }
        updateRevised();
        // Counters are re-read before the link shows as connected again: the gap's deltas come from these.
        await rereadAll(s);
        if (gen !== generation) return;
        const nowId = subscription?.subscriptionId ?? null;
        subscriptionIdSeen = nowId;
        // #1368: node-opcua may recreate the subscription under a new id; we read it back, never assume it.
        if (nowId !== subscriptionBefore) log.info('Subscription id changed after reconnect', { before: subscriptionBefore, after: nowId });
        lastHeard = clock.now();
        gate.succeeded();
        setState({ phase: 'connected', error: null, lastHeardAt: lastHeard, staleSince: null });
        closeGap(restarted || nowId !== subscriptionBefore ? 'subscription-recreated' : 'session-restored', restarted);
      } catch (e) {
        log.error('Restoring the controller link failed', { error: e as Error });
        setState({ phase: 'reconnecting', error: explainError(e) });
      }
    });
  };

  const scheduleRetry = (): void => {
    if (disposed || retryTimer) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, Math.max(timing.maxDelayMs, timing.retryDelayMs));
    retryTimer = clock.setTimer(delay, () => {
      retryTimer = null;
      void connectNow();
    });
  };

  /** Adds what the controller offers / presents to a refusal, so a person can act on it. */
  const enrich = async (error: OpcuaError, cm: OPCUACertificateManager): Promise<OpcuaError> => {
    if (error.code !== 'CERTIFICATE_UNTRUSTED' && error.code !== 'SECURITY_POLICY_REJECTED') return error;
    const found = await discoverEndpoints(endpoint, cm, Math.min(timing.defaultTransactionTimeoutMs, 5000));
    if (!found) return error;
    if (error.code === 'SECURITY_POLICY_REJECTED') {
      const choice = chooseEndpoint(found.offers, { allowNone: demoMode && controller.security.allowInsecure, allowSignOnly: controller.security.mode === 'Sign' });
      const offered = [...new Set(found.offers.map((o) => (o.mode === 'None' ? 'None' : `${o.mode}/${o.policy}`)))];
      const configured = `${controller.security.mode}/${controller.security.policy}`;
      const message = choice.ok
        ? `The controller does not offer ${configured}. It offers ${offered.join(', ')}; the best the console accepts is ${choice.mode}/${choice.policy}.`
        : choice.message;
      return { ...error, message, offered };
    }
    if (found.certificate) {
      const c = found.certificate;
      return {
        ...error,
        certificate: c,
        message: `The controller's certificate "${c.commonName}" (SHA-1 ${c.sha1}) is not trusted. An administrator can check it and trust it in Settings → Certificates.`,
      };
    }
    return error;
  };

  const runAttempt = async (): Promise<void> => {
    setState({ phase: 'connecting' });
    const identity = await userIdentity();
    if (!identity.ok) {
      // Recoverable without a restart: retryNow() (a stored password) tries again.
      setState({ phase: 'misconfigured', error: identity.error });
      return;
    }
    let cm: OPCUACertificateManager;
    try {
      cm = await ensureCertificateManager();
    } catch (e) {
      setState({ phase: 'misconfigured', error: { code: 'CONFIG', message: `The client certificate store in ${options.pkiDir} cannot be used: ${(e as Error).message}` } });
      return;
    }
    if (disposed) return;
    const gen = ++generation;
    const opts = buildClientOptions(controller, cm, timing);
    clientOptions = { ...opts };
    const c = OPCUAClient.create(opts);
    client = c;
    gateContacts(c, gen);
    c.on('connection_lost', () => onLinkLost(gen));
    c.on('start_reconnection', () => onLinkLost(gen));
    c.on('connection_reestablished', () => onLinkBack(gen));
    c.on('close', (err?: Error | null) => {
      // With an error and no repair under way, node-opcua has given up: our own retry loop takes over.
      if (!err || gen !== generation || disposed || !session) return;
      log.warn('Controller connection closed; node-opcua is not reconnecting', { message: err.message });
      onLinkLost(gen);
      void closeClient().then(() => {
        if (disposed) return;
        setState({ phase: 'disconnected', error: explain(err), keepAlivePeriodMs: null, staleSince: null });
        scheduleRetry();
      });
    });
    c.on('reconnection_attempt_has_failed', (err: Error) => {
      if (gen !== generation || disposed) return;
      log.debug('Reconnection attempt failed', { message: err.message });
      const why = explain(err);
      // A controller back with a different certificate, or no longer trusting ours: show it as refused (with the
      // thumbprints) and stop node-opcua's reconnection; our own loop retries, paced by the gate, until someone acts.
      if (why.code === 'CERTIFICATE_UNTRUSTED' || why.code === 'CLIENT_CERTIFICATE_REFUSED' || why.code === 'SECURITY_POLICY_REJECTED' || why.code === 'ACCESS_DENIED') {
        void closeClient().then(async () => {
          if (disposed) return;
          certificateTrouble = why.code === 'CERTIFICATE_UNTRUSTED';
          const cmNow = certificateManager;
          const error = cmNow ? await enrich(why, cmNow) : why;
          if (disposed) return;
          setState({ phase: 'disconnected', error, keepAlivePeriodMs: null, staleSince: null });
          scheduleRetry();
        });
      } else if (current.phase === 'reconnecting' && why.message !== current.error?.message) {
        // Still node-opcua's loop (paced by the gate): say why the last attempt failed rather than "reconnecting".
        setState({ error: why });
      }
    });
    try {
      lastChannelError = null;
      await c.connect(endpoint);
      if (gen !== generation) return;
      const s = await c.createSession(identity.value);
      session = s;
      s.on('keepalive', () => {
        if (gen === generation) lastSessionAliveAt = clock.now();
      });
      s.on('keepalive_failure', () => log.warn('Session keep-alive failed'));
      // The server dropped our session while the channel stayed up: node-opcua quietly creates a new session and
      // subscription ("repair") without any connection event. Live data stopped meanwhile: that is a gap.
      s.on('session_repaired', () => {
        if (gen !== generation || disposed) return;
        log.warn('The controller dropped the session; node-opcua created a new one');
        openGapAt(lastHeard ?? clock.now(), 'the controller closed the session');
        onLinkBack(gen);
      });
      let restarted = false;
      await serialise(async () => {
        await loadNamespaces(s);
        restarted = await readFacts(s);
        await createSubscription(s);
        for (const entry of entries) await applyEntry(entry);
        // After a gap (our own retry loop: a new session) the counters are re-read before showing connected.
        if (openGap) await rereadAll(s);
      });
      if (gen !== generation) return;
      retryDelay = timing.retryDelayMs;
      gate.succeeded();
      certificateTrouble = false;
      subscriptionIdSeen = subscription?.subscriptionId ?? null;
      lastHeard = clock.now();
      setState({ phase: 'connected', error: null, lastHeardAt: lastHeard, staleSince: null });
      startWatchdog();
      closeGap('reconnected', restarted);
      log.info('Connected to controller', { endpoint, securityMode: controller.security.mode, securityPolicy: controller.security.policy, sessions: facts?.currentSessionCount });
    } catch (e) {
      if (gen !== generation || disposed) return;
      let error = explain(e);
      log.warn('Connecting to controller failed', { endpoint, code: error.code, status: error.status, message: (e as Error).message });
      await closeClient();
      certificateTrouble = error.code === 'CERTIFICATE_UNTRUSTED';
      error = await enrich(error, cm);
      if (disposed) return;
      setState({ phase: 'disconnected', error, keepAlivePeriodMs: null, staleSince: null });
      scheduleRetry();
    }
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
        if (disposed || gen !== generation || target._reconnectionIsCanceled) {
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
        clock.setTimer(wait, go);
      }
    };
  };

  /** explainError, plus the inference of a bare close after we presented our certificate (defect 8). */
  const explain = (e: unknown): OpcuaError => explainRefusal(e, lastChannelError, controller.security.mode, ownCertificate);

  const connect = (): Promise<void> => {
    // Asked from outside (start-up, an administrator's change): the backoff starts over; the 1/s floor stays.
    gate.resetBackoff();
    return connectNow();
  };

  const connectNow = (): Promise<void> => {
    if (disposed || current.phase === 'misconfigured') return Promise.resolve();
    if (client && current.phase !== 'disconnected') return attempt ?? Promise.resolve();
    if (attempt) return attempt;
    retryTimer?.dispose();
    retryTimer = null;
    attempt = runAttempt().finally(() => {
      attempt = null;
    });
    return attempt;
  };

  // ---- read / write -------------------------------------------------------------------------

  const readTags = async (tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> => {
    const s = session;
    if (!s || current.phase !== 'connected') return errResult(notConnected());
    return readWith(s, tagIds);
  };

  const readWith = async (s: ClientSession, tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> => {
    const resolved: { tagId: string; nodeId: string }[] = [];
    for (const tagId of tagIds) {
      const r = resolve(tagId);
      if (!r.ok) return errResult(r.error);
      resolved.push({ tagId, nodeId: r.nodeId });
    }
    if (resolved.length === 0) return okResult([]);
    try {
      // Chunked to the server's MaxNodesPerRead (session economy: one session, many small calls).
      const dvs: DataValue[] = [];
      for (const part of chunks(resolved, readChunk, timing.readChunkSize)) {
        dvs.push(...(await s.read(part.map((x) => ({ nodeId: x.nodeId, attributeId: AttributeIds.Value })), 0)));
      }
      const unknown = resolved.filter((_, i) => dvs[i]?.statusCode.name === 'BadNodeIdUnknown').map((x) => x.tagId);
      if (unknown.length > 0) {
        return errResult({ code: 'NODE_UNKNOWN', status: 'BadNodeIdUnknown', message: `The controller has no such tag: ${unknown.join(', ')}. Check the tag mapping.` });
      }
      return okResult(resolved.map((x, i) => (dvs[i] ? mapDataValue(x.tagId, dvs[i]) : badValue(x.tagId))));
    } catch (e) {
      return errResult(explainError(e, 'INTERNAL'));
    }
  };

  /**
   * The re-read of subscribed tags after a gap: a tag the controller does not have (or whose namespace it lacks)
   * comes back Bad with its reason instead of failing the whole read, so one wrongly mapped tag cannot keep the
   * others of its subscription (counters included) from being re-read.
   */
  const rereadWith = async (s: ClientSession, tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> => {
    const readable: { tagId: string; nodeId: string }[] = [];
    const values = new Map<string, LiveValue>();
    for (const tagId of tagIds) {
      const r = resolve(tagId);
      if (r.ok) readable.push({ tagId, nodeId: r.nodeId });
      else values.set(tagId, badValue(tagId, r.error.message));
    }
    try {
      const dvs: DataValue[] = [];
      for (const part of chunks(readable, readChunk, timing.readChunkSize)) {
        dvs.push(...(await s.read(part.map((x) => ({ nodeId: x.nodeId, attributeId: AttributeIds.Value })), 0)));
      }
      readable.forEach((x, i) => {
        const dv = dvs[i];
        if (!dv) values.set(x.tagId, badValue(x.tagId));
        else if (dv.statusCode.name === 'BadNodeIdUnknown') values.set(x.tagId, badValue(x.tagId, `${explainStatus('BadNodeIdUnknown').message} (${x.tagId})`));
        else values.set(x.tagId, mapDataValue(x.tagId, dv));
      });
    } catch (e) {
      return errResult(explainError(e, 'INTERNAL'));
    }
    return okResult(tagIds.map((t) => values.get(t) ?? badValue(t)));
  };

  const notConnected = (): OpcuaError => ({
    code: 'NOT_CONNECTED',
    message: current.phase === 'misconfigured' ? `The controller is not connected: ${current.error?.message ?? 'configuration error'}` : `The controller is not connected (${current.phase}).`,
  });

  const write = async (tagId: string, value: boolean | number): Promise<Result<void, OpcuaError>> => {
    const s = session;
    if (!s || current.phase !== 'connected') return errResult(notConnected());
    const r = resolve(tagId);
    if (!r.ok) return errResult(r.error);
    const fail = (message: string, status?: string): Result<void, OpcuaError> =>
      errResult(status ? { code: 'WRITE_FAILED', message, status } : { code: 'WRITE_FAILED', message });
    try {
      let dataType: DataType;
      if (typeof value === 'boolean') dataType = DataType.Boolean;
      else {
        const dv = await s.read({ nodeId: r.nodeId, attributeId: AttributeIds.DataType });
        if (dv.statusCode.isNotGood()) return fail(`Writing ${tagId} failed: ${explainStatus(dv.statusCode.name).message}`, dv.statusCode.name);
        dataType = await s.getBuiltInDataType(resolveNodeId(r.nodeId));
        if (!isNumericType(dataType)) return fail(`Writing ${tagId} failed: the tag is of type ${DataType[dataType]}, not a number.`);
      }
      const sc = await s.write({ nodeId: r.nodeId, attributeId: AttributeIds.Value, value: { value: { dataType, value } } });
      if (sc.isNotGood()) return fail(`Writing ${tagId} failed: ${explainStatus(sc.name).message}`, sc.name);
      const back = await s.read({ nodeId: r.nodeId, attributeId: AttributeIds.Value }, 0);
      if (back.statusCode.isNotGood()) return fail(`Wrote ${tagId} but could not read it back: ${explainStatus(back.statusCode.name).message}`, back.statusCode.name);
      if (back.value.value !== value) return fail(`Wrote ${String(value)} to ${tagId} but the controller now shows ${String(back.value.value)}.`);
      log.info('Wrote tag', { tagId, value });
      return okResult(undefined);
    } catch (e) {
      const error = explainError(e, 'WRITE_FAILED');
      return fail(`Writing ${tagId} failed: ${error.message}`, error.status);
    }
  };

  // ---- the port -----------------------------------------------------------------------------

  const browseContext = (): BrowseContext | null => {
    const s = session;
    if (!s || current.phase !== 'connected') return null;
    return { session: s, namespaceArray, maxNodesPerBrowse: facts?.maxNodesPerBrowse ?? 0, maxNodesPerRead: facts?.maxNodesPerRead ?? 0 };
  };

  const startNode = (nodeRef: string | null | undefined): Result<string | null, OpcuaError> => {
    if (!nodeRef) return okResult(null);
    const r = resolve(nodeRef);
    return r.ok ? okResult(r.nodeId) : errResult(r.error);
  };

  const browse: OpcuaBrowser['browse'] = async (nodeRef) => {
    const ctx = browseContext();
    if (!ctx) return errResult(notConnected());
    const from = startNode(nodeRef);
    if (!from.ok) return from;
    try {
      return okResult(await browseChildren(ctx, from.value === null ? null : resolveNodeId(from.value)));
    } catch (e) {
      return errResult(explainError(e, 'INTERNAL'));
    }
  };

  const search: OpcuaBrowser['search'] = async (text, opts = {}) => {
    const ctx = browseContext();
    if (!ctx) return errResult(notConnected());
    const from = startNode(opts.from);
    if (!from.ok) return from;
    try {
      const found = await searchTree(ctx, from.value === null ? null : resolveNodeId(from.value), text, opts.maxDepth ?? 8, opts.maxResults ?? 200);
      return okResult(found);
    } catch (e) {
      return errResult(explainError(e, 'INTERNAL'));
    }
  };

  const close = async (): Promise<void> => {
    disposed = true;
    stopWatchdog();
    retryTimer?.dispose();
    retryTimer = null;
    for (const entry of entries) entry.disposed = true;
    await closeClient(); // also cuts short a first connect still retrying
    await attempt?.catch(() => undefined);
    await work.catch(() => undefined);
    await closeClient();
    entries.clear();
    if (certificateManager) await certificateManager.dispose().catch(() => undefined);
    certificateManager = null;
    setState({ phase: 'disconnected', error: null, keepAlivePeriodMs: null, staleSince: null });
    listeners.clear();
    gapListeners.clear();
  };

  return {
    controllerId: controller.id,
    state: snapshotState,
    onDidChangeState(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    connect,
    read: readTags,
    subscribe(tagIds, onBatch) {
      const entry: SubEntry = { tagIds: [...tagIds], onBatch, groups: [], resolvedWith: null, disposed: disposed, newest: new Map() };
      entries.add(entry);
      if (current.phase === 'connected' && subscription) {
        void serialise(() => applyEntry(entry)).catch((e: unknown) => log.error('Subscribing failed', { error: e as Error }));
      }
      return {
        dispose: () => {
          if (entry.disposed) return;
          entry.disposed = true;
          entries.delete(entry);
          void serialise(() => terminateGroups(entry));
        },
      };
    },
    write,
    subscriptionId: () => subscription?.subscriptionId ?? null,
    alarmSession: () => (current.phase === 'connected' ? session : null),
    onDidCloseGap(listener) {
      gapListeners.add(listener);
      return { dispose: () => gapListeners.delete(listener) };
    },
    gaps: () => gapHistory,
    lastClientOptions: () => clientOptions,
    attempts: () => attemptCount,
    async retryNow() {
      if (disposed || configError) return;
      if (current.phase === 'connected' || current.phase === 'reconnecting') return;
      await attempt?.catch(() => undefined);
      if (current.phase === 'misconfigured') setState({ phase: 'disconnected' });
      certificateTrouble = true; // reload trust lists too: an administrator may have changed them
      await closeClient();
      await connect();
    },
    async refreshServerFacts() {
      const s = session;
      if (!s || current.phase !== 'connected') return null;
      await readFacts(s);
      return facts;
    },
    browse,
    search,
    dispose() {
      closing ??= close();
      return closing;
    },
  };
}

function isNumericType(t: DataType): boolean {
  return [
    DataType.SByte,
    DataType.Byte,
    DataType.Int16,
    DataType.UInt16,
    DataType.Int32,
    DataType.UInt32,
    DataType.Float,
    DataType.Double,
  ].includes(t);
}
