import type { ClientMonitoredItemGroup, ClientSession, ClientSubscription, OPCUAClient } from 'node-opcua-client';
import type { ControllerConfig } from '../../../../shared/domain/plantConfig.ts';
import type { Clock, Logger, SecretStore } from '../ports/ports.ts';
import { parseNodeRef, withNamespaceIndex } from './nodeRef.ts';
import type { ConnectionPhase, ConnectionState, LiveValue, OpcuaError, ServerFacts } from './opcuaTypes.ts';
import type { OpcuaGatewayTiming } from './gatewayTiming.ts';
import { readServerFacts } from './serverFacts.ts';

/**
 * What the parts of one controller's gateway share (createOpcuaGateway.ts puts them together): the link's
 * state, the node-opcua client, session and subscription of the current generation, and what was read from
 * the server. One record, so that every mutable thing the gateway has is named in one place.
 */

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

/** One `subscribe` call: its tags, listener and the monitored items made for it on the current subscription. */
export interface SubEntry {
  tagIds: readonly string[];
  onBatch: (values: LiveValue[]) => void;
  /** Requested sampling interval of its items (ms). */
  samplingIntervalMs: number;
  groups: ClientMonitoredItemGroup[];
  /** Namespace indexes the current groups were created with. */
  resolvedWith: Map<string, number> | null;
  disposed: boolean;
  /** Per tag: the newest timestamp delivered as Good, to flag values that arrive after a newer one. */
  newest: Map<string, number>;
}

export type Resolved = { ok: true; nodeId: string; uri: string } | { ok: false; error: OpcuaError };

export interface GatewayShared {
  readonly controller: ControllerConfig;
  readonly options: OpcuaGatewayOptions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timing: OpcuaGatewayTiming;
  readonly endpoint: string;
  readonly demoMode: boolean;
  readonly publishingInterval: number;
  /** The link as last published (lastHeardAt is folded in by snapshotState()). */
  current: ConnectionState;
  client: OPCUAClient | null;
  session: ClientSession | null;
  subscription: ClientSubscription | null;
  /** Bumped whenever the client is replaced: late callbacks of an old client are ignored. */
  generation: number;
  disposed: boolean;
  /** Last time a notification or keep-alive of the subscription arrived. */
  lastHeard: number | null;
  /** Last keep-alive of the session (the session answers even when the subscription is silent). */
  lastSessionAliveAt: number | null;
  /** The subscription id when the link was last restored (#1368: it can change under us). */
  subscriptionIdSeen: number | null;
  namespaces: Map<string, number>;
  namespaceArray: string[];
  facts: ServerFacts | null;
  /** Monitored items per CreateMonitoredItems call and nodes per Read: the server's limits, capped by timing. */
  chunkSize: number;
  readChunk: number;
  /** Every subscribe() entry still wanted. */
  readonly entries: Set<SubEntry>;
  readonly listeners: Set<(s: ConnectionState) => void>;
  /** Serialises subscription set-up work (monitor calls must not run concurrently: W22). */
  work: Promise<void>;
}

export function createShared(options: OpcuaGatewayOptions, timing: OpcuaGatewayTiming, current: ConnectionState): GatewayShared {
  return {
    controller: options.controller,
    options,
    clock: options.clock,
    log: options.logger,
    timing,
    endpoint: options.endpoint ?? options.controller.endpoint,
    demoMode: options.demoMode,
    publishingInterval: options.controller.publishingIntervalMs ?? 500,
    current,
    client: null,
    session: null,
    subscription: null,
    generation: 0,
    disposed: false,
    lastHeard: null,
    lastSessionAliveAt: null,
    subscriptionIdSeen: null,
    namespaces: new Map(),
    namespaceArray: [],
    facts: null,
    chunkSize: timing.monitorChunkSize,
    readChunk: timing.readChunkSize,
    entries: new Set(),
    listeners: new Set(),
    work: Promise.resolve(),
  };
}

