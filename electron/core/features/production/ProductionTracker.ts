import { counterDelta, plausibleIncrease } from '../../../../shared/domain/counterDelta.ts';
import type { MachineState } from '../../../../shared/domain/line.ts';
import { splitByMinute, spreadOverMinutes } from '../../../../shared/domain/production.ts';
import { RecentDeltas } from './recentDeltas.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { mapState } from '../lines/index.ts';
import type { LinkGap, LiveValue } from '../../platform/opcua/opcuaTypes.ts';
import type { Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { closeEvent, deleteEvent, getEvent, openEvent, openEventOf, reopenEvent } from './downtimeRepo.ts';
import { type LineSettings, lineSettings } from './lineSettings.ts';
import {
  type CounterEventRow,
  type CountedBaseline,
  type FlushBatch,
  type MinuteDelta,
  type RawCounterSample,
  type RawStateSample,
  type Signal,
  listCountedBaselines,
  writeFlush,
} from './productionRepo.ts';

export type ProductionSignal = Signal | 'state' | 'order';

interface Counter {
  last: number | null;
  lastAt: number;
  /** Set while the link is down (or since the console last ran): the next delta belongs to [gapFrom, t]. */
  gapFrom: number | null;
  dirty: boolean;
}

interface LineRun {
  settings: LineSettings;
  counters: Record<Signal, Counter>;
  state: MachineState;
  noData: boolean;
  stateFrom: number;
  /** Run time has been added to the minute buckets up to here. */
  accruedTo: number;
  openEventId: number | null;
  /** The event closed last, to re-join two stretches of one stop split by a zero-length "no data" blip. */
  lastClosed: { id: number; state: MachineState; endAt: number } | null;
  order: string;
  recent: RecentDeltas;
  trackedSince: number;
  /** The last link gap the gateway reported closed for this line's controller. */
  lastGap: LinkGap | null;
  /** The minute bucket counted into last and the pending map it is in (most values land in the same one). */
  lastBucket: MinuteDelta | null;
  lastBucketIn: Map<string, MinuteDelta> | null;
}

export interface TrackerDeps {
  db: WritableDb;
  plant: PlantConfig;
  logger: Logger;
  now: () => number;
  /** Told when a line's downtime events changed (opened, closed), so screens reload. */
  onDowntimeChanged?: (lineId: string) => void;
  /** Told what a flush wrote, after it committed (the live figures keep it in memory). */
  onFlushed?: (batch: FlushBatch) => void;
}

const RATE_WINDOW_MS = 60_000;

/**
 * Turns one line's counter and state values into per-minute production, run time and downtime events.
 * Values arrive as the OPC UA gateway delivers them (bad quality on link loss, a re-read after
 * reconnect); `flush()` writes what was counted, with the counted baseline, in one transaction.
 */
export class ProductionTracker {
  private readonly deps: TrackerDeps;
  private readonly lines = new Map<string, LineRun>();
  private pending = new Map<string, MinuteDelta>();
  private counterEvents: CounterEventRow[] = [];
  /** Per line and counter: when a held jump was last logged, and how many were held since without a line. */
  private readonly heldLogged = new Map<string, { at: number; since: number }>();
  private stateSamples: RawStateSample[] = [];

  constructor(deps: TrackerDeps) {
    this.deps = deps;
    const now = deps.now();
    const saved = new Map(listCountedBaselines(deps.db).map((b) => [`${b.lineId}|${b.signal}`, b]));
    for (const config of deps.plant.lines) {
      const counter = (signal: Signal): Counter => {
        const b = saved.get(`${config.id}|${signal}`);
        // Counts made while the console was not running are a gap from the last counted reading.
        return b
          ? { last: b.value, lastAt: b.at, gapFrom: b.at, dirty: false }
          : { last: null, lastAt: now, gapFrom: null, dirty: false };
      };
      const open = openEventOf(deps.db, config.id);
      this.lines.set(config.id, {
        settings: lineSettings(deps.plant, config),
        counters: { good: counter('good'), reject: counter('reject') },
        state: open ? open.state : 'unknown',
        noData: open ? open.noData : true,
        stateFrom: open ? open.startAt : now,
        accruedTo: now,
        openEventId: open?.id ?? null,
        lastClosed: null,
        order: '',
        recent: new RecentDeltas(),
        trackedSince: now,
        lastGap: null,
        lastBucket: null,
        lastBucketIn: null,
      });
    }
  }

  settingsOf(lineId: string): LineSettings | undefined {
    return this.lines.get(lineId)?.settings;
  }

  /** Values of one line, in the order the gateway delivered them; `now` read once for a batch of them. */
  ingest(lineId: string, signal: ProductionSignal, v: LiveValue, now = this.deps.now()): void {
    const line = this.lines.get(lineId);
    if (!line) return;
    if (signal === 'order') {
      if (v.quality === 'good' && typeof v.value === 'string') line.order = v.value.slice(0, 64);
      else if (v.quality === 'good' && typeof v.value === 'number') line.order = String(v.value);
      return;
    }
    if (signal === 'state') {
      this.ingestState(line, v, now);
      return;
    }
    this.ingestCounter(line, signal, v, now);
  }

  /**
   * The controller's OPC UA server has a new StartTime (the gateway read it before it re-reads the tags).
   * Its counters may have started again from 0: the next value of each counter is a reset candidate (a
   * decrease is counted as made since the reset, `counterDelta`), and what it adds belongs to the gap since
   * the last counted reading, not to the moment the link came back. This matters when the link never showed
   * bad values (the server dropped the session and node-opcua repaired it): without it, the delta would be
   * counted as live production at the reconnect instant.
   */
  controllerRestarted(lineIds: readonly string[], at: number): void {
    for (const id of lineIds) {
      const line = this.lines.get(id);
      if (!line) continue;
      for (const c of Object.values(line.counters)) {
        if (c.last !== null) c.gapFrom ??= Math.min(c.lastAt, at);
      }
    }
  }

  /**
   * A link gap ended and every tag was re-read (those values came through `ingest` before this). Remembered
   * for the live view. A counter that gave no Good value in the re-read stays in its gap until it does.
   */
  gapClosed(lineIds: readonly string[], gap: LinkGap): void {
    for (const id of lineIds) {
      const line = this.lines.get(id);
      if (line) line.lastGap = gap;
    }
    if (gap.serverRestarted) this.deps.logger.info('Controller restarted during a link gap; counters re-read as reset candidates', { ...gap });
  }

  private ingestCounter(line: LineRun, signal: Signal, v: LiveValue, now: number): void {
    const c = line.counters[signal];
    // A notification queued before the gap and delivered after the re-read: history, older than what was
    // counted. Taking it would look like a decrease (a false reset) and count its parts twice.
    if (v.flags?.includes('late')) return;
    const valid = v.quality === 'good' && typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0 && v.value < 2 ** 32;
    if (!valid) {
      if (c.last !== null && c.gapFrom === null) c.gapFrom = now;
      return;
    }
    const value = v.value as number;
    const t = Math.min(now, v.sourceTs ?? v.serverTs ?? now);
    if (c.last === null) {
      c.last = value;
      c.lastAt = t;
      c.dirty = true;
      // The live rate is over the time the counter has been seen, not since the console started.
      if (signal === 'good') line.trackedSince = Math.max(line.trackedSince, t);
      return;
    }
    const elapsed = Math.max(0, t - (c.gapFrom ?? c.lastAt), now - (c.gapFrom ?? c.lastAt));
    // A little slack over the elapsed time: source timestamps and publish batches jitter.
    const d = counterDelta(c.last, value, { maxIncrease: plausibleIncrease(line.settings.maxRatePerMin, elapsed + 2000) });
    // After a controller restart a lower value is a reset (what it shows was made since) and a plausible rise
    // is a retentive counter; either way the gap was opened (by bad values or controllerRestarted): flagged.
    // The event row's fields, only for the values that write one (not the normal count of a running line).
    const base = d.kind !== 'normal' || c.gapFrom !== null ? { lineId: line.settings.config.id, signal, fromAt: c.gapFrom ?? c.lastAt, at: t, before: c.last, after: value, counted: d.delta, held: d.held } : null;
    if (base && d.kind !== 'normal') this.counterEvents.push({ ...base, kind: d.kind });
    if (d.kind === 'suspect') {
      // Held out of production until a supervisor accepts or rejects it (line view, shift close). Logged at
      // most once a minute per counter (with how many more were held meanwhile): a counter that jumps on
      // every notification (a wrong rate in the configuration) wrote a warning per value.
      const logKey = `${base!.lineId}|${signal}`;
      const logged = this.heldLogged.get(logKey);
      if (logged && now - logged.at < 60_000) logged.since++;
      else {
        this.deps.logger.warn('Implausible counter jump held for a supervisor', {
          lineId: base!.lineId,
          signal,
          before: c.last,
          after: value,
          held: d.held,
          elapsedMs: Math.round(elapsed),
          maxPlausible: plausibleIncrease(line.settings.maxRatePerMin, elapsed + 2000),
          ...(logged && logged.since > 0 ? { alsoHeldSinceLastWarning: logged.since } : {}),
        });
        this.heldLogged.set(logKey, { at: now, since: 0 });
      }
    } else if (d.kind === 'reset' || d.kind === 'wrap') {
      this.deps.logger.info(d.kind === 'reset' ? 'Counter reset seen; counting what it shows since' : 'Counter wrapped past its maximum', { lineId: base!.lineId, signal, before: c.last, after: value, counted: d.delta });
    }
    if (c.gapFrom !== null) {
      if (d.delta > 0 || d.held > 0) this.counterEvents.push({ ...base!, kind: 'gap' });
      const to = Math.max(c.gapFrom, t);
      for (const s of spreadOverMinutes(d.delta, c.gapFrom, to)) this.add(line, s.minuteAt, signal, s.n, true);
      c.gapFrom = null;
      if (signal === 'good') {
        line.trackedSince = Math.max(line.trackedSince, t);
        line.recent.clear();
      }
    } else if (d.delta > 0) {
      this.add(line, t, signal, d.delta, false);
      line.recent.push(t, d.delta);
    }
    c.last = value;
    c.lastAt = Math.max(c.lastAt, t);
    c.dirty = true;
  }

  private ingestState(line: LineRun, v: LiveValue, now: number): void {
    const noData = v.quality !== 'good';
    const state = mapState(line.settings.config, v);
    if (state === line.state && noData === line.noData) return;
    const stamp = noData ? now : (v.sourceTs ?? v.serverTs ?? now);
    const t = Math.max(line.stateFrom, Math.min(now, stamp));
    this.stateSamples.push({ lineId: line.settings.config.id, at: t, raw: v.value === null ? null : String(v.value), state: noData ? 'no-data' : state });
    this.transition(line, state, noData, t);
  }

  private transition(line: LineRun, state: MachineState, noData: boolean, t: number): void {
    const old = line.state;
    // Run time: the old state up to t, the new one from t. A change stamped before what was already
    // accrued (reconnect re-read, publish delay) corrects the accrued minutes.
    if (t >= line.accruedTo) {
      this.accrue(line, old, line.noData, line.accruedTo, t, 1);
      line.accruedTo = t;
    } else {
      this.accrue(line, old, line.noData, t, line.accruedTo, -1);
      this.accrue(line, state, noData, t, line.accruedTo, 1);
    }
    const db = this.deps.db;
    const lineId = line.settings.config.id;
    let reopened = false;
    if (line.openEventId !== null) {
      const ev = getEvent(db, line.openEventId);
      if (ev && ev.noData && t <= ev.startAt) {
        // A "no data" stretch of zero length (the state never changed during the gap): drop it and
        // continue the stop it interrupted, if it is the same one.
        deleteEvent(db, ev.id);
        if (line.lastClosed && line.lastClosed.state === state && line.lastClosed.endAt === ev.startAt && !noData) {
          reopenEvent(db, line.lastClosed.id);
          line.openEventId = line.lastClosed.id;
          reopened = true;
        }
      } else if (ev) {
        closeEvent(db, ev.id, t);
        line.lastClosed = { id: ev.id, state: ev.state, endAt: t };
      }
      if (!reopened) line.openEventId = null;
    }
    if (!reopened && (state !== 'running' || noData)) {
      line.openEventId = openEvent(db, { lineId, state, startAt: t, noData });
    }
    line.state = state;
    line.noData = noData;
    line.stateFrom = t;
    this.deps.onDowntimeChanged?.(lineId);
  }

  private accrue(line: LineRun, state: MachineState, noData: boolean, from: number, to: number, sign: 1 | -1): void {
    if (state !== 'running' || noData || to <= from) return;
    for (const p of splitByMinute(from, to)) this.bucket(line, p.minuteAt).runMs += sign * p.ms;
  }

  private bucket(line: LineRun, at: number): MinuteDelta {
    const minuteAt = Math.floor(at / 60_000) * 60_000;
    const last = line.lastBucket;
    if (last && line.lastBucketIn === this.pending && last.minuteAt === minuteAt && last.orderId === line.order) return last;
    const key = `${line.settings.config.id}|${minuteAt}|${line.order}`;
    let b = this.pending.get(key);
    if (!b) {
      b = { lineId: line.settings.config.id, minuteAt, orderId: line.order, good: 0, reject: 0, runMs: 0, gapGood: 0, gapReject: 0 };
      this.pending.set(key, b);
    }
    line.lastBucket = b;
    line.lastBucketIn = this.pending;
    return b;
  }

  private add(line: LineRun, at: number, signal: Signal, n: number, gap: boolean): void {
    const b = this.bucket(line, at);
    b[signal] += n;
    if (gap) {
      if (signal === 'good') b.gapGood += n;
      else b.gapReject += n;
    }
  }

  /** Writes everything counted so far, with the baselines it was counted up to, in one transaction. */
  flush(): void {
    const now = this.deps.now();
    const baselines: CountedBaseline[] = [];
    const samples: RawCounterSample[] = [];
    for (const line of this.lines.values()) {
      if (now > line.accruedTo) {
        this.accrue(line, line.state, line.noData, line.accruedTo, now, 1);
        line.accruedTo = now;
      }
      for (const signal of ['good', 'reject'] as const) {
        const c = line.counters[signal];
        if (!c.dirty || c.last === null) continue;
        c.dirty = false;
        baselines.push({ lineId: line.settings.config.id, signal, value: c.last, at: c.lastAt });
        samples.push({ lineId: line.settings.config.id, signal, at: c.lastAt, value: c.last });
      }
      const cutoff = now - RATE_WINDOW_MS;
      line.recent.forgetUpTo(cutoff);
    }
    // Corrections can leave a negative run time in a bucket that was already written: the upsert adds it.
    const minutes = [...this.pending.values()].filter((m) => m.good || m.reject || m.runMs || m.gapGood || m.gapReject);
    const counterEvents = this.counterEvents;
    const stateSamples = this.stateSamples;
    if (minutes.length === 0 && baselines.length === 0 && counterEvents.length === 0 && stateSamples.length === 0) return;
    this.pending = new Map();
    this.counterEvents = [];
    this.stateSamples = [];
    const batch: FlushBatch = { minutes, baselines, counterEvents, counterSamples: samples, stateSamples };
    try {
      writeFlush(this.deps.db, batch);
    } catch (e) {
      this.restore(e as Error, batch);
      return;
    }
    this.deps.onFlushed?.(batch);
  }

  private restore(e: Error, { minutes, baselines, counterEvents, stateSamples }: FlushBatch): void {
    // Nothing is lost: put it back and try again next flush (the baselines stay dirty).
      this.deps.logger.error('Writing production rollups failed; keeping them for the next try', { error: e });
      for (const m of minutes) {
        const key = `${m.lineId}|${m.minuteAt}|${m.orderId}`;
        const b = this.pending.get(key);
        if (b) {
          b.good += m.good;
          b.reject += m.reject;
          b.runMs += m.runMs;
          b.gapGood += m.gapGood;
          b.gapReject += m.gapReject;
        } else this.pending.set(key, m);
      }
      this.counterEvents.unshift(...counterEvents);
      this.stateSamples.unshift(...stateSamples);
    for (const b of baselines) this.lines.get(b.lineId)!.counters[b.signal].dirty = true;
  }

  /** Live figures the tracker alone knows: order, rate over the last minute, whether in a gap. */
  liveOf(
    lineId: string,
    now: number,
  ): { orderId: string | null; ratePerMin: number | null; inGap: boolean; openEventId: number | null; lastGap: LinkGap | null } | null {
    const line = this.lines.get(lineId);
    if (!line) return null;
    return {
      orderId: line.order || null,
      ratePerMin: line.noData ? null : line.recent.ratePerMinute(now, RATE_WINDOW_MS, line.trackedSince),
      inGap: line.counters.good.gapFrom !== null,
      openEventId: line.openEventId,
      lastGap: line.lastGap,
    };
  }

  /** After a supervisor split the open event, the open one is the new second part. */
  refreshOpenEvent(lineId: string): void {
    const line = this.lines.get(lineId);
    if (!line) return;
    line.openEventId = openEventOf(this.deps.db, lineId)?.id ?? null;
    line.lastClosed = null;
  }

  lineIds(): string[] {
    return [...this.lines.keys()];
  }

  /** What is kept in memory, as entry counts (the retention test checks that none grows with shifts or days). */
  retained(): { lines: number; pending: number; counterEvents: number; stateSamples: number; heldLogged: number; recent: number } {
    let recent = 0;
    for (const l of this.lines.values()) recent += l.recent.length;
    return { lines: this.lines.size, pending: this.pending.size, counterEvents: this.counterEvents.length, stateSamples: this.stateSamples.length, heldLogged: this.heldLogged.size, recent };
  }
}
