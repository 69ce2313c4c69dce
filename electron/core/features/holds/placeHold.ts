import { ok, type Envelope } from '../../../../shared/contract/envelope.ts';
import type { HoldPreview, HoldView } from '../../../../shared/contract/domains/holds.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import { HOLD_CLOCK_SLACK_MS, type HoldScope, lineOfScope, windowProblemCode } from '../../../../shared/domain/hold.ts';
import { refuse } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { getWorkOrder } from '../orders/index.ts';
import { type HoldItem, type HoldPlacePayload, HOLD_PLACE } from './erp/holdPayloads.ts';
import { workCenterOf } from '../orders/index.ts';
import { type HoldsDeps, lineIdsOf } from './holdsDeps.ts';
import { type CoveredProduction, coveredProduction, getHold, insertHold, setInterlock } from './holdsRepo.ts';
import { interlockTagOf, writeInterlock } from './holdInterlock.ts';
import { toHoldView } from './holdViews.ts';
import { holdSeries } from './holdReference.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Production is recorded per minute, so a hold covers whole minutes: a window is widened to the
 * minutes it touches (more is held, never less), and the screen shows the minutes it really covers.
 */
export function toWholeMinutes(scope: HoldScope): HoldScope {
  const floor = (t: number) => Math.floor(t / 60_000) * 60_000;
  const ceil = (t: number) => Math.ceil(t / 60_000) * 60_000;
  if (scope.kind === 'window' || scope.kind === 'lot') return { ...scope, from: floor(scope.from), to: ceil(scope.to) };
  if (scope.kind === 'line') return { ...scope, from: floor(scope.from) };
  return scope;
}

/** Checks a scope against the plant and the clock; null when it is fine, else the reason (a core message; its English text is the one the form shares). */
export function scopeProblem(deps: Pick<HoldsDeps, 'config'>, scope: HoldScope, now: number): Message | null {
  const lineId = lineOfScope(scope);
  if (lineId && !deps.config.lines.some((l) => l.id === lineId)) return msg('holds.noLine', { lineId });
  if (scope.kind === 'window' || scope.kind === 'lot') {
    const code = windowProblemCode(scope.from, scope.to, now);
    return code ? msg(`holds.window.${code}`) : null;
  }
  if (scope.kind === 'line' && scope.from > now + HOLD_CLOCK_SLACK_MS) return msg('holds.lineStartsLater');
  return null;
}

export function previewHold(deps: HoldsDeps, scope: HoldScope, now: number): Envelope<HoldPreview> {
  const problem = scopeProblem(deps, scope, now);
  if (problem) return refuse('BAD_REQUEST', problem);
  const c = coveredProduction(deps.db, toWholeMinutes(scope), now, lineIdsOf(deps.config));
  return ok({ qty: c.qty, orders: c.orders, gap: c.gap, interlockTag: interlockTagOf(deps.config, lineOfScope(scope)) });
}

/** The stock the ERP posting covers: one item per order, material and unit from the ERP order cache. */
export function holdItems(deps: HoldsDeps, scope: HoldScope, c: CoveredProduction): HoldItem[] {
  const orders = c.orders.filter((o) => o.orderId !== '');
  if (scope.kind === 'order' && !orders.some((o) => o.orderId === scope.erpOrderId)) orders.push({ orderId: scope.erpOrderId, good: 0, reject: 0 });
  return orders.map((o) => {
    const wo = getWorkOrder(deps.db, o.orderId);
    return { erpOrderId: o.orderId, material: wo?.material ?? '', batch: scope.kind === 'lot' ? scope.lot : null, qty: String(o.good), uom: wo?.uom ?? 'PC' };
  });
}

/**
 * Places a hold: the hold row, its ERP posting (outbox) and its audit record commit together; then
 * the line's interlock is written at once and read back, and the outcome (set, or failed and why) is
 * recorded on the hold and returned. The interlock is never queued.
 */
