import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DateTime } from 'luxon';
import { plantWallClock } from '../../../../shared/i18n/formats.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import { refuse, refuseKey } from '../../../../shared/contract/refusal.ts';
import { msg } from '../../../../shared/i18n/index.ts';
import type { Adjustment, ConfirmLine, DraftLine, DraftOrderLine, ShiftList, ShiftListItem, ShiftState } from '../../../../shared/contract/domains/shift.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { ConfirmationCancelPayload, ConfirmationPostPayload } from '../../platform/erp/erpPayloads.ts';
import { CONFIRMATION_CANCEL, CONFIRMATION_POST } from '../../platform/erp/erpPayloads.ts';
import { getWorkOrder } from '../orders/index.ts';
import type { OpcuaPort } from '../../platform/opcua/opcuaTypes.ts';
import type { OutboxHub } from '../../platform/outbox/OutboxHub.ts';
import { type ShiftWindow, shiftsBetween, shiftsOnDate } from '../production/index.ts';
import { productionByOrder } from '../production/index.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { runningOrders, workCenterOf } from '../orders/index.ts';
import { type Acknowledgement, closeStatesSince, confirmationById, insertConfirmation, insertShiftClose, markCloseReversed, markReversed, recentShiftCloses, recloseShift, shiftCloseById, shiftCloseOf } from './shiftCloseRepo.ts';
import { lineShiftFacts } from './shiftFacts.ts';
import { cancelReference, confirmationReference, repostReference } from './confirmationReference.ts';
import { heldQuantities } from '../holds/index.ts';

