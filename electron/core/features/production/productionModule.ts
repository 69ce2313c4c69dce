import type { LineProduction } from '../../../../shared/domain/line.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { ProductionSource } from '../../platform/linefeed/liveLines.ts';
import type { FeedBatch } from '../../platform/linefeed/lineFeed.ts';
import { downtimeHandlers } from './downtimeHandlers.ts';
import { productionHandlers, shiftReport } from './productionHandlers.ts';
import { getEvent } from './downtimeRepo.ts';
import { ProductionTracker } from './ProductionTracker.ts';
import { pruneProduction, shiftRollupsOf, upsertShiftRollup } from './productionRepo.ts';
import { shiftFor } from './reportWindows.ts';
import { shiftDaysKept } from './shiftCalendar.ts';
import { windowFigures } from './windowFigures.ts';
import { shiftPeriod } from './lineFigures.ts';
import { LiveFigures } from './liveFigures.ts';
import { DisposableStore } from '../../platform/ports/disposableStore.ts';

type Keys = 'production.lineDetail' | 'production.shiftSummary' | 'production.heldJumps' | 'production.decideHeldJump' | 'downtime.list' | 'downtime.reasons' | 'downtime.setReason' | 'downtime.split' | 'downtime.addNote';

export interface ProductionModuleOptions {
  /** How often rollups are written and live figures recomputed. Default 1000 ms. */
  flushMs?: number;
  /** How often retention runs. Default one hour. */
  pruneMs?: number;
}

/**
 * Production, downtime and OEE: listens to every line's counters, state and order (the line feed), keeps the
 * rollups, serves the production and downtime commands, and hands live figures to the LivePump.
 */
