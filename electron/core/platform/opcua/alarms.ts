import {
  AttributeIds,
  ClientMonitoredItem,
  NodeId,
  TimestampsToReturn,
  acknowledgeCondition,
  callConditionRefresh,
  confirmCondition,
  constructEventFilter,
  resolveNodeId,
  type ClientSession,
  type ClientSubscription,
  type Variant,
} from 'node-opcua-client';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import type { Disposable, Logger } from '../ports/ports.ts';
import { explainError, explainStatus } from './explain.ts';
import type { ConnectionState, OpcuaError } from './opcuaTypes.ts';

/**
 * OPC UA Alarms & Conditions (Part 9), client side: one event subscription on the controller's session,
 * condition events mapped to our own `AlarmEvent`, Acknowledge and Confirm through the server's methods,
 * and ConditionRefresh after every (re)connect so the console's list equals what the server retains.
 * The rest of the core sees only the types below; node-opcua stays in this folder.
 */

/** One condition as the server last reported it. */
export interface AlarmEvent {
  controllerId: string;
  /** The condition node as a namespace-URI reference (`nsu=…;s=…`, `nsu=…;i=…`): stable across restarts. */
  conditionRef: string;
  conditionName: string;
  /** The object the condition belongs to (SourceNode), as a reference; null when the server sends none. */
  sourceRef: string | null;
  sourceName: string;
  message: string;
  /** OPC UA severity 1 … 1000. */
  severity: number;
  active: boolean;
  acked: boolean;
  /** Null when the condition has no ConfirmedState. */
  confirmed: boolean | null;
  /** The server still keeps the condition for clients (active, or waiting for acknowledge/confirm). */
  retain: boolean;
  /** Event time at the server (ms), or null. */
  time: number | null;
  /** True while this event is part of a ConditionRefresh answer. */
  refresh: boolean;
}

/** What the alarms client needs from the gateway: its link state and the live session. */
export interface AlarmsHost {
  readonly controllerId: string;
  state(): ConnectionState;
  onDidChangeState(listener: (s: ConnectionState) => void): Disposable;
  /** The gateway's live session (one session per controller), or null while not connected. */
  alarmSession(): ClientSession | null;
}

export const isAlarmsHost = (p: unknown): p is AlarmsHost => typeof p === 'object' && p !== null && typeof (p as AlarmsHost).alarmSession === 'function';

export interface OpcuaAlarmsOptions {
  logger: Logger;
  /** Every condition event, refresh ones included (`refresh: true`). */
  onEvent(e: AlarmEvent): void;
  /** A ConditionRefresh ended: `retained` is every condition the server keeps now (the full truth). */
  onRefreshed(controllerId: string, retained: readonly AlarmEvent[]): void;
  /** Publishing interval of the event subscription (ms). */
  publishingIntervalMs?: number;
}

export interface OpcuaAlarms extends Disposable {
  /** Acknowledge on the server (Part 9 Acknowledge with the condition's latest EventId). */
  acknowledge(conditionRef: string, comment: string): Promise<Result<void, OpcuaError>>;
  /** Confirm on the server (a condition back to normal, acknowledged, waiting for confirmation). */
  confirm(conditionRef: string, comment: string): Promise<Result<void, OpcuaError>>;
  /** Asks the server to resend every retained condition (done after every reconnect by itself). */
  refresh(): Promise<Result<void, OpcuaError>>;
  /** The last reported state of every condition seen, by condition reference. */
  conditions(): ReadonlyMap<string, AlarmEvent>;
  /** 'unsupported' once the server refused the event subscription or ConditionRefresh. */
  status(): 'waiting' | 'subscribed' | 'unsupported';
  /** Completed refreshes since creation (tests wait on it). */
  refreshCount(): number;
  /** The last completed refresh: when it was asked for and when its RefreshEndEvent arrived (ms), or null. */
  lastRefresh(): { requestedAt: number; endedAt: number } | null;
  /** Events ignored because a newer state of their condition had already been applied. */
  staleEventsDropped(): number;
}

