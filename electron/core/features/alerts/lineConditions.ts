import { type AlertsConfig, downtimePriority, suppressedFor } from '../../../../shared/domain/alert.ts';
import type { LineSnapshot } from '../../../../shared/domain/line.ts';
import type { AlertSource } from '../../../../shared/domain/alert.ts';
import type { Condition } from './AlertService.ts';
import { englishOf } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';

/** A text the console writes for an alert: its catalogue message (shown in the reader's language) and the English text kept beside it. */
const said = (title: Message, detail: Message) => ({ title: englishOf(title), detail: englishOf(detail), titleMsg: title, detailMsg: detail });

/** The sources this evaluator owns: the service clears their alerts when a condition is no longer seen. */
export const LINE_SOURCES: readonly AlertSource[] = ['downtime', 'link', 'rate', 'reject'];

/** What the evaluator remembers between ticks (when a slow rate began, recent counter readings). */
export interface ConditionMemory {
  linkBadSince: Map<string, number>;
  rateLowSince: Map<string, number>;
  counters: Map<string, { at: number; good: number; reject: number }[]>;
}

export const newConditionMemory = (): ConditionMemory => ({ linkBadSince: new Map(), rateLowSince: new Map(), counters: new Map() });


/**
 * The alert conditions a set of live line snapshots shows now. Pure apart from `memory`, which it
 * updates. `assetOf` maps a line to its CMMS asset (or null).
 */
export function lineConditions(cfg: AlertsConfig, lines: readonly LineSnapshot[], memory: ConditionMemory, now: number, assetOf: (lineId: string) => string | null): Condition[] {
  const out: Condition[] = [];

  // Controller link: one alert per controller, not per line.
  const byController = new Map<string, LineSnapshot[]>();
  for (const l of lines) byController.set(l.controllerId, [...(byController.get(l.controllerId) ?? []), l]);
  for (const [controllerId, ls] of byController) {
    const bad = ls.some((l) => l.link !== 'connected' || l.stale);
    if (!bad) {
      memory.linkBadSince.delete(controllerId);
      continue;
    }
    const since = memory.linkBadSince.get(controllerId) ?? now;
    memory.linkBadSince.set(controllerId, since);
    if (now - since >= cfg.linkAfterSec * 1000) {
      const stale = ls.every((l) => l.link === 'connected');
      out.push({
        key: `link:${controllerId}`,
        source: 'link',
        lineId: null,
        assetId: null,
        priority: cfg.linkPriority,
        ...said(
          msg('alerts.linkTitle', { controllerId, kind: stale ? 'stale' : 'lost' }),
          msg('alerts.linkDetail', { kind: stale ? 'stale' : 'lost', seconds: String(cfg.linkAfterSec), lines: ls.map((l) => l.lineId).join(', ') }),
        ),
        suppressed: false,
      });
    }
  }

  for (const l of lines) {
    const live = l.link === 'connected' && !l.stale;
    const p = l.production ?? null;
    const asset = assetOf(l.lineId);
    const suppressed = suppressedFor('downtime', live ? l.state : null);

    // Downtime longer than the configured rungs: severity by duration.
    const dt = p?.downtime ?? null;
    const stopState = dt ? dt.state : l.state;
    const stopSince = dt ? dt.since : l.stateSince;
    if (live && stopState !== 'running' && stopState !== 'unknown' && stopSince !== null && !(dt?.noData ?? false)) {
      const elapsed = now - stopSince;
      const pr = downtimePriority(cfg.downtime, l.lineId, stopState, elapsed);
      if (pr !== null) {
        out.push({
          key: `downtime:${l.lineId}`,
          source: 'downtime',
          lineId: l.lineId,
          assetId: asset,
          priority: pr,
          ...said(
            msg('alerts.downtimeTitle', { line: l.name, state: stopState }),
            msg('alerts.downtimeDetail', { state: stopState, event: dt ? String(dt.eventId) : 'none', coded: dt?.reasonLabel != null ? 'yes' : 'no', reason: dt?.reasonLabel ?? '' }),
          ),
          suppressed,
          downtimeEventId: dt?.eventId ?? null,
        });
      }
    }

    // Rate below target for N minutes, only while the line runs (a stop is the downtime alert's).
    if (live && l.state === 'running' && p && p.ratePerMin !== null && p.targetRatePerMin > 0 && p.ratePerMin < (p.targetRatePerMin * cfg.rateBelowPct) / 100) {
      const since = memory.rateLowSince.get(l.lineId) ?? now;
      memory.rateLowSince.set(l.lineId, since);
      if (now - since >= cfg.rateMinutes * 60_000) {
        out.push({
          key: `rate:${l.lineId}`,
          source: 'rate',
          lineId: l.lineId,
          assetId: asset,
          priority: cfg.ratePriority,
          ...said(msg('alerts.rateTitle', { line: l.name }), msg('alerts.rateDetail', { pct: String(cfg.rateBelowPct), target: String(p.targetRatePerMin), minutes: String(cfg.rateMinutes) })),
          suppressed,
        });
      }
    } else if (!(live && l.state === 'running' && p?.ratePerMin === null)) {
      memory.rateLowSince.delete(l.lineId);
    }

    // Reject share over the last minutes, from the controller's counters.
    const g = l.good.value;
    const r = l.reject.value;
    if (live && g !== null && r !== null && l.good.quality === 'good' && l.reject.quality === 'good') {
      let ring = memory.counters.get(l.lineId) ?? [];
      const last = ring[ring.length - 1];
      if (last && (g < last.good || r < last.reject)) ring = []; // a counter reset: start over
      if (!last || now - last.at >= 5_000 || ring.length === 0) ring.push({ at: now, good: g, reject: r });
      const from = now - cfg.rejectMinutes * 60_000;
      while (ring.length > 1 && ring[1]!.at <= from) ring.shift();
      memory.counters.set(l.lineId, ring);
      const first = ring[0]!;
      const made = g - first.good + (r - first.reject);
      const rejected = r - first.reject;
      if (made >= cfg.rejectMinParts && (rejected / made) * 100 > cfg.rejectPct) {
        out.push({
          key: `reject:${l.lineId}`,
          source: 'reject',
          lineId: l.lineId,
          assetId: asset,
          priority: cfg.rejectPriority,
          ...said(msg('alerts.rejectTitle', { line: l.name, pct: String(cfg.rejectPct) }), msg('alerts.rejectDetail', { pct: String(cfg.rejectPct), minutes: String(cfg.rejectMinutes) })),
          suppressed,
        });
      }
    }
  }
  return out;
}
