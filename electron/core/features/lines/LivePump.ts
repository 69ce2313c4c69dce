import type { LiveLines, ConnectionStates, ControllerStatus } from '../../../../shared/contract/domains/lines.ts';
import type { CounterReading, LineProduction, LineSnapshot, MachineState } from '../../../../shared/domain/line.ts';
import type { ControllerConfig, LineConfig } from '../../../../shared/domain/plantConfig.ts';
import type { LiveValue } from '../../platform/opcua/opcuaTypes.ts';
import type { FeedBatch, LineFeed } from '../../platform/linefeed/lineFeed.ts';
import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import { type ControllerLink, controllerLink } from '../../platform/linefeed/controllerLink.ts';
import type { LiveLinesView, ProductionSource } from '../../platform/linefeed/liveLines.ts';
import { DisposableStore } from '../../platform/ports/disposableStore.ts';

export interface LivePumpDeps {
  clock: Clock;
  logger: Logger;
  lines: readonly LineConfig[];
  controllers: readonly ControllerConfig[];
  /** The only subscriber to the gateways: values, link states. */
  feed: LineFeed;
  endpointOf: (controllerId: string) => string;
  tickMs: number;
  publishLines: (msg: LiveLines) => void;
  publishConnections: (msg: ConnectionStates) => void;
}

/** Production figures per line (the production module), added to every snapshot. */
interface LineLive {
  config: LineConfig;
  good: LiveValue | null;
  reject: LiveValue | null;
  state: LiveValue | null;
  mappedState: MachineState;
  stateSince: number | null;
  /** The line's controller is reached with security policy None. */
  insecure: boolean;
}

/**
 * Turns tag changes into one `live.lines` message per tick. Tag changes only mark the pump dirty;
 * the tick builds the snapshot, so a burst of a thousand changes costs one message.
 */
export class LivePump implements Disposable, LiveLinesView {
  private readonly deps: LivePumpDeps;
  private readonly lines = new Map<string, LineLive>();
  private readonly subscriptions = new DisposableStore();
  private dirty = true;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private flushScheduled = false;
  private flushTimer: Disposable | null = null;
  private flushDueAt = 0;
  private disposed = false;
  private lastStaleKey = '';
  private lastSnapshot: LiveLines;
  private timer: Disposable | null = null;
  private production: ProductionSource | null = null;
  private lastProductionRevision = -1;
  /** Per line, the production figures the last message carried (by identity: the module makes new ones when it recomputes). */
  private readonly sentProduction = new Map<string, LineProduction | null>();

  constructor(deps: LivePumpDeps) {
    this.deps = deps;
    for (const config of deps.lines) {
      const insecure = deps.controllers.find((c) => c.id === config.controllerId)?.security.policy === 'None';
      this.lines.set(config.id, { config, good: null, reject: null, state: null, mappedState: 'unknown', stateSince: null, insecure });
    }
    this.lastSnapshot = { at: deps.clock.now(), lines: [] };
  }

  start(): void {
    this.subscriptions.add(this.deps.feed.onValues((batch) => this.ingest(batch)));
    // Keep-alives update lastHeardAt often; only a change of phase or error is news for the screen.
    const lastKey = new Map<string, string>();
    this.subscriptions.add(
      this.deps.feed.onDidChangeState((controllerId, s) => {
        const key = `${s.phase}|${s.error?.code ?? ''}|${s.error?.message ?? ''}`;
        if (key === lastKey.get(controllerId)) return;
        lastKey.set(controllerId, key);
        this.dirty = true;
        this.deps.publishConnections(this.connections());
      }),
    );
    // Throttle: a batch sent early (see flushSoon) counts as this period's message; what changed since
    // goes one tick after that send, not at the interval's next beat (which could be almost two ticks).
    this.timer = this.deps.clock.setInterval(this.deps.tickMs, () => this.tickOrDefer());
  }

  /**
   * The shortest spacing between two messages sent for value changes: a fifth of the tick (50 ms at 250).
   * A controller's values come one publish response at a time (every publishing interval), so a change is
   * sent as soon as its response has been taken in; bursts closer than this are coalesced into one message.
   * (The spacing was a whole tick: after the once-a-second production figures went out on the interval, the
   * next value change waited up to a tick more, which put the change-to-screen p95 over interval + 100 ms.)
   */
  private minSpacingMs(): number {
    return this.deps.tickMs / 5;
  }

