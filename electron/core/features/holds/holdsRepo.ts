import { type HeldQty, HoldScope, type InterlockState, scopeCovers } from '../../../../shared/domain/hold.ts';
import { minutesOf, productionByOrder, productionInWindow } from '../production/index.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import { type Message, MessageSchema } from '../../../../shared/i18n/index.ts';

/** One hold as stored. Scope fields are columns for queries and JSON for the record. */
export interface HoldRow {
  id: string;
  scope: HoldScope;
  reason: string;
  defectCategory: string;
  note: string;
  status: 'active' | 'released';
  placedAt: number;
  placedBy: string;
  placedByName: string;
  qtyGood: number;
  qtyReject: number;
  placeOutboxId: string | null;
  interlockState: InterlockState;
  interlockMessage: string | null;
  /** Why the interlock is as it is, for a person (catalogue message); null for rows written before issue 18. */
  interlockMsg: Message | null;
  interlockAt: number | null;
  releasedAt: number | null;
  releasedBy: string | null;
  releasedByName: string | null;
  confirmedBy: string | null;
  confirmedByName: string | null;
  releaseReason: string | null;
  releaseOutboxId: string | null;
  revision: number;
}

interface Raw {
  id: string;
  scope_json: string;
  reason: string;
  defect_category: string;
  note: string;
  status: 'active' | 'released';
  placed_at: number;
  placed_by: string;
  placed_by_name: string;
  qty_good: number;
  qty_reject: number;
  place_outbox_id: string | null;
  interlock_state: InterlockState;
  interlock_message: string | null;
  interlock_at: number | null;
  released_at: number | null;
  released_by: string | null;
  released_by_name: string | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  release_reason: string | null;
  release_outbox_id: string | null;
  revision: number;
}

function fromRaw(r: Raw): HoldRow {
  // The scope was validated before it was written; a row that no longer parses is a corrupted record.
  const scope = HoldScope.parse(JSON.parse(r.scope_json));
  return {
    id: r.id,
    scope,
    reason: r.reason,
    defectCategory: r.defect_category,
    note: r.note,
    status: r.status,
    placedAt: r.placed_at,
    placedBy: r.placed_by,
    placedByName: r.placed_by_name,
    qtyGood: r.qty_good,
    qtyReject: r.qty_reject,
    placeOutboxId: r.place_outbox_id,
    interlockState: r.interlock_state,
    ...readInterlockMessage(r.interlock_message),
    interlockAt: r.interlock_at,
    releasedAt: r.released_at,
    releasedBy: r.released_by,
    releasedByName: r.released_by_name,
    confirmedBy: r.confirmed_by,
    confirmedByName: r.confirmed_by_name,
    releaseReason: r.release_reason,
    releaseOutboxId: r.release_outbox_id,
    revision: r.revision,
  };
}

export interface NewHold {
  id: string;
  scope: HoldScope;
  reason: string;
  defectCategory: string;
  note: string;
  placedAt: number;
  placedBy: string;
  placedByName: string;
  qty: HeldQty;
  placeOutboxId: string | null;
  interlockState: InterlockState;
}

