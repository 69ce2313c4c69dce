import type { ControllerConfig, LineConfig } from '../../../../shared/domain/plantConfig.ts';
import type { ConnectionState, LinkGap, LiveValue, OpcuaPort } from '../opcua/opcuaTypes.ts';
import type { Disposable, Logger } from '../ports/ports.ts';
import { DisposableStore } from '../ports/disposableStore.ts';

/**
 * The line feed: the only subscriber to the controllers' gateways. It owns the one map from tag to line,
 * asks each gateway for one monitored item per node (however many lines, signals or features use the node),
 * with the configured sampling interval, and passes values, link gaps and link states on to whoever listens
 * (the live pump, production, signals). Before it, three features subscribed the same counters separately:
 * every counter and state tag was two monitored items on the controller, and a line's speed none.
 */

/** What a line tag means to the line that maps it. */
export type LineTagKind = 'order' | 'good' | 'reject' | 'state' | 'speed';

/** One use of a node: a tag of a line, or one of its process signals (`signalIndex` into `line.signals`). */
export type TagOwner = { kind: LineTagKind; lineId: string } | { kind: 'signal'; lineId: string; signalIndex: number };

/** One value with every use of its node. */
export interface FeedValue {
  value: LiveValue;
  owners: readonly TagOwner[];
}

/**
 * The values of one publish response (or one re-read) of one controller. The current-order tags come first:
 * counts arriving in the same batch belong to the order that is running.
 */
export interface FeedBatch {
  controllerId: string;
  items: readonly FeedValue[];
  /**
   * What the batch's nodes can be: a batch of the signals' own entry holds no line tag, and one of the line
   * tags' entry holds a signal only where a node is both. A listener skips a batch that cannot hold what it
   * takes (each listener walked every item of every batch: at 5,000 items, 3,000 signal values per publish
   * through the live pump and production for nothing).
   */
  hasLineTags: boolean;
  hasSignals: boolean;
}

export interface LineFeed extends Disposable {
  /** Subscribes once per controller; values start arriving when the gateways connect. Idempotent. */
  start(): void;
  /** Listeners are called in the order they were added; a throw is logged and the next one still runs. */
  onValues(listener: (batch: FeedBatch) => void): Disposable;
  /** A link gap of a controller ended (its tags were re-read and delivered first); `lineIds` are its lines. */
  onDidCloseGap(listener: (gap: LinkGap, lineIds: readonly string[]) => void): Disposable;
  onDidChangeState(listener: (controllerId: string, state: ConnectionState) => void): Disposable;
  /** The gateway's state; undefined when no gateway serves the controller. */
  state(controllerId: string): ConnectionState | undefined;
  /** Lines of a controller, in configuration order. */
  lineIdsOf(controllerId: string): readonly string[];
  /** The distinct nodes monitored on a controller (what its gateway was asked for: one item each). */
  tagsOf(controllerId: string): readonly string[];
  /** Distinct nodes over all controllers that have a gateway. */
  monitoredTagCount(): number;
}

export interface LineFeedDeps {
  lines: readonly LineConfig[];
  controllers: readonly ControllerConfig[];
  ports: ReadonlyMap<string, OpcuaPort>;
  logger: Logger;
}

/** Line tags that are monitored (the hold interlock is only written, never watched). Order first. */
const LINE_TAG_KINDS: readonly { kind: LineTagKind; key: 'currentOrder' | 'goodCount' | 'rejectCount' | 'machineState' | 'speed' }[] = [
  { kind: 'order', key: 'currentOrder' },
  { kind: 'good', key: 'goodCount' },
  { kind: 'reject', key: 'rejectCount' },
  { kind: 'state', key: 'machineState' },
  { kind: 'speed', key: 'speed' },
];

/**
 * The sampling interval the line tags (counts, state, current order, speed) ask for: the configured one, else 0,
 * which asks the controller to report each change when it happens (exception-based; a controller that samples
 * revises 0 to its fastest rate, OPC 10000-4 §5.12.1.2). Sampled at the publishing interval, a change waited
 * for the next sample and then for the next publish: it added up to one interval before the publish wait,
 * ~150 ms at the median at 250 ms (latency bench: the console's OPC UA hop p50 281 ms against the bare
 * client's 133), and a state that lasted less than one sample (a short fault) was never seen.
 */
export function samplingIntervalOf(controller: ControllerConfig): number {
  return controller.samplingIntervalMs ?? 0;
}

/**
 * The sampling interval the process signals ask for: the configured one, else the publishing interval. Analog
 * values change all the time and are trended at one sample a second: on change they would only multiply the
 * notifications (up to the queue size per item and publish), never make a figure earlier on screen.
 */
export function signalSamplingIntervalOf(controller: ControllerConfig): number {
  return controller.samplingIntervalMs ?? controller.publishingIntervalMs;
}

interface ControllerTags {
  lineIds: string[];
  /** tag → its uses on this controller. */
  owners: Map<string, TagOwner[]>;
  /** Counter, state, order and speed nodes: one subscription entry. */
  lineTags: string[];
  /** Signal nodes that are not also line tags: an entry of their own (see start()). */
  signalTags: string[];
  /** Some line tag node is also a signal's node. */
  lineTagsFeedSignals: boolean;
}

