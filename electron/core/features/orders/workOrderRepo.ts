import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';
import type { WorkOrder } from '../../platform/erp/erpTypes.ts';

/** The ERP's released orders, cached so the shift close works offline. */
export function upsertWorkOrders(db: WritableDb, orders: readonly WorkOrder[], fetchedAt: number): void {
  const upOrder = db.prepare(
    `INSERT INTO work_order (erp_order_id, plant, order_type, material, planned_qty, confirmed_yield, uom, status, last_change, fetched_at)
     VALUES (@id, @plant, @type, @material, @planned, @confirmed, @uom, @status, @lastChange, @fetchedAt)
     ON CONFLICT (erp_order_id) DO UPDATE SET plant = excluded.plant, order_type = excluded.order_type, material = excluded.material,
       planned_qty = excluded.planned_qty, confirmed_yield = excluded.confirmed_yield, uom = excluded.uom, status = excluded.status,
       last_change = excluded.last_change, fetched_at = excluded.fetched_at`,
  );
  const upOp = db.prepare(
    `INSERT INTO work_order_operation (erp_order_id, operation_id, sequence, text, work_center, uom, planned_qty, confirmed_yield, confirmed_scrap, released, confirmed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (erp_order_id, operation_id, sequence) DO UPDATE SET text = excluded.text, work_center = excluded.work_center, uom = excluded.uom,
       planned_qty = excluded.planned_qty, confirmed_yield = excluded.confirmed_yield, confirmed_scrap = excluded.confirmed_scrap,
       released = excluded.released, confirmed = excluded.confirmed`,
  );
  db.transaction(() => {
    for (const o of orders) {
      upOrder.run({ id: o.erpOrderId, plant: o.plantId, type: o.type, material: o.material, planned: o.plannedQty, confirmed: o.confirmedYield, uom: o.uom, status: JSON.stringify(o.status), lastChange: o.lastChange, fetchedAt });
      for (const op of o.operations) upOp.run(o.erpOrderId, op.operationId, op.sequence, op.text, op.workCenterId, op.uom, op.plannedQty, op.confirmedYield, op.confirmedScrap, op.released ? 1 : 0, op.confirmed ? 1 : 0);
    }
  })();
}

interface OrderRow {
  erp_order_id: string;
  plant: string;
  order_type: string;
  material: string;
  planned_qty: string;
  confirmed_yield: string;
  uom: string;
  status: string;
  last_change: string | null;
  fetched_at: number;
}
interface OpRow {
  erp_order_id: string;
  operation_id: string;
  sequence: string;
  text: string;
  work_center: string;
  uom: string;
  planned_qty: string;
  confirmed_yield: string;
  confirmed_scrap: string;
  released: number;
  confirmed: number;
}

export type CachedWorkOrder = WorkOrder & { fetchedAt: number };

export function listWorkOrders(db: ReadableDb, filter: { workCenter?: string; ids?: readonly string[] } = {}): CachedWorkOrder[] {
  const ops = (filter.workCenter
    ? db.prepare('SELECT * FROM work_order_operation WHERE work_center = ? ORDER BY erp_order_id, operation_id').all(filter.workCenter)
    : db.prepare('SELECT * FROM work_order_operation ORDER BY erp_order_id, operation_id').all()) as OpRow[];
  const wanted = filter.ids ? new Set(filter.ids) : null;
  const ids = [...new Set(ops.map((o) => o.erp_order_id))].filter((id) => !wanted || wanted.has(id));
  const getOrder = db.prepare('SELECT * FROM work_order WHERE erp_order_id = ?');
  return ids.flatMap((id) => {
    const r = getOrder.get(id) as OrderRow | undefined;
    if (!r) return [];
    return [
      {
        erpOrderId: r.erp_order_id,
        type: r.order_type,
        material: r.material,
        plantId: r.plant,
        plannedQty: r.planned_qty,
        confirmedYield: r.confirmed_yield,
        uom: r.uom,
        status: JSON.parse(r.status) as WorkOrder['status'],
        lastChange: r.last_change,
        fetchedAt: r.fetched_at,
        operations: ops
          .filter((o) => o.erp_order_id === id)
          .map((o) => ({ operationId: o.operation_id, sequence: o.sequence, text: o.text, workCenterId: o.work_center, uom: o.uom, plannedQty: o.planned_qty, confirmedYield: o.confirmed_yield, confirmedScrap: o.confirmed_scrap, released: o.released === 1, confirmed: o.confirmed === 1 })),
      },
    ];
  });
}

export function getWorkOrder(db: ReadableDb, id: string): CachedWorkOrder | undefined {
  return listWorkOrders(db, { ids: [id] })[0];
}

export function countWorkOrders(db: ReadableDb): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM work_order').get() as { n: number }).n;
}

export interface SyncState {
  lastChange: string | null;
  lastFull: number | null;
  lastDelta: number | null;
  lastError: string | null;
}

export function getSync(db: ReadableDb, target: string): SyncState {
  const r = db.prepare('SELECT * FROM erp_sync WHERE target = ?').get(target) as { last_change: string | null; last_full: number | null; last_delta: number | null; last_error: string | null } | undefined;
  return { lastChange: r?.last_change ?? null, lastFull: r?.last_full ?? null, lastDelta: r?.last_delta ?? null, lastError: r?.last_error ?? null };
}

export function saveSync(db: WritableDb, target: string, s: SyncState): void {
  db.prepare(
    `INSERT INTO erp_sync (target, last_change, last_full, last_delta, last_error) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (target) DO UPDATE SET last_change = excluded.last_change, last_full = excluded.last_full, last_delta = excluded.last_delta, last_error = excluded.last_error`,
  ).run(target, s.lastChange, s.lastFull, s.lastDelta, s.lastError);
}

export interface LineOrderRow {
  lineId: string;
  erpOrderId: string;
  operationId: string;
  source: 'supervisor' | 'controller';
  setBy: string;
  setAt: number;
}

export function setLineOrder(db: WritableDb, r: LineOrderRow): void {
  db.prepare(
    `INSERT INTO line_order (line_id, erp_order_id, operation_id, source, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (line_id) DO UPDATE SET erp_order_id = excluded.erp_order_id, operation_id = excluded.operation_id, source = excluded.source, set_by = excluded.set_by, set_at = excluded.set_at`,
  ).run(r.lineId, r.erpOrderId, r.operationId, r.source, r.setBy, r.setAt);
}

export function lineOrders(db: ReadableDb): LineOrderRow[] {
  return (db.prepare('SELECT * FROM line_order ORDER BY line_id').all() as { line_id: string; erp_order_id: string; operation_id: string; source: 'supervisor' | 'controller'; set_by: string; set_at: number }[]).map((r) => ({
    lineId: r.line_id,
    erpOrderId: r.erp_order_id,
    operationId: r.operation_id,
    source: r.source,
    setBy: r.set_by,
    setAt: r.set_at,
  }));
}
