import { spreadOverMinutes } from '../../../../shared/domain/production.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import type { CounterEventRow, Signal } from './productionRepo.ts';
import { prepared } from '../../platform/storage/prepared.ts';

/**
 * Counter events as people see them (wraps, resets, gaps, held jumps), and the supervisor's decision on a
 * held (implausible) jump. Accepting one adds its held parts to the minute rollups of the jump's span,
 * as gap parts (when in that span they were made is not known), in the same transaction as the decision.
 */

export interface HeldDecisionRow {
  decision: 'accepted' | 'rejected';
  by: string;
  byName: string;
  at: number;
  note: string;
  counted: number;
}

export interface CounterEventRecord extends CounterEventRow {
  id: number;
  decision: HeldDecisionRow | null;
}

const SELECT = `SELECT e.id, e.line_id AS lineId, e.signal, e.kind, e.from_at AS fromAt, e.at, e.before, e.after, e.counted, e.held,
       d.decision, d.decided_by AS dBy, d.by_name AS dByName, d.decided_at AS dAt, d.note AS dNote, d.counted AS dCounted
  FROM counter_event e LEFT JOIN held_jump_decision d ON d.event_id = e.id`;

type Raw = CounterEventRow & { id: number; decision: 'accepted' | 'rejected' | null; dBy: string; dByName: string; dAt: number; dNote: string; dCounted: number };

const toRecord = (r: Raw): CounterEventRecord => ({
  id: r.id,
  lineId: r.lineId,
  signal: r.signal,
  kind: r.kind,
  fromAt: r.fromAt,
  at: r.at,
  before: r.before,
  after: r.after,
  counted: r.counted,
  held: r.held,
  decision: r.decision ? { decision: r.decision, by: r.dBy, byName: r.dByName, at: r.dAt, note: r.dNote, counted: r.dCounted } : null,
});

/** Every counter event of one line that touches [from, to). */
export function counterEventRecords(db: ReadableDb, args: { lineId: string; from: number; to: number }): CounterEventRecord[] {
  return (prepared(db, `${SELECT} WHERE e.line_id = ? AND e.at >= ? AND e.from_at < ? ORDER BY e.at, e.id`).all(args.lineId, args.from, args.to) as Raw[]).map(toRecord);
}

/** Held jumps (kind 'suspect') of all lines or one, at in [from, to). */
export function heldJumpsIn(db: ReadableDb, args: { lineId?: string; from: number; to: number }): CounterEventRecord[] {
  const rows = args.lineId
    ? prepared(db, `${SELECT} WHERE e.kind = 'suspect' AND e.held > 0 AND e.line_id = ? AND e.at >= ? AND e.at < ? ORDER BY e.at, e.id`).all(args.lineId, args.from, args.to)
    : prepared(db, `${SELECT} WHERE e.kind = 'suspect' AND e.held > 0 AND e.at >= ? AND e.at < ? ORDER BY e.at, e.id`).all(args.from, args.to);
  return (rows as Raw[]).map(toRecord);
}

/** Parts of undecided held jumps of one line at in [from, to). */
export function undecidedHeldParts(db: ReadableDb, args: { lineId: string; from: number; to: number }): number {
  const r = prepared(db,
      `SELECT COALESCE(SUM(e.held), 0) AS n FROM counter_event e LEFT JOIN held_jump_decision d ON d.event_id = e.id
       WHERE e.kind = 'suspect' AND e.line_id = ? AND e.at >= ? AND e.at < ? AND d.event_id IS NULL`,
    )
    .get(args.lineId, args.from, args.to) as { n: number };
  return r.n;
}

/** The undecided held jumps of a line from `from` on (time and parts), for the live figures' running sum. */
export function undecidedHeldJumps(db: ReadableDb, args: { lineId: string; from: number }): { at: number; held: number }[] {
  return prepared(db,
      `SELECT e.at AS at, e.held AS held FROM counter_event e LEFT JOIN held_jump_decision d ON d.event_id = e.id
       WHERE e.kind = 'suspect' AND e.line_id = ? AND e.at >= ? AND d.event_id IS NULL`,
    )
    .all(args.lineId, args.from) as { at: number; held: number }[];
}

export function counterEventById(db: ReadableDb, id: number): CounterEventRecord | null {
  const r = prepared(db, `${SELECT} WHERE e.id = ?`).get(id) as Raw | undefined;
  return r ? toRecord(r) : null;
}

/**
 * Records the decision; an accepted jump's parts go into the minute rollups of [fromAt, at] (the order
 * that was running then). The caller runs this inside its transaction with the audit record.
 */
export function decideHeldJump(db: WritableDb, args: { id: number; decision: 'accepted' | 'rejected'; by: string; byName: string; at: number; note: string }): void {
  const ev = counterEventById(db, args.id);
  if (!ev) throw new Error(`Bug: counter event ${args.id} vanished inside the decision`);
  const counted = args.decision === 'accepted' ? ev.held : 0;
  prepared(db,
    `INSERT INTO held_jump_decision (event_id, decision, decided_by, by_name, decided_at, note, counted) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(args.id, args.decision, args.by, args.byName, args.at, args.note, counted);
  if (counted === 0) return;
  const order = prepared(db, `SELECT order_id AS orderId FROM production_minute WHERE line_id = ? AND minute_at <= ? ORDER BY minute_at DESC LIMIT 1`)
    .get(ev.lineId, ev.at) as { orderId: string } | undefined;
  const col: Record<Signal, [string, string]> = { good: ['good', 'gap_good'], reject: ['reject', 'gap_reject'] };
  const [c, g] = col[ev.signal];
  const up = prepared(db, `
    INSERT INTO production_minute (line_id, minute_at, order_id, ${c}, ${g}) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (line_id, minute_at, order_id) DO UPDATE SET ${c} = ${c} + excluded.${c}, ${g} = ${g} + excluded.${g}
  `);
  for (const s of spreadOverMinutes(counted, ev.fromAt, ev.at)) up.run(ev.lineId, s.minuteAt, order?.orderId ?? '', s.n, s.n);
}
