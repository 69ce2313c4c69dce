import { AttributeIds, ClientMonitoredItemGroup, TimestampsToReturn, type ClientSession, type ClientSubscription, type DataValue } from 'node-opcua-client';
import type { Disposable } from '../ports/ports.ts';
import { explainStatus } from './explain.ts';
import type { GapBook } from './gatewayGaps.ts';
import { rereadWith } from './gatewayIo.ts';
import { type GatewayShared, heard, type SubEntry, resolveTag, serialise, setState } from './gatewayState.ts';
import { KEEP_ALIVE_COUNT, QUEUE_SIZE } from './gatewayTiming.ts';
import { badValue, mapDataValue } from './mapDataValue.ts';
import type { LiveValue, SubscribeOptions } from './opcuaTypes.ts';

/**
 * The gateway's one subscription and the monitored items of every subscribe() entry on it: created on
 * connect, restored after a reconnect, recreated when it goes silent, re-read after a gap.
 */
export interface GatewaySubscriptions {
  subscribe(tagIds: readonly string[], onBatch: (values: LiveValue[]) => void, options?: SubscribeOptions): Disposable;
  /** A new subscription on `s` (the entries' items are made by applyAll). */
  create(s: ClientSession): Promise<void>;
  applyEntry(entry: SubEntry): Promise<void>;
  applyAll(): Promise<void>;
  terminateGroups(entry: SubEntry): Promise<void>;
  /** Forgets the items of every entry (their subscription is gone). */
  forgetItems(): void;
  /** Publishes the revised keep-alive period of the current subscription. */
  updateRevised(): void;
  /** All subscribed tags, read once and handed to their listeners (after a reconnect: the gap re-read). */
  rereadAll(s: ClientSession): Promise<boolean>;
  markAllBad(): void;
  /** A subscription silent while the session answers: drop it and build a new one with every entry. */
  recreate(why: string): Promise<void>;
}