export async function placeHold(
  deps: HoldsDeps,
  req: { scope: HoldScope; reason: string; defectCategory: string; note: string },
  actor: Actor,
  newId: () => string,
): Promise<Envelope<HoldView>> {
  const now = deps.clock.now();
  const problem = scopeProblem(deps, req.scope, now);
  if (problem) return refuse('BAD_REQUEST', problem);
  req = { ...req, scope: toWholeMinutes(req.scope) };
  const lineIds = lineIdsOf(deps.config);
  const covered = coveredProduction(deps.db, req.scope, now, lineIds);
  // The series derived from the business key (holdReference.ts): another console placing the same hold
  // meets this one in the ERP (restHolds.ts). The hold's own id is the series while it is free here; the
  // same key placed again here later (after a release) is a new hold with a fresh id in the same series.
  const series = holdSeries(deps.config.erp?.plant ?? deps.config.plant.id, req.scope, req.reason);
  const id = getHold(deps.db, series) ? newId() : series;
  const lineId = lineOfScope(req.scope);
  const mapped = interlockTagOf(deps.config, lineId) !== null;
  const erp = deps.config.erp;
  deps.db.transaction(() => {
    let placeOutboxId: string | null = null;
    if (erp && deps.outbox) {
      const s = req.scope;
      const payload: HoldPlacePayload = {
        id,
        plantId: erp.plant,
        kind: 'stock_block',
        scope: {
          kind: s.kind,
          lineId,
          workCenterId: lineId ? workCenterOf(deps.config, lineId) : null,
          erpOrderId: s.kind === 'order' ? s.erpOrderId : null,
          lot: s.kind === 'lot' ? s.lot : null,
          from: 'from' in s ? iso(s.from) : null,
          to: 'to' in s ? iso(s.to) : null,
        },
        items: holdItems(deps, req.scope, covered),
        storageLocation: null,
        reason: req.reason,
        defectCategory: req.defectCategory,
        note: req.note,
        placedAt: iso(now),
        placedBy: actor.userId,
        placedByName: actor.displayName.slice(0, 80),
        placedOn: deps.consoleName.slice(0, 80),
        series,
      };
      placeOutboxId = HOLD_PLACE.enqueue(deps.db, { id, payload, at: now });
    }
    insertHold(deps.db, {
      id,
      scope: req.scope,
      reason: req.reason,
      defectCategory: req.defectCategory,
      note: req.note,
      placedAt: now,
      placedBy: actor.userId,
      placedByName: actor.displayName,
      qty: covered.qty,
      placeOutboxId,
      // Until the write below answers: if the console stops in between, the screen says it was never confirmed.
      interlockState: mapped ? 'failed' : 'not_mapped',
    });
    if (mapped) setInterlock(deps.db, id, 'failed', 'the interlock write had not been confirmed when the console stopped', now, msg('holds.interlockUnconfirmed'));
    recordAudit(deps.db, { at: now, actor, action: 'holds.place', target: id, details: { scope: req.scope, reason: req.reason, defectCategory: req.defectCategory, note: req.note, qty: covered.qty, erp: placeOutboxId !== null }, outcome: 'ok' });
  })();
  deps.outbox?.kick('erp');
  if (mapped) await applyInterlock(deps, id, lineId, true, actor);
  deps.log.info('Hold placed', { holdId: id, scope: req.scope.kind, lineId });
  return ok(toHoldView(deps.db, getHold(deps.db, id)!, deps.clock.now(), lineIds));
}

/** Writes the interlock and records the outcome on the hold, audited either way. */
export async function applyInterlock(deps: HoldsDeps, holdId: string, lineId: string | null, on: boolean, actor: Actor): Promise<void> {
  const out = await writeInterlock(deps.config, deps.gateways, lineId, on);
  const at = deps.clock.now();
  deps.db.transaction(() => {
    setInterlock(deps.db, holdId, out.state, out.message, at, out.msg);
    recordAudit(deps.db, { at, actor, action: on ? 'holds.interlockSet' : 'holds.interlockClear', target: holdId, details: { lineId, state: out.state, message: out.message, ...(out.msg ? { why: out.msg } : {}) }, outcome: out.state === 'failed' || out.state === 'clear_failed' ? 'failed' : 'ok' });
  })();
  if (out.message) deps.log.warn('Hold interlock write failed', { holdId, lineId, on, reason: out.message });
}
