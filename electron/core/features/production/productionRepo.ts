import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import { prepared } from '../../platform/storage/prepared.ts';

/**
 * Production records: per-minute rollups per line and running order, per-shift rollups, the counted
 * baseline, raw samples and counter events. Small synchronous functions over prepared statements.
 *
 * Read by other features: shift close (`productionByOrder`) and quality holds (`productionInWindow`).
 * Windows are [from, to) in epoch ms, on minute boundaries (a partial minute counts whole).
 */

export type Signal = 'good' | 'reject';

export interface MinuteDelta {
  lineId: string;
  /** Epoch ms, a multiple of 60 000. */
  minuteAt: number;
  /** '' when the controller reports no order. */
  orderId: string;
  good: number;
  reject: number;
  runMs: number;
  gapGood: number;
  gapReject: number;
}

export interface CountedBaseline {
  lineId: string;
  signal: Signal;
  value: number;
  at: number;
}

export interface CounterEventRow {
  lineId: string;
  signal: Signal;
  kind: 'wrap' | 'reset' | 'gap' | 'suspect';
  fromAt: number;
  at: number;
  before: number;
  after: number;
  counted: number;
  held: number;
}

export interface RawCounterSample {
  lineId: string;
  signal: Signal;
  at: number;
  value: number;
}

export interface RawStateSample {
  lineId: string;
  at: number;
  raw: string | null;
  state: string;
}

/** Everything one flush writes, in one transaction: rollups and the baseline they were counted up to. */
export interface FlushBatch {
  minutes: readonly MinuteDelta[];
  baselines: readonly CountedBaseline[];
  counterEvents: readonly CounterEventRow[];
  counterSamples: readonly RawCounterSample[];
  stateSamples: readonly RawStateSample[];
}

export function writeFlush(db: WritableDb, batch: FlushBatch): void {
  const minute = prepared(db, `
    INSERT INTO production_minute (line_id, minute_at, order_id, good, reject, run_ms, gap_good, gap_reject)
    VALUES (@lineId, @minuteAt, @orderId, @good, @reject, @runMs, @gapGood, @gapReject)
    ON CONFLICT (line_id, minute_at, order_id) DO UPDATE SET
      good = good + excluded.good, reject = reject + excluded.reject, run_ms = run_ms + excluded.run_ms,
      gap_good = gap_good + excluded.gap_good, gap_reject = gap_reject + excluded.gap_reject
  `);
  const base = prepared(db, `
    INSERT INTO production_counter (line_id, signal, value, at) VALUES (@lineId, @signal, @value, @at)
    ON CONFLICT (line_id, signal) DO UPDATE SET value = excluded.value, at = excluded.at
  `);
  const event = prepared(db, `
    INSERT INTO counter_event (line_id, signal, kind, from_at, at, before, after, counted, held)
    VALUES (@lineId, @signal, @kind, @fromAt, @at, @before, @after, @counted, @held)
  `);
  const cs = prepared(db, 'INSERT INTO counter_sample (line_id, signal, at, value) VALUES (@lineId, @signal, @at, @value)');
  const ss = prepared(db, 'INSERT INTO state_sample (line_id, at, raw, state) VALUES (@lineId, @at, @raw, @state)');
  db.transaction(() => {
    for (const m of batch.minutes) minute.run(m);
    for (const b of batch.baselines) base.run(b);
    for (const e of batch.counterEvents) event.run(e);
    for (const s of batch.counterSamples) cs.run(s);
    for (const s of batch.stateSamples) ss.run(s);
  })();
}

export function listCountedBaselines(db: ReadableDb): CountedBaseline[] {
  return (prepared(db, 'SELECT line_id AS lineId, signal, value, at FROM production_counter ORDER BY line_id, signal').all() as CountedBaseline[]);
}

export interface MinuteRow {
  minuteAt: number;
  orderId: string;
  good: number;
  reject: number;
  runMs: number;
  gapGood: number;
  gapReject: number;
}

export function minutesOf(db: ReadableDb, args: { lineId: string; from: number; to: number }): MinuteRow[] {
  return prepared(db,
      `SELECT minute_at AS minuteAt, order_id AS orderId, good, reject, run_ms AS runMs, gap_good AS gapGood, gap_reject AS gapReject
       FROM production_minute WHERE line_id = ? AND minute_at >= ? AND minute_at < ? ORDER BY minute_at, order_id`,
    )
    .all(args.lineId, floorMinute(args.from), args.to) as MinuteRow[];
}

export interface OrderProduction {
  /** '' when the controller reported no order. */
  orderId: string;
  good: number;
  reject: number;
  /** Run time of the line on this order, in minutes (two decimals). */
  minutes: number;
  /** Parts of these counts were made while the console had no link and are attributed to the gap. */
  gap: boolean;
  firstAt: number;
  lastAt: number;
}