/** The tag-to-line map, per controller: pure, so tests and benches can check it without a gateway. */
export function mapLineTags(lines: readonly LineConfig[]): Map<string, ControllerTags> {
  const out = new Map<string, ControllerTags>();
  for (const line of lines) {
    let c = out.get(line.controllerId);
    if (!c) out.set(line.controllerId, (c = { lineIds: [], owners: new Map(), lineTags: [], signalTags: [], lineTagsFeedSignals: false }));
    c.lineIds.push(line.id);
    const own = (tag: string, owner: TagOwner): void => {
      const list = c.owners.get(tag);
      if (list) list.push(owner);
      else c.owners.set(tag, [owner]);
    };
    for (const { kind, key } of LINE_TAG_KINDS) {
      const tag = line.tags[key];
      if (tag) own(tag, { kind, lineId: line.id });
    }
    line.signals.forEach((s, signalIndex) => own(s.nodeId, { kind: 'signal', lineId: line.id, signalIndex }));
  }
  for (const c of out.values()) {
    for (const [tag, owners] of c.owners) {
      if (owners.some((o) => o.kind !== 'signal')) {
        c.lineTags.push(tag);
        if (owners.some((o) => o.kind === 'signal')) c.lineTagsFeedSignals = true;
      } else c.signalTags.push(tag);
    }
  }
  return out;
}

const rank = (item: FeedValue): number => (item.owners.some((o) => o.kind === 'order') ? 0 : 1);

export function createLineFeed(deps: LineFeedDeps): LineFeed {
  const log = deps.logger.child({ component: 'linefeed' });
  const byController = mapLineTags(deps.lines);
  const valueListeners = new Set<(batch: FeedBatch) => void>();
  const gapListeners = new Set<(gap: LinkGap, lineIds: readonly string[]) => void>();
  const stateListeners = new Set<(controllerId: string, state: ConnectionState) => void>();
  const subscriptions = new DisposableStore();
  let started = false;
  let disposed = false;

  const call = <A extends unknown[]>(what: string, listeners: Iterable<(...args: A) => void>, ...args: A): void => {
    for (const l of listeners) {
      try {
        l(...args);
      } catch (e) {
        log.error(`A line feed listener failed (${what})`, { error: e as Error });
      }
    }
  };

  const deliver = (controllerId: string, owners: ReadonlyMap<string, TagOwner[]>, values: readonly LiveValue[], kinds: { hasLineTags: boolean; hasSignals: boolean }): void => {
    if (disposed) return;
    const items: FeedValue[] = [];
    for (const value of values) {
      const o = owners.get(value.tagId);
      if (o) items.push({ value, owners: o });
    }
    if (items.length === 0) return;
    // Stable sort: order tags first, the rest as the controller sent them (a signals batch has none).
    if (kinds.hasLineTags && items.some((i) => rank(i) === 0)) items.sort((a, b) => rank(a) - rank(b));
    call('values', valueListeners, { controllerId, items, hasLineTags: kinds.hasLineTags, hasSignals: kinds.hasSignals });
  };

  const feed: LineFeed = {
    start() {
      if (started || disposed) return;
      started = true;
      for (const [controllerId, tags] of byController) {
        const port = deps.ports.get(controllerId);
        if (!port) {
          log.warn('No gateway for the controller of these lines', { controllerId, lines: tags.lineIds });
          continue;
        }
        const controller = deps.controllers.find((c) => c.id === controllerId);
        const samplingIntervalMs = controller ? samplingIntervalOf(controller) : undefined;
        const signalSamplingIntervalMs = controller ? signalSamplingIntervalOf(controller) : undefined;
        const options = samplingIntervalMs === undefined ? undefined : { samplingIntervalMs };
        const signalOptions = signalSamplingIntervalMs === undefined ? undefined : { samplingIntervalMs: signalSamplingIntervalMs };
        // Two entries on the same subscription: a wrongly mapped signal is reported Bad with its reason and
        // cannot disturb the counters' monitored items. A node is in one entry only: one monitored item.
        const lineKinds = { hasLineTags: true, hasSignals: tags.lineTagsFeedSignals };
        const signalKinds = { hasLineTags: false, hasSignals: true };
        if (tags.lineTags.length > 0) subscriptions.add(port.subscribe(tags.lineTags, (v) => deliver(controllerId, tags.owners, v, lineKinds), options));
        if (tags.signalTags.length > 0) subscriptions.add(port.subscribe(tags.signalTags, (v) => deliver(controllerId, tags.owners, v, signalKinds), signalOptions));
        subscriptions.add(port.onDidChangeState((s) => call('link state', stateListeners, controllerId, s)));
        if (port.onDidCloseGap) subscriptions.add(port.onDidCloseGap((gap) => call('link gap', gapListeners, gap, tags.lineIds)));
        log.info('Line tags subscribed', { controllerId, nodes: tags.lineTags.length + tags.signalTags.length, samplingIntervalMs, signalSamplingIntervalMs });
      }
    },
    onValues(listener) {
      valueListeners.add(listener);
      return { dispose: () => valueListeners.delete(listener) };
    },
    onDidCloseGap(listener) {
      gapListeners.add(listener);
      return { dispose: () => gapListeners.delete(listener) };
    },
    onDidChangeState(listener) {
      stateListeners.add(listener);
      return { dispose: () => stateListeners.delete(listener) };
    },
    state: (controllerId) => deps.ports.get(controllerId)?.state(),
    lineIdsOf: (controllerId) => byController.get(controllerId)?.lineIds ?? [],
    tagsOf: (controllerId) => {
      const c = byController.get(controllerId);
      return c ? [...c.lineTags, ...c.signalTags] : [];
    },
    monitoredTagCount: () => [...byController].reduce((n, [id, c]) => n + (deps.ports.has(id) ? c.owners.size : 0), 0),
    dispose() {
      disposed = true;
      subscriptions.clear();
      valueListeners.clear();
      gapListeners.clear();
      stateListeners.clear();
    },
  };
  return feed;
}
