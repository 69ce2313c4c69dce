import type { Adjustment, ConfirmationView, ShiftCloseView } from '../../../../shared/contract/domains/shift.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';

export interface ShiftCloseRow {
  id: string;
  date: string;
  code: string;
  windowStart: number;
  windowEnd: number;
  closedAt: number;
  closedBy: string;
  overrideReason: string | null;
  correction: number;
  acknowledged: readonly Acknowledgement[];
}

export type Acknowledgement = ShiftCloseView['acknowledged'][number];

export function insertShiftClose(db: WritableDb, r: ShiftCloseRow): void {
  db.prepare('INSERT INTO shift_close (id, shift_date, shift_code, window_start, window_end, closed_at, closed_by, override_reason, correction, acknowledged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    r.id,
    r.date,
    r.code,
    r.windowStart,
    r.windowEnd,
    r.closedAt,
    r.closedBy,
    r.overrideReason,
    r.correction,
    JSON.stringify(r.acknowledged),
  );
}

/** Closes a reversed shift again (same row, the next correction number); only a reversed one. */
export function recloseShift(db: WritableDb, r: ShiftCloseRow): boolean {
  const res = db
    .prepare("UPDATE shift_close SET window_start = ?, window_end = ?, closed_at = ?, closed_by = ?, override_reason = ?, correction = ?, acknowledged = ?, state = 'closed' WHERE id = ? AND state = 'reversed'")
    .run(r.windowStart, r.windowEnd, r.closedAt, r.closedBy, r.overrideReason, r.correction, JSON.stringify(r.acknowledged), r.id);
  return res.changes === 1;
}

/** Marks a closed shift reversed (every posted confirmation cancelled); only a closed one. */
export function markCloseReversed(db: WritableDb, id: string, r: { at: number; by: string; reason: string }): boolean {
  return db.prepare("UPDATE shift_close SET state = 'reversed', reversed_at = ?, reversed_by = ?, reversal_reason = ? WHERE id = ? AND state = 'closed'").run(r.at, r.by, r.reason, id).changes === 1;
}

export interface CloseStateRow {
  id: string;
  date: string;
  code: string;
  state: 'closed' | 'reversed';
  closedAt: number;
  closedByName: string;
}

/** The close state of every shift that started at or after `from`, keyed "date/code". */
export function closeStatesSince(db: ReadableDb, from: number): Map<string, CloseStateRow> {
  const rows = db
    .prepare(
      `SELECT c.id, c.shift_date AS date, c.shift_code AS code, c.state, c.closed_at AS closedAt, COALESCE(u.display_name, c.closed_by) AS closedByName
       FROM shift_close c LEFT JOIN user_account u ON u.user_id = c.closed_by WHERE c.window_start >= ?`,
    )
    .all(from) as CloseStateRow[];
  return new Map(rows.map((r) => [`${r.date}/${r.code}`, r]));
}

export interface ConfirmationRow {
  id: string;
  shiftCloseId: string;
  lineId: string;
  erpOrderId: string;
  operationId: string;
  workCenter: string;
  countedGood: number;
  countedReject: number;
  yieldQty: string;
  scrapQty: string;
  reworkQty: string;
  uom: string;
  adjustments: Adjustment[];
  varianceFlag: boolean;
  kind: 'post' | 'reversal';
  reverses: string | null;
  createdAt: number;
  createdBy: string;
  correction?: number;
}