  /**
   * Leading edge of the throttle: a change goes out with its publish batch, or once the last message is minSpacing
   * old. Sent from the batch's own call, not from a timer: the line feed's later listeners (production's state
   * transaction with its disk sync, the signals) ran before a 0 ms timer and the screen waited for them.
   */
  private flushSoon(): void {
    const since = this.deps.clock.now() - this.lastPublishAt;
    const min = this.minSpacingMs();
    if (since >= min && !this.disposed) this.tick();
    else this.flushAfter(min - since);
  }

  /**
   * At most one flush pending, the earliest asked for (a value change does not wait behind the interval's
   * deferred beat); it sends only if something changed (tick() decides).
   */
  private flushAfter(ms: number): void {
    if (this.disposed) return;
    const due = this.deps.clock.now() + Math.max(0, ms);
    if (this.flushScheduled) {
      if (due >= this.flushDueAt) return;
      this.flushTimer?.dispose();
    }
    this.flushScheduled = true;
    this.flushDueAt = due;
    this.flushTimer = this.deps.clock.setTimer(Math.max(0, ms), () => {
      this.flushScheduled = false;
      this.flushTimer = null;
      if (this.disposed) return;
      // Something may have been sent meanwhile: never two messages closer than the minimum spacing.
      const since = this.deps.clock.now() - this.lastPublishAt;
      if (since >= this.minSpacingMs() * 0.9) this.tick();
      else this.flushAfter(this.minSpacingMs() - since);
    });
  }

  /** A tick now if the last message is a tick old, else a flush once it is. */
  private tickOrDefer(): void {
    const since = this.deps.clock.now() - this.lastPublishAt;
    if (since >= this.deps.tickMs * 0.9) this.tick();
    else this.flushAfter(this.deps.tickMs - since);
  }

  /** Production figures join the snapshot from the next tick on. */
  setProductionSource(source: ProductionSource | null): void {
    this.production = source;
    this.sentProduction.clear();
    this.dirty = true;
  }

  /** The latest coalesced snapshot (what the last tick sent). */
  snapshot(): LiveLines {
    return this.lastSnapshot;
  }

  connections(): ConnectionStates {
    const controllers: ControllerStatus[] = this.deps.controllers.map((c) => {
      const s = this.deps.feed.state(c.id);
      return {
        controllerId: c.id,
        name: c.name,
        endpoint: this.deps.endpointOf(c.id),
        link: controllerLink(s, this.deps.clock.now()).link,
        securityMode: c.security.mode,
        securityPolicy: c.security.policy,
        insecure: c.security.policy === 'None',
        since: s?.since ?? this.deps.clock.now(),
        lastError: s?.error ? { code: s.error.code, message: s.error.message } : null,
      };
    });
    return { at: this.deps.clock.now(), controllers };
  }

  private ingest(batch: FeedBatch): void {
    if (!batch.hasLineTags) return;
    let taken = false;
    for (const { value: v, owners } of batch.items) {
      // Republished history older than the gap re-read: showing it would move a counter backwards.
      if (v.flags?.includes('late')) continue;
      for (const owner of owners) if (owner.kind === 'good' || owner.kind === 'reject' || owner.kind === 'state') taken = this.take(owner.lineId, owner.kind, v) || taken;
    }
    if (taken) this.flushSoon();
  }

  private take(lineId: string, signal: 'good' | 'reject' | 'state', v: LiveValue): boolean {
    const line = this.lines.get(lineId);
    if (!line) return false;
    this.dirty = true;
    if (signal === 'state') {
      line.state = v;
      const mapped = mapState(line.config, v);
      if (mapped !== line.mappedState) {
        line.mappedState = mapped;
        line.stateSince = v.quality === 'good' ? (v.sourceTs ?? v.serverTs ?? this.deps.clock.now()) : null;
      }
      return true;
    }
    const prev = line[signal];
    // A value that carries no count (the gateway marks every tag bad on a link loss, a controller reports a
    // counter bad) keeps the last count and its time on screen, marked not good: greyed with "last value
    // 14:02:11", never "no value received yet" and never shown as live.
    line[signal] = !isCount(v.value) && prev && isCount(prev.value) ? { ...prev, quality: v.quality === 'good' ? 'bad' : v.quality } : v;
    return true;
  }