const FIELDS = [
  'EventId',
  'EventType',
  'SourceNode',
  'SourceName',
  'Time',
  'Message',
  'Severity',
  'ConditionName',
  'Retain',
  'ActiveState.Id',
  'AckedState.Id',
  'ConfirmedState.Id',
  'ConditionId',
] as const;
const SERVER_OBJECT = 'i=2253';
const REFRESH_START = resolveNodeId('RefreshStartEventType').toString();
const REFRESH_END = resolveNodeId('RefreshEndEventType').toString();

export function createOpcuaAlarms(host: AlarmsHost, options: OpcuaAlarmsOptions): OpcuaAlarms {
  const log = options.logger;
  const known = new Map<string, { event: AlarmEvent; eventId: Buffer; nodeId: NodeId }>();
  let session: ClientSession | null = null;
  let subscription: ClientSubscription | null = null;
  let item: ClientMonitoredItem | null = null;
  let namespaces: string[] = [];
  let status: 'waiting' | 'subscribed' | 'unsupported' = 'waiting';
  /** Between RefreshStartEvent and RefreshEndEvent: the newest event per condition seen in that window. */
  let refreshing: Map<string, AlarmEvent> | null = null;
  /**
   * Per condition, the server Time of the newest event applied. An older event arriving later (a republished
   * notification from before a break, or from a server that has since restarted) must not undo newer state.
   */
  const newestTime = new Map<string, number>();
  let staleDropped = 0;
  /** When each ConditionRefresh still unanswered was asked for (the server answers them in order). */
  let requested: number[] = [];
  let last: { requestedAt: number; endedAt: number } | null = null;
  let refreshes = 0;
  /** Calls waiting for the next event of a condition (its EventId changes with every event). */
  const waiters = new Map<string, (() => void)[]>();
  const nextEventOf = (conditionRef: string, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      waiters.set(conditionRef, [...(waiters.get(conditionRef) ?? []), () => (clearTimeout(t), resolve())]);
    });
  let disposed = false;
  /** Set-up and refresh never overlap: a reconnect during a refresh waits for it. */
  let work: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = work.then(fn, fn);
    work = next.catch(() => undefined);
    return next;
  };

  const ref = (id: NodeId): string => {
    const uri = namespaces[id.namespace];
    const idPart = id.toString().replace(/^ns=\d+;/, '');
    return uri === undefined || id.namespace === 0 ? idPart : `nsu=${uri};${idPart}`;
  };

  const toEvent = (fields: readonly Variant[]): { event: AlarmEvent | null; eventId: Buffer; nodeId: NodeId; type: string } => {
    const f = (name: (typeof FIELDS)[number]): unknown => fields[FIELDS.indexOf(name)]?.value ?? null;
    const type = f('EventType');
    const typeId = type instanceof NodeId ? type.toString() : '';
    const conditionId = f('ConditionId');
    const eventId = f('EventId');
    if (!(conditionId instanceof NodeId) || conditionId.isEmpty() || !Buffer.isBuffer(eventId)) return { event: null, eventId: Buffer.alloc(0), nodeId: NodeId.nullNodeId, type: typeId };
    const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && 'text' in v ? String((v as { text: unknown }).text ?? '') : '');
    const source = f('SourceNode');
    const time = f('Time');
    const sev = Number(f('Severity'));
    const confirmed = f('ConfirmedState.Id');
    return {
      type: typeId,
      eventId,
      nodeId: conditionId,
      event: {
        controllerId: host.controllerId,
        conditionRef: ref(conditionId),
        conditionName: text(f('ConditionName')) || conditionId.toString(),
        sourceRef: source instanceof NodeId && !source.isEmpty() ? ref(source) : null,
        // Some servers send the browse name with its namespace index ("2:DemoPlant"): people need the name.
        sourceName: text(f('SourceName')).replace(/^\d+:/, ''),
        message: text(f('Message')).slice(0, 500),
        severity: Number.isFinite(sev) ? Math.min(1000, Math.max(1, Math.round(sev))) : 500,
        active: f('ActiveState.Id') === true,
        acked: f('AckedState.Id') === true,
        confirmed: typeof confirmed === 'boolean' ? confirmed : null,
        retain: f('Retain') === true,
        time: time instanceof Date && Number.isFinite(time.getTime()) ? time.getTime() : null,
        refresh: refreshing !== null,
      },
    };
  };

  const onFields = (fields: Variant[]): void => {
    const r = toEvent(fields);
    if (r.type === REFRESH_START) {
      refreshing = new Map();
      return;
    }
    if (r.type === REFRESH_END) {
      // An end without its start (the start was lost with a broken link): not a full answer, nothing to reconcile.
      if (!refreshing) {
        log.warn('Alarm refresh ended without its start; another refresh follows the reconnect');
        return;
      }
      const retained = [...refreshing.values()].filter((e) => e.retain);
      refreshing = null;
      last = { requestedAt: requested.shift() ?? Date.now(), endedAt: Date.now() };
      refreshes++;
      try {
        options.onRefreshed(host.controllerId, retained);
      } catch (e) {
        log.error('Alarm refresh listener failed', { error: e as Error });
      }
      return;
    }
    const event = r.event;
    if (!event) return; // a plain event, not a condition
    const newest = newestTime.get(event.conditionRef);
    if (event.time !== null && newest !== undefined && event.time < newest) {
      // Older than what was applied (e.g. delivered after the refresh that superseded it): ignored, counted.
      staleDropped++;
      log.debug('Ignored an alarm event older than the state already shown', { conditionRef: event.conditionRef, time: event.time, newest });
      return;
    }
    if (event.time !== null) newestTime.set(event.conditionRef, event.time);
    known.set(event.conditionRef, { event, eventId: r.eventId, nodeId: r.nodeId });
    const waiting = waiters.get(event.conditionRef);
    if (waiting) {
      waiters.delete(event.conditionRef);
      for (const w of waiting) w();
    }
    // The newest event of each condition in the window decides (a live change during the refresh included).
    if (refreshing) refreshing.set(event.conditionRef, event);
    try {
      options.onEvent(event);
    } catch (e) {
      log.error('Alarm event listener failed', { error: e as Error });
    }
  };

  const teardown = async (): Promise<void> => {
    const sub = subscription;
    item = null;
    subscription = null;
    refreshing = null;
    if (sub) await sub.terminate().catch(() => undefined);
  };

  /** One ensure waiting at most: reconnect notices in a burst need one refresh, not one each. */
  let ensureQueued = false;
  /** After (re)connect: make sure our event subscription lives on the current session, then refresh. */
  const ensure = (): Promise<void> => {
    if (ensureQueued) return work.then(() => undefined);
    ensureQueued = true;
    return serial(async () => {
      ensureQueued = false;
      const s = host.alarmSession();
      if (disposed || !s || host.state().phase !== 'connected' || status === 'unsupported') return;
      try {
        namespaces = [...(await s.readNamespaceArray())];
        // node-opcua restores (transfers or recreates) the subscriptions of a reactivated session itself;
        // a new session from the gateway's own retry loop needs ours made again.
        if (s !== session || !subscription || !item) {
          if (s === session) await teardown();
          session = s;
          subscription = null;
          const sub = await s.createSubscription2({
            requestedPublishingInterval: options.publishingIntervalMs ?? 250,
            requestedMaxKeepAliveCount: 10,
            requestedLifetimeCount: 1200,
            maxNotificationsPerPublish: 0,
            publishingEnabled: true,
            priority: 20,
          });
          subscription = sub;
          const mi = ClientMonitoredItem.create(
            sub,
            { nodeId: resolveNodeId(SERVER_OBJECT), attributeId: AttributeIds.EventNotifier },
            // Big queue: a refresh of hundreds of conditions arrives in one burst.
            { samplingInterval: 0, queueSize: 10_000, discardOldest: false, filter: constructEventFilter([...FIELDS]) },
            TimestampsToReturn.Neither,
          );
          mi.on('changed', (fields: Variant[]) => onFields(fields));
          await new Promise<void>((resolve, reject) => {
            mi.once('initialized', () => resolve());
            mi.once('err', (message: string) => reject(new Error(message)));
          });
          item = mi;
          status = 'subscribed';
          log.info('Subscribed to alarms and conditions', { subscriptionId: sub.subscriptionId });
        }
        await doRefresh(s);
      } catch (e) {
        const why = explainError(e);
        log.warn('Alarms and conditions are not available on this controller', { code: why.code, message: (e as Error).message });
        if (/BadFilter|BadAttributeIdInvalid|BadNotSupported|BadServiceUnsupported|BadEventFilterInvalid/.test((e as Error).message)) status = 'unsupported';
      }
    });
  };

  const doRefresh = async (s: ClientSession): Promise<Result<void, OpcuaError>> => {
    const sub = subscription;
    if (!sub) return errResult({ code: 'NOT_CONNECTED', message: 'The alarm subscription is not set up.' });
    // #1368: the id may have changed on reconnect; it is read now, never remembered.
    requested.push(Date.now());
    const sc = await callConditionRefresh(s, sub.subscriptionId);
    if (sc.isNotGood()) {
      requested.pop();
      if (sc.name === 'BadMethodInvalid' || sc.name === 'BadNodeIdUnknown' || sc.name === 'BadInternalError') status = 'unsupported';
      log.warn('ConditionRefresh refused', { status: sc.name });
      return errResult(explainStatus(sc.name, 'INTERNAL'));
    }
    return okResult(undefined);
  };

  const call = async (kind: 'acknowledge' | 'confirm', conditionRef: string, comment: string): Promise<Result<void, OpcuaError>> => {
    const s = host.alarmSession();
    if (!s || host.state().phase !== 'connected') return errResult({ code: 'NOT_CONNECTED', message: `The controller ${host.controllerId} is not connected; the alarm was not ${kind === 'acknowledge' ? 'acknowledged' : 'confirmed'} on it.` });
    const k = known.get(conditionRef);
    if (!k) return errResult({ code: 'NODE_UNKNOWN', message: `The controller has not reported the condition ${conditionRef}.` });
    try {
      const text = comment.slice(0, 200);
      const once = (at: NonNullable<ReturnType<typeof known.get>>) => (kind === 'acknowledge' ? acknowledgeCondition(s, at.nodeId, at.eventId, text) : confirmCondition(s, at.nodeId, at.eventId, text));
      let sc = await once(k);
      // The EventId changed under us (an acknowledge just raised a new event): wait for that event, try once more.
      if (sc.name === 'BadEventIdUnknown') {
        if (known.get(conditionRef)?.eventId.equals(k.eventId)) await nextEventOf(conditionRef, 3000);
        sc = await once(known.get(conditionRef) ?? k);
      }
      // Already in that state is what the person wanted: not an error.
      if (sc.isNotGood() && sc.name !== 'BadConditionBranchAlreadyAcked' && sc.name !== 'BadConditionBranchAlreadyConfirmed') {
        return errResult({ ...explainStatus(sc.name, 'WRITE_FAILED'), message: `The controller refused to ${kind} ${k.event.conditionName}: ${sc.name}` });
      }
      return okResult(undefined);
    } catch (e) {
      return errResult(explainError(e, 'WRITE_FAILED'));
    }
  };

  // A refresh after every real reconnect (the phase comes back to connected, or a gap closed while it stayed
  // connected: a repaired session), never on other state notices (freshness, facts): a refresh started for no
  // reason overlaps the one a reconnect needs and answers for a state the controller has since left.
  let lastPhase = host.state().phase;
  let lastGap = host.state().lastGap ?? null;
  const sub = host.onDidChangeState((st) => {
    const reconnected = st.phase === 'connected' && (lastPhase !== 'connected' || (st.lastGap ?? null) !== lastGap);
    lastPhase = st.phase;
    lastGap = st.lastGap ?? null;
    if (reconnected) void ensure();
    else if (st.phase !== 'connected') {
      // Answers to refreshes asked on the lost link will not come.
      refreshing = null;
      requested = [];
    }
  });
  if (lastPhase === 'connected') void ensure();

  return {
    acknowledge: (c, comment) => call('acknowledge', c, comment),
    confirm: (c, comment) => call('confirm', c, comment),
    refresh: () =>
      serial(async () => {
        const s = host.alarmSession();
        if (!s || host.state().phase !== 'connected') return errResult<OpcuaError>({ code: 'NOT_CONNECTED', message: 'The controller is not connected.' });
        try {
          return await doRefresh(s);
        } catch (e) {
          return errResult(explainError(e));
        }
      }),
    conditions: () => new Map([...known].map(([k, v]) => [k, v.event])),
    status: () => status,
    refreshCount: () => refreshes,
    lastRefresh: () => last,
    staleEventsDropped: () => staleDropped,
    dispose() {
      if (disposed) return;
      disposed = true;
      sub.dispose();
      void serial(teardown);
    },
  };
}