export function insertConfirmation(db: WritableDb, r: ConfirmationRow): void {
  db.prepare(
    `INSERT INTO shift_confirmation (id, shift_close_id, line_id, erp_order_id, operation_id, work_center, counted_good, counted_reject, yield_qty, scrap_qty, rework_qty, uom, adjustments, variance_flag, kind, reverses, created_at, created_by, correction)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.shiftCloseId, r.lineId, r.erpOrderId, r.operationId, r.workCenter, r.countedGood, r.countedReject, r.yieldQty, r.scrapQty, r.reworkQty, r.uom, JSON.stringify(r.adjustments), r.varianceFlag ? 1 : 0, r.kind, r.reverses, r.createdAt, r.createdBy, r.correction ?? 0);
}

export function markReversed(db: WritableDb, id: string, by: string): void {
  db.prepare('UPDATE shift_confirmation SET reversed_by = ? WHERE id = ? AND reversed_by IS NULL').run(by, id);
}

interface Row {
  id: string;
  shift_close_id: string;
  line_id: string;
  erp_order_id: string;
  operation_id: string;
  counted_good: number;
  counted_reject: number;
  yield_qty: string;
  scrap_qty: string;
  rework_qty: string;
  uom: string;
  adjustments: string;
  variance_flag: number;
  kind: 'post' | 'reversal';
  reverses: string | null;
  reversed_by: string | null;
  created_at: number;
  created_by: string;
  state: string;
  work_center: string;
  correction: number;
  last_error: string | null;
}

/** Codes an ERP adapter gives a confirmation another console already posted (RestErp: ALREADY_IN_ERP). */
const CONFLICT_CODES = new Set(['ALREADY_IN_ERP', 'ALREADY_IN_REMOTE']);

/** The conflict with another console's posting, in words, when the outbox item was refused for one. */
function conflictOf(r: Pick<Row, 'state' | 'last_error'>): string | null {
  if (r.state !== 'rejected' || !r.last_error) return null;
  try {
    const e = JSON.parse(r.last_error) as { code?: string; message?: string };
    return e.code && CONFLICT_CODES.has(e.code) ? (e.message ?? null) : null;
  } catch {
    return null;
  }
}

const toView = (r: Row): ConfirmationView => ({
  id: r.id,
  lineId: r.line_id,
  erpOrderId: r.erp_order_id,
  operationId: r.operation_id,
  countedGood: r.counted_good,
  countedReject: r.counted_reject,
  yieldQty: r.yield_qty,
  scrapQty: r.scrap_qty,
  reworkQty: r.rework_qty,
  uom: r.uom,
  adjustments: JSON.parse(r.adjustments) as Adjustment[],
  varianceFlag: r.variance_flag === 1,
  kind: r.kind,
  reverses: r.reverses,
  reversedBy: r.reversed_by,
  outboxState: r.state,
  createdAt: r.created_at,
  createdBy: r.created_by,
  correction: r.correction ?? 0,
  conflict: conflictOf(r),
});

export function confirmationById(db: ReadableDb, id: string): (ConfirmationView & { shiftCloseId: string; workCenter: string }) | undefined {
  const r = db.prepare('SELECT c.*, o.state, o.last_error FROM shift_confirmation c JOIN outbox o ON o.id = c.id WHERE c.id = ?').get(id) as Row | undefined;
  return r ? { ...toView(r), shiftCloseId: r.shift_close_id, workCenter: r.work_center } : undefined;
}

interface CloseRow {
  id: string;
  shift_date: string;
  shift_code: string;
  window_start: number;
  window_end: number;
  closed_at: number;
  closed_by: string;
  override_reason: string | null;
  state: 'closed' | 'reversed';
  correction: number;
  reversed_at: number | null;
  reversed_by: string | null;
  reversal_reason: string | null;
  acknowledged: string;
}

const nameOf = (db: ReadableDb, userId: string): string => (db.prepare('SELECT display_name FROM user_account WHERE user_id = ?').get(userId) as { display_name: string } | undefined)?.display_name ?? userId;

function closeView(db: ReadableDb, c: CloseRow): ShiftCloseView {
  const rows = db.prepare('SELECT c.*, o.state, o.last_error FROM shift_confirmation c JOIN outbox o ON o.id = c.id WHERE c.shift_close_id = ? ORDER BY c.created_at, c.rowid').all(c.id) as Row[];
  return {
    id: c.id,
    date: c.shift_date,
    code: c.shift_code,
    windowStart: c.window_start,
    windowEnd: c.window_end,
    closedAt: c.closed_at,
    closedBy: c.closed_by,
    overrideReason: c.override_reason,
    confirmations: rows.map(toView),
    closedByName: nameOf(db, c.closed_by),
    state: c.state,
    correction: c.correction,
    reversedAt: c.reversed_at,
    reversedByName: c.reversed_by === null ? null : nameOf(db, c.reversed_by),
    reversalReason: c.reversal_reason,
    acknowledged: JSON.parse(c.acknowledged) as Acknowledgement[],
  };
}

export function shiftCloseOf(db: ReadableDb, date: string, code: string): ShiftCloseView | null {
  const c = db.prepare('SELECT * FROM shift_close WHERE shift_date = ? AND shift_code = ?').get(date, code) as CloseRow | undefined;
  return c ? closeView(db, c) : null;
}

export function shiftCloseById(db: ReadableDb, id: string): ShiftCloseView | null {
  const c = db.prepare('SELECT * FROM shift_close WHERE id = ?').get(id) as CloseRow | undefined;
  return c ? closeView(db, c) : null;
}

export function recentShiftCloses(db: ReadableDb, limit: number): ShiftCloseView[] {
  return (db.prepare('SELECT * FROM shift_close ORDER BY closed_at DESC LIMIT ?').all(limit) as CloseRow[]).map((c) => closeView(db, c));
}