export function insertHold(db: WritableDb, h: NewHold): void {
  const s = h.scope;
  db.prepare(
    `INSERT INTO quality_hold (id, scope_kind, scope_json, line_id, erp_order_id, lot, window_from, window_to, reason, defect_category, note,
       placed_at, placed_by, placed_by_name, qty_good, qty_reject, place_outbox_id, interlock_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    h.id,
    s.kind,
    JSON.stringify(s),
    'lineId' in s ? (s.lineId ?? null) : null,
    s.kind === 'order' ? s.erpOrderId : null,
    s.kind === 'lot' ? s.lot : null,
    'from' in s ? s.from : null,
    'to' in s ? s.to : null,
    h.reason,
    h.defectCategory,
    h.note,
    h.placedAt,
    h.placedBy,
    h.placedByName,
    h.qty.good,
    h.qty.reject,
    h.placeOutboxId,
    h.interlockState,
  );
}

export function getHold(db: ReadableDb, id: string): HoldRow | undefined {
  const r = db.prepare('SELECT * FROM quality_hold WHERE id = ?').get(id) as Raw | undefined;
  return r ? fromRaw(r) : undefined;
}

/** Active holds first (newest first), then released ones, newest first. */
export function listHolds(db: ReadableDb, args: { includeReleased: boolean; limit: number }): HoldRow[] {
  const rows = db
    .prepare(
      `SELECT * FROM quality_hold ${args.includeReleased ? '' : "WHERE status = 'active'"}
       ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, COALESCE(released_at, placed_at) DESC LIMIT ?`,
    )
    .all(args.limit) as Raw[];
  return rows.map(fromRaw);
}

export function activeHolds(db: ReadableDb): HoldRow[] {
  return (db.prepare(`SELECT * FROM quality_hold WHERE status = 'active' ORDER BY placed_at`).all() as Raw[]).map(fromRaw);
}

/** Active holds that act on a line's controller (everything but an order hold without a line). */
export function activeHoldsOnLine(db: ReadableDb, lineId: string): HoldRow[] {
  return (db.prepare(`SELECT * FROM quality_hold WHERE status = 'active' AND line_id = ? ORDER BY placed_at`).all(lineId) as Raw[]).map(fromRaw);
}

/** A corrected resend of a hold's posting goes under a new reference: the hold follows it (outbox supersede hook). */
export function repointHoldOutbox(db: WritableDb, oldId: string, newId: string): void {
  db.prepare('UPDATE quality_hold SET place_outbox_id = ? WHERE place_outbox_id = ?').run(newId, oldId);
  db.prepare('UPDATE quality_hold SET release_outbox_id = ? WHERE release_outbox_id = ?').run(newId, oldId);
}

/**
 * The interlock's reason as stored in `interlock_message`: the English text, or (since issue 18, no new
 * column: migrations are released up to 0190) a JSON object with the text and the catalogue message a
 * person reads. A plain text (older rows) reads as it is, without a message.
 */
export function readInterlockMessage(stored: string | null): { interlockMessage: string | null; interlockMsg: Message | null } {
  if (stored?.startsWith('{')) {
    try {
      const o = JSON.parse(stored) as { text?: unknown; msg?: unknown };
      const m = MessageSchema.safeParse(o.msg);
      if (typeof o.text === 'string') return { interlockMessage: o.text, interlockMsg: m.success ? m.data : null };
    } catch {
      // Not ours: shown as it is.
    }
  }
  return { interlockMessage: stored, interlockMsg: null };
}

export function setInterlock(db: WritableDb, id: string, state: InterlockState, message: string | null, at: number, m?: Message): void {
  const stored = message !== null && m ? JSON.stringify({ text: message, msg: m }) : message;
  db.prepare('UPDATE quality_hold SET interlock_state = ?, interlock_message = ?, interlock_at = ?, revision = revision + 1 WHERE id = ?').run(state, stored, at, id);
}

/** Marks a hold released; false when it changed since the caller read it (revision) or is not active. */
export function markReleased(
  db: WritableDb,
  args: { id: string; expectedRevision: number; at: number; by: string; byName: string; confirmedBy: string; confirmedByName: string; reason: string; releaseOutboxId: string | null },
): boolean {
  const r = db
    .prepare(
      `UPDATE quality_hold SET status = 'released', released_at = ?, released_by = ?, released_by_name = ?, confirmed_by = ?, confirmed_by_name = ?,
         release_reason = ?, release_outbox_id = ?, revision = revision + 1
       WHERE id = ? AND status = 'active' AND revision = ?`,
    )
    .run(args.at, args.by, args.byName, args.confirmedBy, args.confirmedByName, args.reason, args.releaseOutboxId, args.id, args.expectedRevision);
  return r.changes === 1;
}

export interface CoveredProduction {
  qty: HeldQty;
  orders: { orderId: string; good: number; reject: number }[];
  gap: boolean;
}

/**
 * What a scope covers in the console's own production records, up to `now`. A line hold runs on
 * until released, so its quantity grows; an order hold without a line looks at every line.
 */
export function coveredProduction(db: ReadableDb, scope: HoldScope, now: number, lineIds: readonly string[]): CoveredProduction {
  const end = Math.floor(now / 60_000) * 60_000 + 60_000; // the running minute counts
  const byOrder = new Map<string, { orderId: string; good: number; reject: number }>();
  let gap = false;
  const add = (rows: { orderId: string; good: number; reject: number; gap: boolean }[]) => {
    for (const r of rows) {
      const o = byOrder.get(r.orderId) ?? { orderId: r.orderId, good: 0, reject: 0 };
      o.good += r.good;
      o.reject += r.reject;
      byOrder.set(r.orderId, o);
      gap ||= r.gap;
    }
  };
  switch (scope.kind) {
    case 'line':
      add(productionByOrder(db, { lineId: scope.lineId, from: scope.from, to: end }));
      break;
    case 'lot':
    case 'window': {
      // productionInWindow gives the totals; the per-order split comes from the same rows.
      const w = productionInWindow(db, { lineId: scope.lineId, from: scope.from, to: scope.to });
      add(productionByOrder(db, { lineId: scope.lineId, from: scope.from, to: scope.to }));
      gap ||= w.gap;
      break;
    }
    case 'order':
      for (const lineId of scope.lineId ? [scope.lineId] : lineIds) {
        add(productionByOrder(db, { lineId, from: 0, to: end }).filter((r) => r.orderId === scope.erpOrderId));
      }
      break;
  }
  const orders = [...byOrder.values()];
  return { qty: { good: orders.reduce((n, o) => n + o.good, 0), reject: orders.reduce((n, o) => n + o.reject, 0) }, orders, gap };
}

export interface HeldQuantities {
  good: number;
  reject: number;
  byOrder: { orderId: string; good: number; reject: number }[];
  /** The active holds that cover part of this window. */
  holdIds: string[];
}

/**
 * What active holds cover of one line's production in [from, to): for shift close, which shows it
 * apart and never confirms it as good. Each minute of production counts once, however many holds
 * cover it. Released holds hold nothing any more.
 */
export function heldQuantities(db: ReadableDb, args: { lineId: string; from: number; to: number }): HeldQuantities {
  const holds = activeHolds(db).filter((h) => h.scope.kind === 'order' ? h.scope.lineId === undefined || h.scope.lineId === args.lineId : 'lineId' in h.scope && h.scope.lineId === args.lineId);
  const out: HeldQuantities = { good: 0, reject: 0, byOrder: [], holdIds: [] };
  if (holds.length === 0) return out;
  const byOrder = new Map<string, { orderId: string; good: number; reject: number }>();
  const ids = new Set<string>();
  for (const m of minutesOf(db, args)) {
    const covering = holds.filter((h) => scopeCovers(h.scope, { lineId: args.lineId, minuteAt: m.minuteAt, orderId: m.orderId }));
    if (covering.length === 0) continue;
    for (const h of covering) ids.add(h.id);
    const o = byOrder.get(m.orderId) ?? { orderId: m.orderId, good: 0, reject: 0 };
    o.good += m.good;
    o.reject += m.reject;
    byOrder.set(m.orderId, o);
    out.good += m.good;
    out.reject += m.reject;
  }
  out.byOrder = [...byOrder.values()];
  out.holdIds = [...ids];
  return out;
}
