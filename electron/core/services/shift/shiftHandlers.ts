import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../../../shared/contract/envelope.ts';
import type { Adjustment, ConfirmLine, DraftLine, DraftOrderLine } from '../../../../shared/contract/domains/shift.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { recordAudit } from '../../audit/auditTrail.ts';
import type { HandlerGroup } from '../../dispatch/handlers.ts';
import type { ConfirmationCancelPayload, ConfirmationPostPayload } from '../../erp/erpPayloads.ts';
import { orderingKeyOfOrder } from '../../erp/erpPayloads.ts';
import { getWorkOrder } from '../../erp/workOrderRepo.ts';
import type { OpcuaPort } from '../../opcua/opcuaTypes.ts';
import type { OutboxHub } from '../../outbox/OutboxHub.ts';
import { enqueueOutbox } from '../../outbox/outboxRepo.ts';
import { currentOrLastShift, type ShiftWindow, shiftsOnDate } from '../../production/shiftCalendar.ts';
import type { WritableDb } from '../../storage/db.ts';
import { runningOrders, workCenterOf } from '../orders/ordersHandlers.ts';
import { confirmationById, insertConfirmation, insertShiftClose, markReversed, recentShiftCloses, shiftCloseById, shiftCloseOf } from './shiftCloseRepo.ts';
import { lineShiftFacts } from './shiftFacts.ts';
import { heldQuantities } from '../../holds/holdsRepo.ts';

export interface ShiftDeps {
  db: WritableDb;
  config: PlantConfig;
  gateways: ReadonlyMap<string, OpcuaPort>;
  hub: OutboxHub;
}

/** Yield, scrap and rework after the operator's adjustments: scrap and rework come out of the good count. */
export function applyAdjustments(good: number, reject: number, adjustments: readonly Adjustment[]): { yieldQty: number; scrapQty: number; reworkQty: number } {
  const scrapAdj = adjustments.filter((a) => a.type === 'scrap').reduce((n, a) => n + a.qty, 0);
  const rework = adjustments.filter((a) => a.type === 'rework').reduce((n, a) => n + a.qty, 0);
  return { yieldQty: good - scrapAdj - rework, scrapQty: reject + scrapAdj, reworkQty: rework };
}

