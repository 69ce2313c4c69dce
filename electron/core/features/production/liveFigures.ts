import type { Figures } from '../../../../shared/contract/domains/production.ts';
import type { ReadableDb } from '../../platform/storage/db.ts';
import { type DowntimeRow, eventsOverlapping } from './downtimeRepo.ts';
import { undecidedHeldJumps } from './heldJumpRepo.ts';
import { type PeriodSpec, toFigures } from './lineFigures.ts';
import type { LineSettings } from './lineSettings.ts';
import { type FlushBatch, firstSampleAt, floorMinute, minutesOf, type MinuteRow } from './productionRepo.ts';
import { minusBreaks } from './shiftCalendar.ts';
import { addMinute, emptySums, finishFigures, type MinuteSums, observedFromOf, toDowntimeEvent } from './windowFigures.ts';

/** Minute rows of one line from the window's first minute on, sorted as `minutesOf` sorts them. */
interface LineState {
  readonly windowKey: string;
  readonly lineId: string;
  readonly fromMinute: number;
  readonly windowStart: number;
  rows: MinuteRow[];
  byKey: Map<string, MinuteRow>;
  /** Sums over rows[0, settled): minutes wholly before the last `asOf`, under `observedFrom`. */
  settled: number;
  settledSums: MinuteSums;
  settledObservedFrom: number;
  /** The latest asOf the settled sums were extended at (a clock set back starts them over). */
  settledAsOf: number;
  /** Downtime events overlapping the window (any start), null when they must be read again. */
  events: DowntimeRow[] | null;
  /** MIN(at) of the line's state samples from the window start on; undefined when it must be read again. */
  firstRaw: number | null | undefined;
  /** Undecided held jumps from the window start on; undefined when they must be read again. */
  held: { at: number; held: number }[] | undefined;
}

const NO_MINUTES: readonly MinuteRow[] = [];

/** SQLite orders TEXT (BINARY) by its UTF-8 bytes, which is code point order, not UTF-16 code unit order. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
const compareRows = (a: MinuteRow, b: MinuteRow): number => a.minuteAt - b.minuteAt || compareText(a.orderId, b.orderId);

/**
 * The live production figures of every line, kept incrementally. `lineFigures` reads a whole shift from the
 * database (every minute row, every stop, the first sample, the held parts) for every line every second;
 * here the same inputs are kept in memory per line and window: the tracker's flush hands over what it
 * wrote (minute deltas, state samples, counter events), the minutes that are wholly past keep their sums,
 * and only the current minute, the stops and the ratios are worked out each second. Stops are read again
 * only when they changed; held jumps come from the flush too; anything written elsewhere (a decision, a
 * code, retention) makes the module call `reload()`. The result is the same as `lineFigures` (same rows, same order,
 * same arithmetic: `windowFigures` is built from the same pieces), which a test checks over random samples.
 */
export class LiveFigures {
  private readonly db: ReadableDb;
  private readonly lines = new Map<string, LineState>();

  constructor(db: ReadableDb) {
    this.db = db;
  }

  /** The figures `lineFigures(db, settings, period, now)` would give. */
  figuresOf(settings: LineSettings, period: PeriodSpec, now: number): Figures {
    const w = period.window;
    const lineId = settings.config.id;
    const st = this.stateOf(lineId, w);
    const asOf = Math.max(w.start, Math.min(w.end, now));
    if (st.events === null) st.events = eventsOverlapping(this.db, { lineId, from: w.start, to: Number.MAX_SAFE_INTEGER });
    if (st.firstRaw === undefined) st.firstRaw = firstSampleAt(this.db, { lineId, from: w.start, to: Number.MAX_SAFE_INTEGER });
    if (st.held === undefined) st.held = undecidedHeldJumps(this.db, { lineId, from: w.start });
    // As the database would answer for [w.start, asOf).
    const eventRows = st.events.filter((e) => e.startAt < asOf);
    const firstRaw = st.firstRaw !== null && st.firstRaw < asOf ? st.firstRaw : null;
    const rows = st.rows;
    const firstMinuteAt = rows.length > 0 && rows[0]!.minuteAt < asOf ? rows[0]!.minuteAt : undefined;
    const observedFrom = observedFromOf(w, asOf, firstMinuteAt, firstRaw, eventRows[0]?.startAt);
    const work = minusBreaks({ start: observedFrom, end: asOf }, w.breaks);
    if (observedFrom !== st.settledObservedFrom || asOf < st.settledAsOf) {
      st.settled = 0;
      st.settledSums = emptySums();
      st.settledObservedFrom = observedFrom;
    }
    st.settledAsOf = asOf;
    // A minute wholly before asOf counts the same for every later asOf: its sums are kept.
    while (st.settled < rows.length && rows[st.settled]!.minuteAt + 60_000 <= asOf) addMinute(st.settledSums, rows[st.settled++]!, work, settings);
    const sums = { ...st.settledSums };
    for (let i = st.settled; i < rows.length && rows[i]!.minuteAt < asOf; i++) addMinute(sums, rows[i]!, work, settings);
    const events = eventRows.map((r) => toDowntimeEvent(r, settings, now));
    const f = finishFigures(sums, events, work, asOf, now, NO_MINUTES);
    // The held parts of [w.start, asOf + 1), as heldPartsIn reads them.
    const heldTo = Math.max(w.start, asOf) + 1;
    let heldParts = 0;
    for (const j of st.held) if (j.at < heldTo) heldParts += j.held;
    return toFigures(f, settings, period, heldParts);
  }