export function createProductionModule(ctx: CoreContext, options: ProductionModuleOptions = {}): CoreModule<Keys> & { tracker: ProductionTracker; flush(): void; retained(): Record<string, number> } {
  const { db, config: plant, ports } = ctx;
  const clock = ports.clock;
  const log = ctx.log.child({ component: 'production' });
  const changedLines = new Set<string>();
  // The live figures are kept incrementally from what the tracker writes (liveFigures.ts).
  const figures = new LiveFigures(db);
  const tracker = new ProductionTracker({
    db,
    plant,
    logger: log,
    now: () => clock.now(),
    onDowntimeChanged: (id) => {
      changedLines.add(id);
      figures.downtimeChanged(id);
    },
    onFlushed: (batch) => figures.flushed(batch),
  });

  let revision = 0;
  let live = new Map<string, LineProduction>();
  let liveKey = '';
  const source: ProductionSource = { revision: () => revision, of: (id) => live.get(id) ?? null };

  function recomputeLive(): void {
    const now = clock.now();
    const shift = shiftFor(plant, 'current', now);
    const running = shift && now < shift.end ? shift : null;
    const next = new Map<string, LineProduction>();
    for (const l of plant.lines) {
      const settings = tracker.settingsOf(l.id)!;
      const t = tracker.liveOf(l.id, now);
      // The same figures the shift view and the line view get from lineFigures for this period, kept
      // incrementally instead of reading the whole shift from the database every second (liveFigures.ts).
      const f = running ? figures.figuresOf(settings, shiftPeriod(running, 'current', now), now) : null;
      const open = t?.openEventId ? getEvent(db, t.openEventId) : undefined;
      const reason = open?.reasonCode ? settings.reasons.get(open.reasonCode) : undefined;
      next.set(l.id, {
        orderId: t?.orderId ?? null,
        ratePerMin: t?.ratePerMin === null || t?.ratePerMin === undefined ? null : Math.round(t.ratePerMin * 10) / 10,
        targetRatePerMin: settings.targetRateFor(t?.orderId ?? null),
        shift: running ? { id: running.id, name: running.name, start: running.start, end: running.end } : null,
        good: f?.good ?? 0,
        reject: f?.reject ?? 0,
        availability: f?.availability ?? null,
        performance: f?.performance ?? null,
        quality: f?.quality ?? null,
        oee: f?.oee ?? null,
        downtime: open
          ? {
              eventId: open.id,
              state: open.state,
              since: open.startAt,
              coded: open.reasonCode !== null,
              reasonLabel: reason?.path ?? open.reasonCode,
              micro: !open.noData && now - open.startAt < settings.microStopMs,
              noData: open.noData,
            }
          : null,
        uncodedCount: f?.uncodedCount ?? 0,
        gap: (f?.gapParts ?? 0) > 0 || (t?.inGap ?? false),
        ...(f ? { period: f.period } : {}),
        warning: f?.warning ?? null,
        heldParts: f?.heldParts ?? 0,
      });
    }
    // Rounded ratios keep the key from changing on every tick when nothing visible changed.
    const key = JSON.stringify([...next.values()].map((p) => [p.ratePerMin, p.good, p.reject, p.orderId, p.downtime, p.uncodedCount, p.gap, p.period?.label, p.period?.start, p.warning, p.heldParts, round(p.oee), round(p.availability), round(p.performance), round(p.quality)]));
    live = next;
    if (key !== liveKey) {
      liveKey = key;
      revision++;
    }
  }

  /** When a shift has ended, its per-shift rollup is written once per line (and again if missing at start). */
  let lastShiftId: string | null = null;
  function rollUpEndedShift(): void {
    const now = clock.now();
    const prev = shiftFor(plant, 'current', now);
    const ended = prev && prev.end <= now ? prev : shiftFor(plant, 'previous', now);
    if (!ended || ended.id === lastShiftId) return;
    lastShiftId = ended.id;
    const have = new Set(shiftRollupsOf(db, ended.id).map((r) => r.lineId));
    const report = shiftReport({ db, plant, tracker }, ended, now);
    db.transaction(() => {
      for (const l of report.lines) {
        if (have.has(l.lineId)) continue;
        const settings = tracker.settingsOf(l.lineId)!;
        const f = windowFigures(db, settings, ended, now);
        upsertShiftRollup(db, {
          lineId: l.lineId,
          shiftId: ended.id,
          shiftName: ended.name,
          startAt: ended.start,
          endAt: ended.end,
          good: f.good,
          reject: f.reject,
          runMs: Math.max(0, f.runMs),
          plannedMs: f.plannedMs,
          idealMs: Math.round(f.idealMs),
          downtimeMs: f.plannedDowntimeMs + f.unplannedDowntimeMs,
          uncodedCount: f.uncodedCount,
          gap: f.gapParts > 0,
          writtenAt: now,
        });
      }
    })();
  }

  function flush(): void {
    tracker.flush();
  }

  function onTimer(): void {
    try {
      flush();
      recomputeLive();
      rollUpEndedShift();
    } catch (e) {
      log.error('Production update failed', { error: e as Error });
    }
    if (changedLines.size > 0) {
      const lineIds = [...changedLines];
      changedLines.clear();
      ctx.publish('downtime.changed', { at: clock.now(), lineIds });
    }
  }

  function prune(): void {
    const now = clock.now();
    try {
      const r = pruneProduction(db, {
        rawBefore: now - plant.productionStorage.rawRetentionHours * 3_600_000,
        minuteBefore: now - plant.productionStorage.minuteRetentionDays * 86_400_000,
      });
      if (r.raw + r.minutes > 0) {
        figures.reload();
        log.info('Production retention pruned rows', r);
      }
    } catch (e) {
      log.error('Production retention failed', { error: e as Error });
    }
  }

  const disposables = new DisposableStore();
  const handlers = {
    ...productionHandlers({
      db,
      plant,
      tracker,
      flush,
      changed: () => {
        figures.reload();
        recomputeLive();
      },
    }),
    ...downtimeHandlers({
      db,
      plant,
      tracker,
      changed: (lineId) => {
        tracker.refreshOpenEvent(lineId);
        changedLines.add(lineId);
        figures.reload();
        recomputeLive();
      },
    }),
  };

  return {
    tracker,
    flush,
    handlers,
    /** What the module keeps in memory, as entry counts: live figures, tracker, the shift days memo. */
    retained() {
      const f = figures.retained();
      const t = tracker.retained();
      return {
        'figures.lines': f.lines,
        'figures.rows': f.rows,
        'figures.keys': f.keys,
        'figures.events': f.events,
        'figures.held': f.held,
        'tracker.lines': t.lines,
        'tracker.pending': t.pending,
        'tracker.counterEvents': t.counterEvents,
        'tracker.stateSamples': t.stateSamples,
        'tracker.heldLogged': t.heldLogged,
        'tracker.recent': t.recent,
        'live.lines': live.size,
        'changedLines': changedLines.size,
        'shiftDays': shiftDaysKept(plant.shiftCalendar),
      };
    },
    start() {
      const feed = ctx.feed;
      // The gateway reads the server's StartTime before it re-reads the tags after a gap: a new one tells the
      // tracker, before the re-read values arrive, that the counters may have started again from 0.
      const startTimes = new Map<string, number | null>(ctx.config.controllers.map((c) => [c.id, feed.state(c.id)?.serverStartTime ?? null]));
      disposables.add(
        feed.onDidChangeState((controllerId, s) => {
          const next = s.serverStartTime ?? null;
          const startTime = startTimes.get(controllerId) ?? null;
          if (next !== null && startTime !== null && next !== startTime) tracker.controllerRestarted(feed.lineIdsOf(controllerId), clock.now());
          if (next !== null) startTimes.set(controllerId, next);
        }),
      );
      disposables.add(feed.onDidCloseGap((gap, lineIds) => tracker.gapClosed(lineIds, gap)));
      // The feed hands the current-order tags of a batch over first: counts in the same batch belong to the
      // order that is running.
      // A state change writes its downtime event at once. The state changes of one publish response are one
      // transaction: one WAL sync (synchronous = FULL) for the batch instead of one per line that changed,
      // each of which held the event loop (and every value behind it) for a disk flush.
      // One clock reading per batch (the values of one publish response arrive together), not one per value.
      const ingestBatch = (items: FeedBatch['items'], now: number): void => {
        for (const { value, owners } of items) {
          for (const o of owners) if (o.kind !== 'signal' && o.kind !== 'speed') tracker.ingest(o.lineId, o.kind, value, now);
        }
      };
      const ingestInOneTransaction = db.transaction(ingestBatch);
      const writesIn = (items: FeedBatch['items']): boolean => {
        for (const i of items) for (const o of i.owners) if (o.kind === 'state') return true;
        return false;
      };
      disposables.add(
        feed.onValues((batch) => {
          if (!batch.hasLineTags) return;
          const now = clock.now();
          if (writesIn(batch.items)) ingestInOneTransaction(batch.items, now);
          else ingestBatch(batch.items, now);
        }),
      );
      disposables.add(clock.setInterval(options.flushMs ?? 1000, onTimer));
      disposables.add(clock.setInterval(options.pruneMs ?? 3_600_000, prune));
      prune();
      recomputeLive();
      ctx.pump.setProductionSource(source);
    },
    dispose() {
      ctx.pump.setProductionSource(null);
      disposables.clear();
      try {
        flush();
      } catch (e) {
        log.error('Final production flush failed', { error: e as Error });
      }
    },
  };
}

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000));
