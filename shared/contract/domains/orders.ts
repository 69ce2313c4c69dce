import { z } from 'zod';
import { FIELD_LIMITS, limitedCode, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands } from '../spec.ts';

/** Quantities cross the wire as decimal strings, as the ERP holds them. */
export const Decimal = z.string().regex(/^-?\d{1,13}(\.\d{1,3})?$/, 'a decimal number like "480" or "12.5"');

export const OperationView = z.object({
  operationId: z.string(),
  sequence: z.string(),
  text: z.string(),
  workCenterId: z.string(),
  uom: z.string(),
  plannedQty: Decimal,
  confirmedYield: Decimal,
  confirmedScrap: Decimal,
  released: z.boolean(),
  confirmed: z.boolean(),
});
export type OperationView = z.infer<typeof OperationView>;

export const WorkOrderView = z.object({
  erpOrderId: z.string(),
  type: z.string(),
  material: z.string(),
  plantId: z.string(),
  plannedQty: Decimal,
  confirmedYield: Decimal,
  uom: z.string(),
  status: z.record(z.string(), z.boolean()),
  operations: z.array(OperationView),
  lastChange: z.string().nullable(),
  fetchedAt: z.number(),
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;

export const RunningOrder = z.object({
  lineId: z.string(),
  erpOrderId: z.string(),
  operationId: z.string(),
  source: z.enum(['supervisor', 'controller']),
  setBy: z.string(),
  setAt: z.number(),
});
export type RunningOrder = z.infer<typeof RunningOrder>;

export const OrderSyncState = z.object({
  configured: z.boolean(),
  orders: z.number().int(),
  lastFull: z.number().nullable(),
  lastDelta: z.number().nullable(),
  lastError: z.string().nullable(),
});

const LineId = plainId('Line');
/** SAP order number (AUFNR, 12) and operation (VORNR, 4): FIELD_LIMITS. */
const OrderId = limitedCode(FIELD_LIMITS.erpOrderId, /^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const OperationId = limitedCode(FIELD_LIMITS.operationId, /^\d+$/, 'digits only, like "0010"');

export const ordersCommands = defineCommands({
  'orders.list': {
    req: z.object({ lineId: LineId.optional() }).strict(),
    res: z.object({ orders: z.array(WorkOrderView), sync: OrderSyncState }),
    access: 'anyone',
    summary: 'List released production orders cached from the ERP',
  },
  'orders.refresh': {
    req: z.object({ full: z.boolean().default(false) }).strict(),
    res: OrderSyncState,
    access: ['supervisor', 'admin'],
    summary: 'Read production orders from the ERP now',
  },
  'orders.running': {
    req: z.object({}).strict(),
    res: z.array(RunningOrder),
    access: 'anyone',
    summary: 'Read the running order of every line',
  },
  'orders.setRunning': {
    req: z.object({ lineId: LineId, erpOrderId: OrderId, operationId: OperationId }).strict(),
    res: RunningOrder,
    access: ['supervisor'],
    summary: 'Set the order running on a line',
  },
});