  /** What a tracker flush wrote (call after it committed). */
  flushed(batch: FlushBatch): void {
    for (const m of batch.minutes) {
      const st = this.lines.get(m.lineId);
      if (!st || m.minuteAt < st.fromMinute) continue;
      const key = `${m.minuteAt}|${m.orderId}`;
      let row = st.byKey.get(key);
      let at: number;
      if (row) {
        row.good += m.good;
        row.reject += m.reject;
        row.runMs += m.runMs;
        row.gapGood += m.gapGood;
        row.gapReject += m.gapReject;
        at = st.rows.lastIndexOf(row);
      } else {
        row = { minuteAt: m.minuteAt, orderId: m.orderId, good: m.good, reject: m.reject, runMs: m.runMs, gapGood: m.gapGood, gapReject: m.gapReject };
        st.byKey.set(key, row);
        at = st.rows.length;
        while (at > 0 && compareRows(st.rows[at - 1]!, row) > 0) at--;
        st.rows.splice(at, 0, row);
      }
      // A correction or a late row among the settled minutes: their sums are worked out again.
      if (at < st.settled) {
        st.settled = 0;
        st.settledSums = emptySums();
      }
    }
    for (const s of batch.stateSamples) {
      const st = this.lines.get(s.lineId);
      if (st && st.firstRaw !== undefined && s.at >= st.windowStart && (st.firstRaw === null || s.at < st.firstRaw)) st.firstRaw = s.at;
    }
    for (const e of batch.counterEvents) {
      const st = this.lines.get(e.lineId);
      if (st && st.held !== undefined && e.kind === 'suspect' && e.at >= st.windowStart) st.held.push({ at: e.at, held: e.held });
    }
  }

  /** A line's downtime events changed (opened, closed, coded, split). */
  downtimeChanged(lineId: string): void {
    const st = this.lines.get(lineId);
    if (st) st.events = null;
  }

  /** Something wrote outside the tracker's flush (a held jump decided, retention): read everything again. */
  reload(): void {
    this.lines.clear();
  }

  /** What is kept in memory, as entry counts (the retention test checks that it stays one window per line). */
  retained(): { lines: number; rows: number; keys: number; events: number; held: number; windowStarts: number[] } {
    let rows = 0;
    let keys = 0;
    let events = 0;
    let held = 0;
    const windowStarts: number[] = [];
    for (const st of this.lines.values()) {
      rows += st.rows.length;
      keys += st.byKey.size;
      events += st.events?.length ?? 0;
      held += st.held?.length ?? 0;
      windowStarts.push(st.windowStart);
    }
    return { lines: this.lines.size, rows, keys, events, held, windowStarts };
  }

  private stateOf(lineId: string, w: PeriodSpec['window']): LineState {
    const windowKey = `${w.start}|${w.end}|${w.breaks.map((b) => `${b.start}-${b.end}`).join(',')}`;
    const had = this.lines.get(lineId);
    if (had && had.windowKey === windowKey) return had;
    const rows = minutesOf(this.db, { lineId, from: w.start, to: Number.MAX_SAFE_INTEGER });
    const st: LineState = {
      windowKey,
      lineId,
      fromMinute: floorMinute(w.start),
      windowStart: w.start,
      rows,
      byKey: new Map(rows.map((r) => [`${r.minuteAt}|${r.orderId}`, r])),
      settled: 0,
      settledSums: emptySums(),
      settledObservedFrom: Number.NaN,
      settledAsOf: Number.NEGATIVE_INFINITY,
      events: null,
      firstRaw: undefined,
      held: undefined,
    };
    this.lines.set(lineId, st);
    return st;
  }
}
