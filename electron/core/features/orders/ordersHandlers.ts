import { ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import type { RunningOrder, WorkOrderView } from '../../../../shared/contract/domains/orders.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { OrderSync } from './OrderSync.ts';
import { countWorkOrders, getSync, getWorkOrder, lineOrders, listWorkOrders, setLineOrder } from './workOrderRepo.ts';
import type { OpcuaPort } from '../../platform/opcua/opcuaTypes.ts';
import type { WritableDb } from '../../platform/storage/db.ts';

export const workCenterOf = (config: PlantConfig, lineId: string): string => config.erp?.workCenters[lineId] ?? lineId;

/**
 * The order running on each line: what the supervisor set last, else what the controller's
 * currentOrder tag says now (read with a short timeout; an unreachable controller gives nothing).
 */
export async function runningOrders(db: WritableDb, config: PlantConfig, gateways: ReadonlyMap<string, OpcuaPort>, now: number): Promise<RunningOrder[]> {
  const set = new Map(lineOrders(db).map((r) => [r.lineId, r]));
  const out: RunningOrder[] = [];
  for (const line of config.lines) {
    const s = set.get(line.id);
    if (s) {
      out.push(s);
      continue;
    }
    const tag = line.tags.currentOrder;
    const gw = gateways.get(line.controllerId);
    if (!tag || !gw) continue;
    const r = await Promise.race([gw.read([tag]), new Promise<null>((res) => setTimeout(() => res(null), 1500))]);
    const v = r && r.ok ? r.value[0] : undefined;
    if (v && v.quality === 'good' && v.value !== null && String(v.value).trim() !== '') {
      const orderId = String(v.value).trim();
      const op = getWorkOrder(db, orderId)?.operations.find((o) => o.workCenterId === workCenterOf(config, line.id))?.operationId ?? '0010';
      out.push({ lineId: line.id, erpOrderId: orderId, operationId: op, source: 'controller', setBy: line.controllerId, setAt: now });
    }
  }
  return out;
}

export function ordersHandlers(deps: { db: WritableDb; config: PlantConfig; gateways: ReadonlyMap<string, OpcuaPort>; sync: OrderSync | null }): HandlerGroup<'orders.list' | 'orders.refresh' | 'orders.running' | 'orders.setRunning'> {
  const { db, config } = deps;
  const syncView = () => {
    const s = getSync(db, 'erp');
    return { configured: deps.sync !== null, orders: countWorkOrders(db), lastFull: s.lastFull, lastDelta: s.lastDelta, lastError: s.lastError };
  };
  const view = (o: ReturnType<typeof listWorkOrders>[number]): WorkOrderView => ({ ...o, lastChange: o.lastChange ?? null });
  return {
    'orders.list': (req) => {
      if (req.lineId && !config.lines.some((l) => l.id === req.lineId)) return refuseKey('NOT_FOUND', 'lines.noLine', { lineId: req.lineId });
      const orders = listWorkOrders(db, req.lineId ? { workCenter: workCenterOf(config, req.lineId) } : {});
      return ok({ orders: orders.slice(0, 500).map(view), sync: syncView() });
    },
    'orders.refresh': async (req) => {
      if (!deps.sync) return refuseKey('UNAVAILABLE', 'orders.noErp');
      await deps.sync.refresh(req.full);
      return ok(syncView());
    },
    'orders.running': async (_req, ctx) => ok(await runningOrders(db, config, deps.gateways, ctx.now)),
    'orders.setRunning': (req, ctx) => {
      if (!config.lines.some((l) => l.id === req.lineId)) return refuseKey('NOT_FOUND', 'lines.noLine', { lineId: req.lineId });
      const row = { lineId: req.lineId, erpOrderId: req.erpOrderId, operationId: req.operationId.padStart(4, '0'), source: 'supervisor' as const, setBy: ctx.actor.userId, setAt: ctx.now };
      db.transaction(() => {
        setLineOrder(db, row);
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'orders.setRunning', target: req.lineId, details: { erpOrderId: req.erpOrderId, operationId: row.operationId, cached: getWorkOrder(db, req.erpOrderId) !== undefined }, outcome: 'ok' });
      })();
      return ok(row);
    },
  };
}