/** Per running order: good, reject and run minutes of one line in [from, to). For shift close. */
export function productionByOrder(db: ReadableDb, args: { lineId: string; from: number; to: number }): OrderProduction[] {
  const rows = prepared(db,
      `SELECT order_id AS orderId, SUM(good) AS good, SUM(reject) AS reject, SUM(run_ms) AS runMs,
              SUM(gap_good + gap_reject) AS gapParts, MIN(minute_at) AS firstAt, MAX(minute_at) + 60000 AS lastAt
       FROM production_minute WHERE line_id = ? AND minute_at >= ? AND minute_at < ?
       GROUP BY order_id ORDER BY MIN(minute_at)`,
    )
    .all(args.lineId, floorMinute(args.from), args.to) as { orderId: string; good: number; reject: number; runMs: number; gapParts: number; firstAt: number; lastAt: number }[];
  return rows.map((r) => ({
    orderId: r.orderId,
    good: r.good,
    reject: r.reject,
    minutes: Math.round(r.runMs / 600) / 100,
    gap: r.gapParts > 0,
    firstAt: r.firstAt,
    lastAt: r.lastAt,
  }));
}

export interface WindowProduction {
  good: number;
  reject: number;
  gap: boolean;
  /** Distinct orders seen in the window, in order of first appearance ('' = no order). */
  orderIds: string[];
}

/** Good and reject of one line (optionally one order) in [from, to). For quality holds. */
export function productionInWindow(db: ReadableDb, args: { lineId: string; from: number; to: number; orderId?: string }): WindowProduction {
  const rows = productionByOrder(db, args).filter((r) => args.orderId === undefined || r.orderId === args.orderId);
  return {
    good: rows.reduce((n, r) => n + r.good, 0),
    reject: rows.reduce((n, r) => n + r.reject, 0),
    gap: rows.some((r) => r.gap),
    orderIds: rows.map((r) => r.orderId),
  };
}

export interface CounterEventView extends CounterEventRow {
  id: number;
}

export function counterEventsOf(db: ReadableDb, args: { lineId: string; from: number; to: number }): CounterEventView[] {
  return prepared(db,
      `SELECT id, line_id AS lineId, signal, kind, from_at AS fromAt, at, before, after, counted, held
       FROM counter_event WHERE line_id = ? AND at >= ? AND from_at < ? ORDER BY at`,
    )
    .all(args.lineId, args.from, args.to) as CounterEventView[];
}

export interface ShiftRollup {
  lineId: string;
  shiftId: string;
  shiftName: string;
  startAt: number;
  endAt: number;
  good: number;
  reject: number;
  runMs: number;
  plannedMs: number;
  idealMs: number;
  downtimeMs: number;
  uncodedCount: number;
  gap: boolean;
  writtenAt: number;
}

export function upsertShiftRollup(db: WritableDb, r: ShiftRollup): void {
  prepared(db,
    `INSERT INTO production_shift (line_id, shift_id, shift_name, start_at, end_at, good, reject, run_ms, planned_ms, ideal_ms, downtime_ms, uncoded_count, gap, written_at)
     VALUES (@lineId, @shiftId, @shiftName, @startAt, @endAt, @good, @reject, @runMs, @plannedMs, @idealMs, @downtimeMs, @uncodedCount, @gap, @writtenAt)
     ON CONFLICT (line_id, shift_id) DO UPDATE SET good = excluded.good, reject = excluded.reject, run_ms = excluded.run_ms,
       planned_ms = excluded.planned_ms, ideal_ms = excluded.ideal_ms, downtime_ms = excluded.downtime_ms,
       uncoded_count = excluded.uncoded_count, gap = excluded.gap, written_at = excluded.written_at`,
  ).run({ ...r, gap: r.gap ? 1 : 0 });
}

export function shiftRollupsOf(db: ReadableDb, shiftId: string): ShiftRollup[] {
  const rows = prepared(db,
      `SELECT line_id AS lineId, shift_id AS shiftId, shift_name AS shiftName, start_at AS startAt, end_at AS endAt, good, reject,
              run_ms AS runMs, planned_ms AS plannedMs, ideal_ms AS idealMs, downtime_ms AS downtimeMs, uncoded_count AS uncodedCount,
              gap, written_at AS writtenAt
       FROM production_shift WHERE shift_id = ? ORDER BY line_id`,
    )
    .all(shiftId) as (Omit<ShiftRollup, 'gap'> & { gap: number })[];
  return rows.map((r) => ({ ...r, gap: r.gap === 1 }));
}

/** Retention: raw samples older than `rawBefore`, minute rollups older than `minuteBefore`. Shift rollups stay. */
export function pruneProduction(db: WritableDb, args: { rawBefore: number; minuteBefore: number }): { raw: number; minutes: number } {
  return db.transaction(() => {
    const a = prepared(db, 'DELETE FROM counter_sample WHERE at < ?').run(args.rawBefore).changes;
    const b = prepared(db, 'DELETE FROM state_sample WHERE at < ?').run(args.rawBefore).changes;
    const c = prepared(db, 'DELETE FROM production_minute WHERE minute_at < ?').run(floorMinute(args.minuteBefore)).changes;
    return { raw: a + b, minutes: c };
  })();
}

/** When the console first recorded anything raw for the line in [from, to): null when nothing (or pruned). */
export function firstSampleAt(db: ReadableDb, args: { lineId: string; from: number; to: number }): number | null {
  const r = prepared(db, 'SELECT MIN(at) AS at FROM state_sample WHERE line_id = ? AND at >= ? AND at < ?').get(args.lineId, args.from, args.to) as { at: number | null };
  return r.at;
}

export const floorMinute = (t: number): number => Math.floor(t / 60_000) * 60_000;
