import type { LineSignalReadings, LiveSignals } from '../../../../shared/domain/signal.ts';
import type { LineConfig } from '../../../../shared/domain/plantConfig.ts';
import type { FeedBatch, LineFeed } from '../../platform/linefeed/lineFeed.ts';
import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import { type ControllerLink, controllerLink } from '../../platform/linefeed/controllerLink.ts';
import { signalReading, type SignalState, takeValue } from './signalReading.ts';
import { DisposableStore } from '../../platform/ports/disposableStore.ts';

export interface SignalPumpDeps {
  clock: Clock;
  logger: Logger;
  lines: readonly LineConfig[];
  /** The line feed: signal values arrive with the line and signal they belong to. */
  feed: LineFeed;
  tickMs: number;
  publish: (msg: LiveSignals) => void;
  /** The screens (session ids) open now: a closed screen's watch ends with it. */
  openSessions: () => Iterable<string>;
}

interface LineSignals {
  config: LineConfig;
  states: SignalState[];
}

/**
 * Turns the lines' process signals into one `live.signals` message per tick, like the LivePump does for
 * counts: a value change only marks the pump dirty; the tick builds the message, for the lines some screen
 * shows (`watch`). A separate stream from
 * `live.lines` so that signals changing every second do not make every overview tile re-render, and so a
 * line's counts never wait for its signals.
 *
 * The line feed subscribes the signals (one monitored item per node, in an entry of their own beside the
 * line tags: a wrongly mapped signal is reported Bad with its reason and cannot disturb the counters).
 */
export class SignalPump implements Disposable {
  private readonly deps: SignalPumpDeps;
  private readonly lines: LineSignals[];
  private readonly byId = new Map<string, LineSignals>();
  private readonly subscriptions = new DisposableStore();
  private dirty = true;
  private lastLinkKey = '';
  private lastMessage: LiveSignals;
  private timer: Disposable | null = null;
  /** Per screen (session id), the lines whose signals it shows (signals.watch). */
  private readonly watching = new Map<string, ReadonlySet<string>>();
  private lastWatchedKey = '';

  constructor(deps: SignalPumpDeps) {
    this.deps = deps;
    this.lines = deps.lines.filter((l) => l.signals.length > 0).map((config) => ({ config, states: config.signals.map(() => ({ latest: null, lastGood: null })) }));
    for (const l of this.lines) this.byId.set(l.config.id, l);
    this.lastMessage = { at: deps.clock.now(), lines: [] };
  }

  /** Signals configured over all lines. */
  count(): number {
    return this.lines.reduce((n, l) => n + l.states.length, 0);
  }

  start(): void {
    // Link changes need no listener: each tick compares every controller's link, freshness and error.
    if (this.lines.length > 0) this.subscriptions.add(this.deps.feed.onValues((batch) => this.ingest(batch)));
    this.timer = this.deps.clock.setInterval(this.deps.tickMs, () => this.tick());
  }

  /** The latest message (what the last tick sent). */
  lastSent(): LiveSignals {
    return this.lastMessage;
  }

  /** Every line's latest readings, as a message would carry them now (signals.snapshot). */
  snapshot(): LiveSignals {
    const now = this.deps.clock.now();
    return { at: now, lines: this.readings(this.lines, this.linksAt(now)) };
  }

  /**
   * The lines whose signals a screen shows now (replacing what it asked for before; none ends its watch).
   * live.signals carries the lines some open screen watches: a screen is sent what it shows, not every
   * line's signals every tick (they were a quarter of the core's JSON for the screens in the ingest bench).
   * Answers the latest readings of those lines, so the panel does not wait for the next tick.
   */
  watch(sessionId: string, lineIds: readonly string[]): LiveSignals {
    const known = lineIds.filter((id) => this.byId.has(id));
    if (known.length === 0) this.watching.delete(sessionId);
    else this.watching.set(sessionId, new Set(known));
    const now = this.deps.clock.now();
    return { at: now, lines: this.readings(this.lines.filter((l) => known.includes(l.config.id)), this.linksAt(now)) };
  }

  /** The lines some open screen watches, in configuration order (closed screens' watches are dropped here). */
  private watchedLines(): LineSignals[] {
    if (this.watching.size === 0) return [];
    const open = new Set(this.deps.openSessions());
    const lineIds = new Set<string>();
    for (const [session, ids] of this.watching) {
      if (!open.has(session)) this.watching.delete(session);
      else for (const id of ids) lineIds.add(id);
    }
    return lineIds.size === 0 ? [] : this.lines.filter((l) => lineIds.has(l.config.id));
  }

  private linksAt(now: number): Map<string, ControllerLink> {
    const links = new Map<string, ControllerLink>();
    for (const l of this.lines) {
      const id = l.config.controllerId;
      if (!links.has(id)) links.set(id, controllerLink(this.deps.feed.state(id), now));
    }
    return links;
  }

  private readings(lines: readonly LineSignals[], links: ReadonlyMap<string, ControllerLink>): LineSignalReadings[] {
    return lines.map((l) => {
      const link = links.get(l.config.controllerId)!;
      return { lineId: l.config.id, link: link.link, stale: link.stale, signals: l.config.signals.map((def, i) => signalReading(def, l.states[i]!, link)) };
    });
  }

  private ingest(batch: FeedBatch): void {
    if (!batch.hasSignals) return;
    for (const { value: v, owners } of batch.items) {
      // Republished history older than the gap re-read is not the current value.
      if (v.flags?.includes('late')) continue;
      // One node may feed several signals (the same sensor shown on two lines): every owner gets the value.
      for (const o of owners) {
        if (o.kind !== 'signal') continue;
        const state: SignalState | undefined = this.byId.get(o.lineId)?.states[o.signalIndex];
        if (!state) continue;
        takeValue(state, v);
        this.dirty = true;
      }
    }
  }

  /** Public for tests driven by a fake clock. */
  tick(): void {
    const now = this.deps.clock.now();
    const watched = this.watchedLines();
    // Nobody shows any line's signals: nothing to send (a watch that starts gets its lines in its answer).
    if (watched.length === 0) {
      this.lastWatchedKey = '';
      return;
    }
    const links = this.linksAt(now);
    // Going stale sends a message even when no value changed: the screen must stop showing the values as live.
    const linkKey = [...links].map(([id, l]) => `${id}:${l.link}:${l.stale}:${l.error ?? ''}`).join('|');
    const watchedKey = watched.map((l) => l.config.id).join('|');
    if (!this.dirty && linkKey === this.lastLinkKey && watchedKey === this.lastWatchedKey) return;
    this.dirty = false;
    this.lastLinkKey = linkKey;
    this.lastWatchedKey = watchedKey;
    this.lastMessage = { at: now, lines: this.readings(watched, links) };
    this.deps.publish(this.lastMessage);
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = null;
    this.subscriptions.clear();
  }
}