/** Adjusted beyond the threshold, or more good than the operation still has open. */
export function isVariance(good: number, yieldQty: number, openQty: number | null, thresholdPct: number): boolean {
  const adjusted = good > 0 && (Math.abs(good - yieldQty) / good) * 100 > thresholdPct;
  const over = openQty !== null && yieldQty > openQty * (1 + thresholdPct / 100);
  return adjusted || over;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function shiftHandlers(deps: ShiftDeps): HandlerGroup<'shift.draft' | 'shift.confirm' | 'shift.reverse' | 'shift.history'> {
  const { db, config, hub } = deps;
  const zone = config.plant.timeZone;
  const threshold = config.erp?.varianceThresholdPct ?? 5;

  const findShift = (date: string | undefined, code: string | undefined, now: number): ShiftWindow | null => {
    if (!date) {
      const s = currentOrLastShift(config.shiftCalendar, zone, now);
      return s && (!code || s.name === code) ? s : null;
    }
    return shiftsOnDate(config.shiftCalendar, zone, date).find((s) => !code || s.name === code) ?? null;
  };

  const openQtyOf = (orderId: string, wc: string): { openQty: string | null; uom: string; material: string; operationId: string | null } => {
    const wo = getWorkOrder(db, orderId);
    if (!wo) return { openQty: null, uom: 'PC', material: '', operationId: null };
    const op = wo.operations.find((o) => o.workCenterId === wc) ?? wo.operations[0];
    if (!op) return { openQty: null, uom: wo.uom, material: wo.material, operationId: null };
    return { openQty: String(Math.max(0, Number(op.plannedQty) - Number(op.confirmedYield))), uom: op.uom, material: wo.material, operationId: op.operationId };
  };

  return {
    'shift.draft': async (req, ctx) => {
      const s = findShift(req.date, req.code, ctx.now);
      if (!s) return fail('NOT_FOUND', req.date ? `No shift ${req.code ?? ''} on ${req.date} in the shift calendar` : 'No shift in the last two weeks');
      const end = Math.min(s.end, Math.max(s.start, ctx.now));
      const running = await runningOrders(db, config, deps.gateways, ctx.now);
      const lines: DraftLine[] = config.lines.map((line) => {
        const wc = workCenterOf(config, line.id);
        const facts = lineShiftFacts(db, line, s.start, end, ctx.now);
        // Production under an active quality hold is shown apart and never offered as good.
        const held = heldQuantities(db, { lineId: line.id, from: s.start, to: end });
        const orders: DraftOrderLine[] = [];
        for (const p of facts.byOrder ?? []) {
          if (!p.orderId) continue;
          const o = openQtyOf(p.orderId, wc);
          const h = held.byOrder.find((x) => x.orderId === p.orderId) ?? { good: 0, reject: 0 };
          orders.push({ erpOrderId: p.orderId, operationId: o.operationId ?? '0010', material: o.material, uom: o.uom, workCenterId: wc, openQty: o.openQty, countedGood: p.good - h.good, countedReject: p.reject - h.reject, countSource: 'production', heldGood: h.good, heldReject: h.reject });
        }
        const run = running.find((r) => r.lineId === line.id);
        if (run && !orders.some((o) => o.erpOrderId === run.erpOrderId)) {
          const o = openQtyOf(run.erpOrderId, wc);
          orders.push({ erpOrderId: run.erpOrderId, operationId: run.operationId, material: o.material, uom: o.uom, workCenterId: wc, openQty: o.openQty, countedGood: 0, countedReject: 0, countSource: 'none', heldGood: 0, heldReject: 0 });
        }
        return { lineId: line.id, lineName: line.name, workCenterId: wc, orders, uncodedDowntimeMin: facts.uncodedDowntimeMin, held: { good: held.good, reject: held.reject, holdIds: held.holdIds } };
      });
      return ok({ date: s.date, code: s.name, windowStart: s.start, windowEnd: s.end, varianceThresholdPct: threshold, lines, closed: shiftCloseOf(db, s.date, s.name) });
    },

    'shift.confirm': (req, ctx) => {
      if (!config.erp) return fail('UNAVAILABLE', 'No ERP is configured for this plant: confirmations have nowhere to go');
      const s = findShift(req.date, req.code, ctx.now);
      if (!s || s.name !== req.code) return fail('NOT_FOUND', `No shift ${req.code} on ${req.date} in the shift calendar`);
      if (s.start > ctx.now) return fail('CONFLICT', `Shift ${req.code} on ${req.date} has not started yet`);
      if (shiftCloseOf(db, s.date, s.name)) return fail('CONFLICT', `Shift ${s.name} on ${s.date} is already closed; correct it by reversal`);
      const windowEnd = Math.min(s.end, ctx.now);
      // All checks before the first write: an early return leaves nothing half-written.
      const blocked: string[] = [];
      const prepared: { l: ConfirmLine; line: PlantConfig['lines'][number]; wc: string; q: ReturnType<typeof applyAdjustments>; uom: string; variance: boolean }[] = [];
      const seen = new Set<string>();
      for (const l of req.lines) {
        const line = config.lines.find((x) => x.id === l.lineId);
        if (!line) return fail('NOT_FOUND', `No line ${l.lineId}`);
        const key = `${l.lineId}/${l.erpOrderId}/${l.operationId}`;
        if (seen.has(key)) return fail('BAD_REQUEST', `Line ${l.lineId}, order ${l.erpOrderId} is listed twice`);
        seen.add(key);
        const q = applyAdjustments(l.good, l.reject, l.adjustments);
        // Held production is never confirmed as good: at most what the records show minus what is held.
        const heldGood = heldQuantities(db, { lineId: l.lineId, from: s.start, to: windowEnd }).byOrder.find((x) => x.orderId === l.erpOrderId)?.good ?? 0;
        if (heldGood > 0) {
          const made = lineShiftFacts(db, line, s.start, windowEnd, ctx.now).byOrder?.find((x) => x.orderId === l.erpOrderId)?.good ?? 0;
          if (l.good > made - heldGood) return fail('CONFLICT', `Line ${l.lineId}, order ${l.erpOrderId}: ${heldGood} parts are on quality hold; confirm at most ${Math.max(0, made - heldGood)} good`, { held: heldGood, made });
        }
        if (q.yieldQty < 0) return fail('BAD_REQUEST', `Line ${l.lineId}, order ${l.erpOrderId}: adjustments (${l.good - q.yieldQty}) exceed the good count (${l.good})`);
        const wc = workCenterOf(config, line.id);
        const o = openQtyOf(l.erpOrderId, wc);
        prepared.push({ l, line, wc, q, uom: o.uom, variance: isVariance(l.good, q.yieldQty, o.openQty === null ? null : Number(o.openQty), threshold) });
      }
      for (const line of config.lines) {
        const f = lineShiftFacts(db, line, s.start, windowEnd, ctx.now);
        if (f.uncodedDowntimeMin > 0) blocked.push(`${line.name}: ${f.uncodedDowntimeMin} min`);
      }
      if (blocked.length > 0 && !req.overrideReason) {
        return fail('CONFLICT', `Uncoded downtime blocks closing (${blocked.join('; ')}): code it, or close with an override reason`, { uncoded: blocked });
      }
      const closeId = randomUUID();
      const capturedBy = ctx.actor.userId.slice(0, 12);
      db.transaction(() => {
        insertShiftClose(db, { id: closeId, date: s.date, code: s.name, windowStart: s.start, windowEnd, closedAt: ctx.now, closedBy: ctx.actor.userId, overrideReason: blocked.length > 0 ? (req.overrideReason ?? null) : null });
        for (const p of prepared) {
          if (p.q.yieldQty === 0 && p.q.scrapQty === 0 && p.q.reworkQty === 0) continue; // nothing to confirm
          const id = randomUUID();
          const payload: ConfirmationPostPayload = {
            id,
            plantId: config.erp!.plant,
            lineId: p.line.id,
            workCenterId: p.wc,
            shift: { date: s.date, code: s.name },
            order: { erpOrderId: p.l.erpOrderId, operationId: p.l.operationId.padStart(4, '0'), sequence: '0' },
            postingDate: s.date,
            finality: p.l.final ? 'final' : 'partial',
            quantities: { yield: String(p.q.yieldQty), scrap: String(p.q.scrapQty), rework: String(p.q.reworkQty), uom: p.uom },
            execution: { start: iso(s.start), end: iso(windowEnd) },
            capturedAt: iso(ctx.now),
            capturedBy,
          };
          enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: orderingKeyOfOrder(p.l.erpOrderId), payload, at: ctx.now });
          insertConfirmation(db, { id, shiftCloseId: closeId, lineId: p.line.id, erpOrderId: p.l.erpOrderId, operationId: payload.order.operationId, workCenter: p.wc, countedGood: p.l.good, countedReject: p.l.reject, yieldQty: payload.quantities.yield, scrapQty: payload.quantities.scrap, reworkQty: payload.quantities.rework, uom: p.uom, adjustments: p.l.adjustments, varianceFlag: p.variance, kind: 'post', reverses: null, createdAt: ctx.now, createdBy: ctx.actor.userId });
        }
        recordAudit(db, {
          at: ctx.now,
          actor: ctx.actor,
          action: 'shift.confirm',
          target: `${s.date}/${s.name}`,
          details: { closeId, lines: req.lines, override: blocked.length > 0 ? { reason: req.overrideReason, uncoded: blocked } : null },
          outcome: 'ok',
        });
      })();
      hub.kick('erp');
      return ok(shiftCloseById(db, closeId)!);
    },

    'shift.reverse': (req, ctx) => {
      const c = confirmationById(db, req.confirmationId);
      if (!c) return fail('NOT_FOUND', `No confirmation ${req.confirmationId}`);
      if (c.kind !== 'post') return fail('CONFLICT', 'A reversal cannot itself be reversed; post a correction instead');
      if (c.reversedBy) return fail('CONFLICT', `This confirmation was already reversed by ${c.reversedBy}`);
      if (c.outboxState === 'rejected' || c.outboxState === 'parked') return fail('CONFLICT', `This confirmation never reached the ERP (${c.outboxState}); fix and resend it, or discard it, on the outbox screen`);
      const repost = req.repost ? applyAdjustments(req.repost.good, req.repost.reject, req.repost.adjustments) : null;
      if (repost && repost.yieldQty < 0) return fail('BAD_REQUEST', 'Adjustments exceed the good count');
      const close = shiftCloseById(db, c.shiftCloseId)!;
      const capturedBy = ctx.actor.userId.slice(0, 12);
      db.transaction(() => {
        // Reversal and repost share the order's ordering key, so the ERP sees: post, cancel, new post.
        const cancelId = randomUUID();
        const cancel: ConfirmationCancelPayload = { id: cancelId, reverses: c.id, order: { erpOrderId: c.erpOrderId, operationId: c.operationId }, reason: req.reason, capturedAt: iso(ctx.now), capturedBy };
        enqueueOutbox(db, { id: cancelId, target: 'erp', kind: 'confirmation.cancel', orderingKey: orderingKeyOfOrder(c.erpOrderId), payload: cancel, at: ctx.now });
        insertConfirmation(db, { id: cancelId, shiftCloseId: c.shiftCloseId, lineId: c.lineId, erpOrderId: c.erpOrderId, operationId: c.operationId, workCenter: c.workCenter, countedGood: c.countedGood, countedReject: c.countedReject, yieldQty: c.yieldQty, scrapQty: c.scrapQty, reworkQty: c.reworkQty, uom: c.uom, adjustments: [], varianceFlag: false, kind: 'reversal', reverses: c.id, createdAt: ctx.now, createdBy: ctx.actor.userId });
        markReversed(db, c.id, cancelId);
        if (repost && req.repost) {
          const id = randomUUID();
          const payload: ConfirmationPostPayload = {
            id,
            plantId: config.erp?.plant ?? config.plant.id,
            lineId: c.lineId,
            workCenterId: c.workCenter,
            shift: { date: close.date, code: close.code },
            order: { erpOrderId: c.erpOrderId, operationId: c.operationId, sequence: '0' },
            postingDate: close.date,
            finality: 'partial',
            quantities: { yield: String(repost.yieldQty), scrap: String(repost.scrapQty), rework: String(repost.reworkQty), uom: c.uom },
            execution: { start: iso(close.windowStart), end: iso(close.windowEnd) },
            capturedAt: iso(ctx.now),
            capturedBy,
            supersedes: c.id,
          };
          enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: orderingKeyOfOrder(c.erpOrderId), payload, at: ctx.now });
          insertConfirmation(db, { id, shiftCloseId: c.shiftCloseId, lineId: c.lineId, erpOrderId: c.erpOrderId, operationId: c.operationId, workCenter: c.workCenter, countedGood: req.repost.good, countedReject: req.repost.reject, yieldQty: payload.quantities.yield, scrapQty: payload.quantities.scrap, reworkQty: payload.quantities.rework, uom: c.uom, adjustments: req.repost.adjustments, varianceFlag: false, kind: 'post', reverses: null, createdAt: ctx.now, createdBy: ctx.actor.userId });
        }
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'shift.reverse', target: c.id, details: { reason: req.reason, repost: req.repost ?? null, original: { yield: c.yieldQty, scrap: c.scrapQty } }, outcome: 'ok' });
      })();
      hub.kick('erp');
      return ok(shiftCloseById(db, c.shiftCloseId)!);
    },

    'shift.history': (req) => ok(recentShiftCloses(db, req.limit)),
  };
}