export interface ShiftDeps {
  db: WritableDb;
  config: PlantConfig;
  gateways: ReadonlyMap<string, OpcuaPort>;
  /** Only kick() is used: the outbox engine picks up what was enqueued. */
  hub: Pick<OutboxHub, 'kick'>;
  /** This console's name, carried in each confirmation so another console's read-back can say where it came from. */
  consoleName?: string;
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

/** Shifts that ended longer ago than this are not closed or reversed here (the ERP's own period). */
export const MAX_SHIFT_AGE_DAYS = 14;
const DAY_MS = 86_400_000;

/** "Sat 5 Dec 22:04" on the plant's wall clock: every time a person reads in a message. */
export const plantTimeText = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm');

export function shiftHandlers(deps: ShiftDeps): HandlerGroup<'shift.draft' | 'shift.confirm' | 'shift.reverse' | 'shift.history' | 'shift.list' | 'shift.reverseClose'> {
  const { db, config, hub } = deps;
  const capturedOn = (deps.consoleName ?? os.hostname()).slice(0, 80);
  const zone = config.plant.timeZone;
  const threshold = config.erp?.varianceThresholdPct ?? 5;
  // Times and days in a message are the plant's wall clock as a number, formatted by the catalogue
  // ({at, date, plantDay} {at, time, plantClock}) in the reader's language: "Wed 2 Dec" / "Mi., 2. Dez.".
  const at = (ms: number) => plantWallClock(ms, zone);
  // A shift in a message: its code and its day.
  const shiftParams = (s: Pick<ShiftWindow, 'name' | 'start'>) => ({ shift: s.name, day: plantWallClock(s.start, zone) });

  /** The shifts of the calendar that started by `now` and ended at most 14 days before it, oldest first. */
  const recentShifts = (now: number): ShiftWindow[] => shiftsBetween(config.shiftCalendar, zone, now - MAX_SHIFT_AGE_DAYS * DAY_MS, now + 1).filter((s) => s.start <= now && s.end > now - MAX_SHIFT_AGE_DAYS * DAY_MS);

  const exactShift = (date: string, code: string): ShiftWindow | null => {
    try {
      return shiftsOnDate(config.shiftCalendar, zone, date).find((s) => s.name === code) ?? null;
    } catch {
      return null; // not a calendar date
    }
  };

  const stateOf = (s: ShiftWindow, close: { state: 'closed' | 'reversed' } | null | undefined, now: number): ShiftState => {
    if (close) return close.state;
    return now < s.end ? 'running' : 'ended-unclosed';
  };

  /** Good and reject recorded on every line in [from, to), with or without an order. */
  const recordedIn = (from: number, to: number): { good: number; reject: number } => {
    let good = 0;
    let reject = 0;
    for (const line of config.lines) {
      try {
        for (const p of productionByOrder(db, { lineId: line.id, from, to })) {
          good += p.good;
          reject += p.reject;
        }
      } catch {
        // production not migrated: no records
      }
    }
    return { good, reject };
  };

  const listShifts = (now: number): ShiftList => {
    const shifts = recentShifts(now);
    const closes = closeStatesSince(db, (shifts[0]?.start ?? now) - DAY_MS);
    const items: ShiftListItem[] = shifts
      .map((s) => {
        const c = closes.get(`${s.date}/${s.name}`);
        const r = recordedIn(s.start, Math.min(s.end, now));
        return { date: s.date, code: s.name, start: s.start, end: s.end, state: stateOf(s, c, now), good: r.good, reject: r.reject, closedAt: c?.closedAt ?? null, closedByName: c?.closedByName ?? null };
      })
      .reverse();
    // The one that just ended (the newest ended and not closed), else the running one, else the newest.
    const pick = items.find((i) => i.state === 'ended-unclosed' || i.state === 'reversed') ?? items.find((i) => i.state === 'running') ?? items[0];
    return { now, maxAgeDays: MAX_SHIFT_AGE_DAYS, shifts: items, defaultShift: pick ? { date: pick.date, code: pick.code } : null };
  };

  const openQtyOf = (orderId: string, wc: string): { openQty: string | null; uom: string; material: string; operationId: string | null } => {
    const wo = getWorkOrder(db, orderId);
    if (!wo) return { openQty: null, uom: 'PC', material: '', operationId: null };
    const op = wo.operations.find((o) => o.workCenterId === wc) ?? wo.operations[0];
    if (!op) return { openQty: null, uom: wo.uom, material: wo.material, operationId: null };
    return { openQty: String(Math.max(0, Number(op.plannedQty) - Number(op.confirmedYield))), uom: op.uom, material: wo.material, operationId: op.operationId };
  };

  const tooOld = (s: ShiftWindow, now: number) => s.end <= now - MAX_SHIFT_AGE_DAYS * DAY_MS;
  const tooOldMessage = (s: ShiftWindow) => msg('shift.tooOld', { ...shiftParams(s), at: at(s.end), days: MAX_SHIFT_AGE_DAYS });

  return {
    'shift.list': (_req, ctx) => ok(listShifts(ctx.now)),

    'shift.draft': async (req, ctx) => {
      let s: ShiftWindow | null;
      if (req.date) {
        s = req.code ? exactShift(req.date, req.code) : (() => {
          try {
            return shiftsOnDate(config.shiftCalendar, zone, req.date).at(0) ?? null;
          } catch {
            return null;
          }
        })();
      } else {
        const d = listShifts(ctx.now).defaultShift;
        s = d && (!req.code || d.code === req.code) ? exactShift(d.date, d.code) : null;
      }
      if (!s) return req.date ? refuseKey('NOT_FOUND', 'shift.noShift', { code: req.code ?? '', date: req.date }) : refuseKey('NOT_FOUND', 'shift.noRecentShift', { days: MAX_SHIFT_AGE_DAYS });
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
          orders.push({ erpOrderId: p.orderId, operationId: o.operationId ?? '0010', material: o.material, uom: o.uom, workCenterId: wc, openQty: o.openQty, countedGood: p.good - h.good, countedReject: p.reject - h.reject, countSource: 'production', heldGood: h.good, heldReject: h.reject, firstAt: p.firstAt, lastAt: p.lastAt, runMinutes: p.minutes });
        }
        // The order running now, offered for a hand count (zero, never pre-ticked: the screen ticks only rows with parts).
        const run = running.find((r) => r.lineId === line.id);
        if (run && !orders.some((o) => o.erpOrderId === run.erpOrderId)) {
          const o = openQtyOf(run.erpOrderId, wc);
          orders.push({ erpOrderId: run.erpOrderId, operationId: run.operationId, material: o.material, uom: o.uom, workCenterId: wc, openQty: o.openQty, countedGood: 0, countedReject: 0, countSource: 'none', heldGood: 0, heldReject: 0, firstAt: null, lastAt: null, runMinutes: 0 });
        }
        return { lineId: line.id, lineName: line.name, workCenterId: wc, orders, uncodedDowntimeMin: facts.uncodedDowntimeMin, held: { good: held.good, reject: held.reject, holdIds: held.holdIds } };
      });
      const closed = shiftCloseOf(db, s.date, s.name);
      return ok({ date: s.date, code: s.name, windowStart: s.start, windowEnd: s.end, varianceThresholdPct: threshold, lines, closed, state: stateOf(s, closed, ctx.now), now: ctx.now, recorded: recordedIn(s.start, end), maxAgeDays: MAX_SHIFT_AGE_DAYS });
    },

    'shift.confirm': (req, ctx) => {
      if (!config.erp) return refuseKey('UNAVAILABLE', 'shift.noErp');
      const s = exactShift(req.date, req.code);
      if (!s) return refuseKey('NOT_FOUND', 'shift.noShift', { code: req.code, date: req.date });
      if (s.start > ctx.now) return refuseKey('CONFLICT', 'shift.notStarted', { ...shiftParams(s), at: at(s.start) });
      if (tooOld(s, ctx.now)) return refuse('CONFLICT', tooOldMessage(s));
      const existing = shiftCloseOf(db, s.date, s.name);
      if (existing && existing.state === 'closed') {
        return refuseKey('CONFLICT', 'shift.alreadyClosed', { ...shiftParams(s), person: existing.closedByName || existing.closedBy, at: at(existing.closedAt) }, { details: { closedBy: existing.closedByName, closedAt: existing.closedAt } });
      }
      // Never trust the screen: an early close needs the person's explicit acknowledgement here too.
      const notEnded = ctx.now < s.end;
      if (notEnded && !req.acknowledgeNotEnded) {
        const left = Math.ceil((s.end - ctx.now) / 60_000);
        return refuseKey('CONFLICT', 'shift.notEnded', { ...shiftParams(s), at: at(s.end), unit: left >= 120 ? 'hours' : 'minutes', left: String(left >= 120 ? Math.round(left / 60) : left) }, { details: { needs: 'acknowledgeNotEnded', endsAt: s.end } });
      }
      const windowEnd = Math.min(s.end, ctx.now);
      // All checks before the first write: an early return leaves nothing half-written.
      const blocked: string[] = [];
      const prepared: { l: ConfirmLine; line: PlantConfig['lines'][number]; wc: string; q: ReturnType<typeof applyAdjustments>; uom: string; variance: boolean }[] = [];
      const seen = new Set<string>();
      for (const l of req.lines) {
        const line = config.lines.find((x) => x.id === l.lineId);
        if (!line) return refuseKey('NOT_FOUND', 'lines.noLine', { lineId: l.lineId });
        const key = `${l.lineId}/${l.erpOrderId}/${l.operationId}`;
        if (seen.has(key)) return refuseKey('BAD_REQUEST', 'shift.listedTwice', { lineId: l.lineId, order: l.erpOrderId });
        seen.add(key);
        const q = applyAdjustments(l.good, l.reject, l.adjustments);
        // Held production is never confirmed as good: at most what the records show minus what is held.
        const heldGood = heldQuantities(db, { lineId: l.lineId, from: s.start, to: windowEnd }).byOrder.find((x) => x.orderId === l.erpOrderId)?.good ?? 0;
        if (heldGood > 0) {
          const made = lineShiftFacts(db, line, s.start, windowEnd, ctx.now).byOrder?.find((x) => x.orderId === l.erpOrderId)?.good ?? 0;
          if (l.good > made - heldGood) return refuseKey('CONFLICT', 'shift.onHold', { lineId: l.lineId, order: l.erpOrderId, held: String(heldGood), most: String(Math.max(0, made - heldGood)) }, { details: { held: heldGood, made } });
        }
        if (q.yieldQty < 0) return refuseKey('BAD_REQUEST', 'shift.adjustmentsExceed', { lineId: l.lineId, order: l.erpOrderId, adjustments: String(l.good - q.yieldQty), good: String(l.good) });
        const wc = workCenterOf(config, line.id);
        const o = openQtyOf(l.erpOrderId, wc);
        prepared.push({ l, line, wc, q, uom: o.uom, variance: isVariance(l.good, q.yieldQty, o.openQty === null ? null : Number(o.openQty), threshold) });
      }
      const posted = prepared.reduce((n, p) => n + p.q.yieldQty + p.q.scrapQty + p.q.reworkQty, 0);
      if (posted === 0 && !req.acknowledgeZeroProduction) {
        const r = recordedIn(s.start, windowEnd);
        const m = r.good + r.reject === 0 ? msg('shift.zeroNothingRecorded', shiftParams(s)) : msg('shift.zeroRecorded', { ...shiftParams(s), good: String(r.good), reject: String(r.reject) });
        return refuse('CONFLICT', m, { details: { needs: 'acknowledgeZeroProduction' } });
      }
      for (const line of config.lines) {
        const f = lineShiftFacts(db, line, s.start, windowEnd, ctx.now);
        if (f.uncodedDowntimeMin > 0) blocked.push(`${line.name}: ${f.uncodedDowntimeMin} min`);
      }
      if (blocked.length > 0 && !req.overrideReason) {
        return refuseKey('CONFLICT', 'shift.uncodedDowntime', { lines: blocked.join('; ') }, { details: { uncoded: blocked } });
      }
      const acknowledged: Acknowledgement[] = [...(notEnded ? (['not-ended'] as const) : []), ...(posted === 0 ? (['zero-production'] as const) : [])];
      // A reversed shift is closed again on the same record, with the next correction number; each new
      // confirmation names the cancelled one it replaces.
      const correction = existing ? existing.correction + 1 : 0;
      const replaced = new Map((existing?.confirmations ?? []).filter((c) => c.kind === 'post' && c.reversedBy !== null && c.correction === existing!.correction).map((c) => [`${c.lineId}/${c.erpOrderId}/${c.operationId}`, c.id]));
      const closeId = existing?.id ?? randomUUID();
      const capturedBy = ctx.actor.userId.slice(0, 12);
      db.transaction(() => {
        const row = { id: closeId, date: s.date, code: s.name, windowStart: s.start, windowEnd, closedAt: ctx.now, closedBy: ctx.actor.userId, overrideReason: blocked.length > 0 ? (req.overrideReason ?? null) : null, correction, acknowledged };
        if (existing) {
          if (!recloseShift(db, row)) throw new Error('shift close changed under a confirm');
        } else insertShiftClose(db, row);
        for (const p of prepared) {
          if (p.q.yieldQty === 0 && p.q.scrapQty === 0 && p.q.reworkQty === 0) continue; // nothing to confirm
          const operationId = p.l.operationId.padStart(4, '0');
          // Derived from the business key, not random: another console closing the same shift posts under
          // the same reference, and the outbox's read-back finds it instead of posting it twice.
          const id = confirmationReference({ plant: config.erp?.plant ?? config.plant.id, lineId: p.line.id, shiftDate: s.date, shiftCode: s.name, erpOrderId: p.l.erpOrderId, operationId, correction });
          const supersedes = replaced.get(`${p.line.id}/${p.l.erpOrderId}/${operationId}`);
          const payload: ConfirmationPostPayload = {
            id,
            plantId: config.erp!.plant,
            lineId: p.line.id,
            workCenterId: p.wc,
            shift: { date: s.date, code: s.name },
            order: { erpOrderId: p.l.erpOrderId, operationId, sequence: '0' },
            postingDate: s.date,
            finality: p.l.final ? 'final' : 'partial',
            quantities: { yield: String(p.q.yieldQty), scrap: String(p.q.scrapQty), rework: String(p.q.reworkQty), uom: p.uom },
            execution: { start: iso(s.start), end: iso(windowEnd) },
            capturedAt: iso(ctx.now),
            capturedBy,
            capturedByName: ctx.actor.displayName.slice(0, 80),
            capturedOn,
            ...(supersedes ? { supersedes } : {}),
          };
          CONFIRMATION_POST.enqueue(db, { id, payload, at: ctx.now });
          insertConfirmation(db, { id, shiftCloseId: closeId, lineId: p.line.id, erpOrderId: p.l.erpOrderId, operationId: payload.order.operationId, workCenter: p.wc, countedGood: p.l.good, countedReject: p.l.reject, yieldQty: payload.quantities.yield, scrapQty: payload.quantities.scrap, reworkQty: payload.quantities.rework, uom: p.uom, adjustments: p.l.adjustments, varianceFlag: p.variance, kind: 'post', reverses: null, createdAt: ctx.now, createdBy: ctx.actor.userId, correction });
        }
        recordAudit(db, {
          at: ctx.now,
          actor: ctx.actor,
          action: 'shift.confirm',
          target: `${s.date}/${s.name}`,
          details: { closeId, correction, acknowledged, windowEnd, lines: req.lines, override: blocked.length > 0 ? { reason: req.overrideReason, uncoded: blocked } : null },
          outcome: 'ok',
        });
      })();
      hub.kick('erp');
      return ok(shiftCloseById(db, closeId)!);
    },

    'shift.reverseClose': (req, ctx) => {
      const s = exactShift(req.date, req.code);
      if (!s) return refuseKey('NOT_FOUND', 'shift.noShift', { code: req.code, date: req.date });
      if (tooOld(s, ctx.now)) return refuse('CONFLICT', tooOldMessage(s));
      const close = shiftCloseOf(db, s.date, s.name);
      if (!close) return refuseKey('CONFLICT', 'shift.notClosed', shiftParams(s));
      if (close.state === 'reversed') return refuseKey('CONFLICT', 'shift.alreadyReversed', { ...shiftParams(s), person: close.reversedByName ?? null, at: at(close.reversedAt ?? ctx.now) });
      const live = close.confirmations.filter((c) => c.kind === 'post' && c.reversedBy === null);
      const stuck = live.find((c) => c.outboxState === 'rejected' || c.outboxState === 'parked');
      if (stuck) return refuseKey('CONFLICT', 'shift.stuckConfirmation', { order: stuck.erpOrderId, state: stuck.outboxState });
      const capturedBy = ctx.actor.userId.slice(0, 12);
      const cancelled: { confirmation: string; cancel: string; order: string }[] = [];
      db.transaction(() => {
        for (const c of live) {
          // Same ordering key as the post: the ERP sees the post, then its cancellation, then any re-confirmation.
          const cancelId = cancelReference(c.id);
          const cancel: ConfirmationCancelPayload = { id: cancelId, reverses: c.id, order: { erpOrderId: c.erpOrderId, operationId: c.operationId }, reason: req.reason, capturedAt: iso(ctx.now), capturedBy };
          CONFIRMATION_CANCEL.enqueue(db, { id: cancelId, payload: cancel, at: ctx.now });
          const orig = confirmationById(db, c.id)!;
          insertConfirmation(db, { id: cancelId, shiftCloseId: close.id, lineId: c.lineId, erpOrderId: c.erpOrderId, operationId: c.operationId, workCenter: orig.workCenter, countedGood: c.countedGood, countedReject: c.countedReject, yieldQty: c.yieldQty, scrapQty: c.scrapQty, reworkQty: c.reworkQty, uom: c.uom, adjustments: [], varianceFlag: false, kind: 'reversal', reverses: c.id, createdAt: ctx.now, createdBy: ctx.actor.userId, correction: close.correction });
          markReversed(db, c.id, cancelId);
          cancelled.push({ confirmation: c.id, cancel: cancelId, order: c.erpOrderId });
        }
        if (!markCloseReversed(db, close.id, { at: ctx.now, by: ctx.actor.userId, reason: req.reason })) throw new Error('shift close changed under a reversal');
        recordAudit(db, { at: ctx.now, actor: ctx.actor, action: 'shift.reverseClose', target: `${s.date}/${s.name}`, details: { closeId: close.id, reason: req.reason, correction: close.correction, cancelled }, outcome: 'ok' });
      })();
      hub.kick('erp');
      return ok(shiftCloseById(db, close.id)!);
    },

    'shift.reverse': (req, ctx) => {
      const c = confirmationById(db, req.confirmationId);
      if (!c) return refuseKey('NOT_FOUND', 'shift.noConfirmation', { id: req.confirmationId });
      if (c.kind !== 'post') return refuseKey('CONFLICT', 'shift.reverseReversal');
      if (c.reversedBy) return refuseKey('CONFLICT', 'shift.confirmationReversed', { by: c.reversedBy });
      if (c.outboxState === 'rejected' || c.outboxState === 'parked') return refuseKey('CONFLICT', 'shift.confirmationNeverArrived', { state: c.outboxState });
      const repost = req.repost ? applyAdjustments(req.repost.good, req.repost.reject, req.repost.adjustments) : null;
      if (repost && repost.yieldQty < 0) return refuseKey('BAD_REQUEST', 'shift.repostAdjustmentsExceed');
      const close = shiftCloseById(db, c.shiftCloseId)!;
      const capturedBy = ctx.actor.userId.slice(0, 12);
      db.transaction(() => {
        // Reversal and repost share the order's ordering key, so the ERP sees: post, cancel, new post.
        const cancelId = cancelReference(c.id);
        const cancel: ConfirmationCancelPayload = { id: cancelId, reverses: c.id, order: { erpOrderId: c.erpOrderId, operationId: c.operationId }, reason: req.reason, capturedAt: iso(ctx.now), capturedBy };
        CONFIRMATION_CANCEL.enqueue(db, { id: cancelId, payload: cancel, at: ctx.now });
        insertConfirmation(db, { id: cancelId, shiftCloseId: c.shiftCloseId, lineId: c.lineId, erpOrderId: c.erpOrderId, operationId: c.operationId, workCenter: c.workCenter, countedGood: c.countedGood, countedReject: c.countedReject, yieldQty: c.yieldQty, scrapQty: c.scrapQty, reworkQty: c.reworkQty, uom: c.uom, adjustments: [], varianceFlag: false, kind: 'reversal', reverses: c.id, createdAt: ctx.now, createdBy: ctx.actor.userId });
        markReversed(db, c.id, cancelId);
        if (repost && req.repost) {
          const id = repostReference(c.id);
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
            capturedByName: ctx.actor.displayName.slice(0, 80),
            capturedOn,
            supersedes: c.id,
          };
          CONFIRMATION_POST.enqueue(db, { id, payload, at: ctx.now });
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