export function createSubscriptions(g: GatewayShared, gaps: GapBook): GatewaySubscriptions {
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
      g.log.error('onBatch listener failed', { error: e as Error });
    }
  };

  const terminateGroups = async (entry: SubEntry): Promise<void> => {
    const groups = entry.groups;
    entry.groups = [];
    entry.resolvedWith = null;
    for (const group of groups) {
      group.removeAllListeners('changed');
      await group.terminate().catch((e: unknown) => g.log.debug('Terminating monitored items failed', { error: e as Error }));
    }
  };

  /** Creates the entry's monitored items on the current subscription, chunk by chunk. */
  const applyEntry = async (entry: SubEntry): Promise<void> => {
    const sub = g.subscription;
    if (entry.disposed || !sub || entry.groups.length > 0) return;
    const bad: LiveValue[] = [];
    const ok: { tagId: string; nodeId: string; uri: string }[] = [];
    for (const tagId of entry.tagIds) {
      const r = resolveTag(g, tagId);
      if (r.ok) ok.push({ tagId, nodeId: r.nodeId, uri: r.uri });
      else {
        g.log.error('Tag cannot be monitored', { tagId, code: r.error.code, message: r.error.message });
        bad.push(badValue(tagId, r.error.message));
      }
    }
    deliver(entry, bad);
    entry.resolvedWith = new Map(ok.map((x) => [x.uri, g.namespaces.get(x.uri) ?? -1]));

    // Notifications of one publish response arrive synchronously: one batch per response.
    let pending: LiveValue[] = [];
    const flush = (): void => {
      const batch = pending;
      pending = [];
      heard(g);
      deliver(entry, batch);
    };
    const push = (v: LiveValue): void => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push(v);
    };

    for (let start = 0; start < ok.length; start += g.chunkSize) {
      if (entry.disposed || g.subscription !== sub) return;
      const chunk = ok.slice(start, start + g.chunkSize);
      const group = ClientMonitoredItemGroup.create(
        sub,
        chunk.map((x) => ({ nodeId: x.nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval: entry.samplingIntervalMs, queueSize: QUEUE_SIZE, discardOldest: true },
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item, dv: DataValue, index: number) => {
        const tag = chunk[index];
        if (tag) push(mapDataValue(tag.tagId, dv));
      });
      entry.groups.push(group);
      await new Promise<void>((resolveInit) => {
        group.once('initialized', () => resolveInit());
        group.once('err', (message: string) => {
          g.log.error('Creating monitored items failed', { message });
          resolveInit();
        });
      });
      const failed: LiveValue[] = [];
      group.monitoredItems.forEach((item, i) => {
        const tag = chunk[i];
        const sc = item.statusCode;
        if (tag && sc && sc.isNotGood()) {
          const e = explainStatus(sc.name, 'NODE_UNKNOWN');
          g.log.error('Tag cannot be monitored', { tagId: tag.tagId, status: sc.name, message: e.message });
          failed.push(badValue(tag.tagId, `${e.message} (${tag.tagId})`));
        }
      });
      deliver(entry, failed);
    }
  };

  const applyAll = async (): Promise<void> => {
    for (const entry of g.entries) await applyEntry(entry);
  };

  const updateRevised = (): void => {
    const sub = g.subscription;
    if (sub) setState(g, { keepAlivePeriodMs: sub.publishingInterval * sub.maxKeepAliveCount });
  };

  const create = async (s: ClientSession): Promise<void> => {
    const publishingInterval = g.publishingInterval;
    const lifetimeCount = Math.max(3 * KEEP_ALIVE_COUNT, Math.ceil(g.timing.subscriptionLifetimeMs / publishingInterval));
    const sub = await s.createSubscription2({
      requestedPublishingInterval: publishingInterval,
      requestedMaxKeepAliveCount: KEEP_ALIVE_COUNT,
      requestedLifetimeCount: lifetimeCount,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    const gen = g.generation;
    sub.on('keepalive', () => {
      if (gen === g.generation) heard(g);
    });
    sub.on('received_notifications', () => {
      if (gen === g.generation) heard(g);
    });
    sub.on('terminated', () => {
      if (gen === g.generation) g.log.warn('Subscription terminated');
    });
    sub.on('internal_error', (err: Error) => g.log.error('Subscription error', { error: err }));
    g.subscription = sub;
    updateRevised();
    if (sub.publishingInterval > publishingInterval * 2) {
      g.log.warn('Controller revised the publishing interval up', { requested: publishingInterval, revised: sub.publishingInterval });
    }
  };

  const forgetItems = (): void => {
    for (const entry of g.entries) {
      entry.groups = [];
      entry.resolvedWith = null;
    }
  };

  const rereadAll = async (s: ClientSession): Promise<boolean> => {
    let ok = true;
    for (const entry of g.entries) {
      if (entry.disposed) continue;
      const r = await rereadWith(g, s, entry.tagIds);
      if (r.ok) deliver(entry, r.value);
      else ok = false;
    }
    return ok;
  };

  const recreate = (why: string): Promise<void> =>
    serialise(g, async () => {
      const s = g.session;
      const gen = g.generation;
      if (!s || g.disposed || g.current.phase !== 'connected') return;
      g.log.warn('Recreating the subscription', { why, subscriptionId: g.subscription?.subscriptionId });
      gaps.openAt(g.lastHeard ?? g.clock.now(), `the controller's subscription went silent (${why})`);
      const old = g.subscription;
      g.subscription = null;
      forgetItems();
      if (old) await old.terminate().catch(() => undefined);
      try {
        await create(s);
        await applyAll();
        await rereadAll(s);
        if (gen !== g.generation) return;
        g.lastHeard = g.clock.now();
        // create() assigned it; the compiler cannot see through the await.
        g.subscriptionIdSeen = (g.subscription as ClientSubscription | null)?.subscriptionId ?? null;
        setState(g, { staleSince: null, lastHeardAt: g.lastHeard });
        gaps.close('subscription-recreated', false);
      } catch (e) {
        g.log.error('Recreating the subscription failed', { error: e as Error });
      }
    });

  return {
    subscribe(tagIds, onBatch, options) {
      const entry: SubEntry = {
        tagIds: [...tagIds],
        onBatch,
        // Without a request: 0 (the server reports every change it sees), as the gateway always did; the line feed asks
        // for the configured interval.
        samplingIntervalMs: options?.samplingIntervalMs ?? 0,
        groups: [],
        resolvedWith: null,
        disposed: g.disposed,
        newest: new Map(),
      };
      g.entries.add(entry);
      if (g.current.phase === 'connected' && g.subscription) {
        void serialise(g, () => applyEntry(entry)).catch((e: unknown) => g.log.error('Subscribing failed', { error: e as Error }));
      }
      return {
        dispose: () => {
          if (entry.disposed) return;
          entry.disposed = true;
          g.entries.delete(entry);
          void serialise(g, () => terminateGroups(entry));
        },
      };
    },
    create,
    applyEntry,
    applyAll,
    terminateGroups,
    forgetItems,
    updateRevised,
    rereadAll,
    markAllBad() {
      for (const entry of g.entries) deliver(entry, entry.tagIds.map((t) => badValue(t)));
    },
    recreate,
  };
}