  /** Public for tests driven by a fake clock. */
  tick(): void {
    const now = this.deps.clock.now();
    // Only the link and freshness of each controller are needed to decide whether to send; the snapshots
    // (with their production figures) are built only for a tick that sends. Worked out once per controller,
    // not once per line (a tick runs with every publish response).
    const links = new Map<string, ControllerLink>();
    for (const c of this.deps.controllers) links.set(c.id, controllerLink(this.deps.feed.state(c.id), now));
    const linkOf = (controllerId: string): ControllerLink => {
      let link = links.get(controllerId);
      if (!link) links.set(controllerId, (link = controllerLink(this.deps.feed.state(controllerId), now)));
      return link;
    };
    let staleKey = '';
    for (const l of this.lines.values()) {
      const { link, stale } = linkOf(l.config.controllerId);
      staleKey += `${link}:${stale}|`;
    }
    const productionRevision = this.production?.revision() ?? -1;
    if (productionRevision !== this.lastProductionRevision) {
      this.lastProductionRevision = productionRevision;
      this.dirty = true;
    }
    if (!this.dirty && staleKey === this.lastStaleKey) return;
    this.dirty = false;
    this.lastStaleKey = staleKey;
    // The snapshot (lines.snapshot, the alerts) always holds each line's production figures; the message holds
    // them only for a line whose figures are new since the last message: they change about once a second while
    // the counts go out with every publish response, and they were two thirds of each message (the core's
    // JSON for the screens was its largest cost per notification in the ingest bench). A screen keeps the
    // figures it has for a line whose message carries none (linesStore.ts).
    const full: LineSnapshot[] = [];
    const wire: LineSnapshot[] = [];
    for (const l of this.lines.values()) {
      const base = this.lineSnapshot(l, linkOf(l.config.controllerId));
      if (!this.production) {
        full.push(base);
        wire.push(base);
        continue;
      }
      const id = l.config.id;
      const production = this.production.of(id);
      const line = { ...base, production };
      full.push(line);
      if (this.sentProduction.has(id) && this.sentProduction.get(id) === production) wire.push(base);
      else {
        this.sentProduction.set(id, production);
        wire.push(line);
      }
    }
    this.lastSnapshot = { at: now, lines: full };
    this.lastPublishAt = now;
    this.deps.publishLines(this.production ? { at: now, lines: wire } : this.lastSnapshot);
  }

  private lineSnapshot(l: LineLive, { link, stale }: ControllerLink): LineSnapshot {
    const live = link === 'connected';
    return {
      lineId: l.config.id,
      name: l.config.name,
      controllerId: l.config.controllerId,
      link,
      stale,
      // While the link is down the state is unknown, never the last one seen.
      state: live && !stale ? l.mappedState : 'unknown',
      rawState: l.state && (typeof l.state.value === 'number' || typeof l.state.value === 'string') ? l.state.value : null,
      stateSince: live && !stale ? l.stateSince : null,
      good: reading(l.good, live && !stale),
      reject: reading(l.reject, live && !stale),
      insecure: l.insecure,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.flushTimer?.dispose();
    this.timer?.dispose();
    this.subscriptions.clear();
  }
}

export function mapState(config: LineConfig, v: LiveValue): MachineState {
  if (v.quality !== 'good' || v.value === null) return 'unknown';
  return config.stateMap[String(v.value)] ?? 'unknown';
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function reading(v: LiveValue | null, live: boolean): CounterReading {
  if (!v) return { value: null, quality: 'bad', at: null };
  const value = typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0 ? v.value : null;
  // The last value stays visible (greyed, with its time) but is never presented as Good when not live.
  return { value, quality: live ? v.quality : 'bad', at: v.sourceTs ?? v.serverTs };
}