export function setState(g: GatewayShared, patch: Partial<ConnectionState> & { phase?: ConnectionPhase }): void {
  const current = g.current;
  const phase = patch.phase ?? current.phase;
  const next: ConnectionState = { ...current, ...patch, phase, since: phase !== current.phase ? g.clock.now() : current.since };
  const notify =
    next.phase !== current.phase ||
    next.error !== current.error ||
    next.keepAlivePeriodMs !== current.keepAlivePeriodMs ||
    next.staleSince !== current.staleSince ||
    next.lastGap !== current.lastGap ||
    next.serverStartTime !== current.serverStartTime ||
    next.server !== current.server;
  g.current = next;
  // lastHeardAt moves with every notification and keep-alive: readable through state(), not pushed.
  if (!notify) return;
  if (next.phase !== current.phase) g.log.info('Controller link', { phase: next.phase, error: next.error?.code });
  for (const l of g.listeners) {
    try {
      l(g.current);
    } catch (e) {
      g.log.error('Connection state listener failed', { error: e as Error });
    }
  }
}

/** Called on every notification batch and keep-alive: cheap, because it runs at ingest rate. */
export function heard(g: GatewayShared): void {
  g.lastHeard = g.clock.now();
  if (g.current.staleSince) {
    g.log.info('Controller data is fresh again', { staleSince: g.current.staleSince });
    setState(g, { staleSince: null, lastHeardAt: g.lastHeard });
  }
}

export function snapshotState(g: GatewayShared): ConnectionState {
  if (g.current.lastHeardAt !== g.lastHeard && g.lastHeard !== null) g.current = { ...g.current, lastHeardAt: g.lastHeard };
  return g.current;
}

export function serialise(g: GatewayShared, fn: () => Promise<void>): Promise<void> {
  const next = g.work.then(fn, fn);
  g.work = next.catch(() => undefined);
  return next;
}

export function notConnected(g: GatewayShared): OpcuaError {
  const c = g.current;
  return {
    code: 'NOT_CONNECTED',
    message: c.phase === 'misconfigured' ? `The controller is not connected: ${c.error?.message ?? 'configuration error'}` : `The controller is not connected (${c.phase}).`,
  };
}

/** A configured node reference to the server's node id, by namespace URI (never by index). */
export function resolveTag(g: GatewayShared, tagId: string): Resolved {
  const parsed = parseNodeRef(tagId);
  if (!parsed) {
    return { ok: false, error: { code: 'CONFIG', message: `"${tagId}" is not a node reference of the form nsu=<namespace URI>;s=<id>.` } };
  }
  const index = g.namespaces.get(parsed.namespaceUri);
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
}

export async function loadNamespaces(g: GatewayShared, s: ClientSession): Promise<void> {
  const array = await s.readNamespaceArray();
  g.namespaceArray = [...array];
  g.namespaces = new Map(array.map((uri, i) => [uri, i]));
}

/** Reads StartTime and limits; true when the server's StartTime changed (it restarted: counters may have reset). */
export async function readFacts(g: GatewayShared, s: ClientSession): Promise<boolean> {
  try {
    const r = await readServerFacts(s);
    g.facts = r.facts;
    g.chunkSize = r.facts.maxMonitoredItemsPerCall > 0 ? Math.min(r.facts.maxMonitoredItemsPerCall, g.timing.monitorChunkSize) : g.timing.monitorChunkSize;
    g.readChunk = r.facts.maxNodesPerRead > 0 ? Math.min(r.facts.maxNodesPerRead, g.timing.readChunkSize) : g.timing.readChunkSize;
    const before = g.current.serverStartTime ?? null;
    const restarted = before !== null && r.startTime !== null && r.startTime !== before;
    if (restarted) g.log.warn('The controller restarted (new StartTime): its counters may have reset', { before, after: r.startTime });
    setState(g, { serverStartTime: r.startTime, server: g.facts });
    return restarted;
  } catch (e) {
    g.log.warn('Reading ServerStatus and ServerCapabilities failed', { error: e as Error });
    return false;
  }
}
