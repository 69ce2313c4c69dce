import { randomUUID } from 'node:crypto';
import { fail, ok, type Envelope } from '../../../../shared/contract/envelope.ts';
import { failWith, refuse, refuseKey } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import type { Confirmer, HoldView } from '../../../../shared/contract/domains/holds.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import { lineOfScope } from '../../../../shared/domain/hold.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { type HoldPlacePayload, type HoldReleasePayload, HOLD_RELEASE } from './erp/holdPayloads.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import { type HoldsDeps, lineIdsOf } from './holdsDeps.ts';
import { activeHoldsOnLine, getHold, markReleased, setInterlock } from './holdsRepo.ts';
import { applyInterlock } from './placeHold.ts';
import { toHoldView } from './holdViews.ts';
import { CONFIRMER_ROLES } from './verifyConfirmer.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Releases a hold. Two people, enforced here and not only on the screen: the quality lead who asks
 * (the session's actor) and a second person (another quality lead or an administrator) whose badge or
 * user name and PIN the core checks now. Refusals are audited. The release, its ERP posting and its
 * audit record commit together; then the line's interlock is cleared, unless another active hold on
 * the same line still needs it.
 */
export async function releaseHold(
  deps: HoldsDeps,
  req: { holdId: string; reason: string; expectedRevision: number; confirmer?: Confirmer },
  actor: Actor,
): Promise<Envelope<HoldView>> {
  const deny = (m: Message, details: Record<string, unknown>): Envelope<HoldView> => {
    recordAudit(deps.db, { at: deps.clock.now(), actor, action: 'holds.release', target: req.holdId, details: { reason: req.reason, ...details }, outcome: 'denied' });
    return refuse('FORBIDDEN', m, { details });
  };
  const h = getHold(deps.db, req.holdId);
  if (!h) return refuseKey('NOT_FOUND', 'holds.noHold', { holdId: req.holdId });
  if (h.status !== 'active') return refuseKey('CONFLICT', 'holds.alreadyReleased', { person: h.releasedByName ?? h.releasedBy ?? null });
  if (h.revision !== req.expectedRevision) return refuseKey('CONFLICT', 'holds.changed');
  if (!req.confirmer) return deny(msg('holds.needsSecondPerson'), { rule: 'two-person' });
  const second = await deps.verifyConfirmer(req.confirmer, h.id);
  if (!second.ok) return second.msg ? failWith('UNAUTHENTICATED', second.message, second.msg) : fail('UNAUTHENTICATED', second.message);
  if (second.actor.userId === actor.userId) return deny(msg('holds.secondSamePerson'), { rule: 'two-person', confirmer: second.actor.userId });
  if (!second.actor.roles.some((r) => CONFIRMER_ROLES.includes(r))) {
    return deny(msg('holds.confirmerRole', { person: second.actor.displayName }), { rule: 'confirmer-role', confirmer: second.actor.userId, roles: second.actor.roles });
  }

  const now = deps.clock.now();
  const placed = h.placeOutboxId ? getItem(deps.db, h.placeOutboxId) : undefined;
  let conflict = false;
  const commit = deps.db.transaction(() => {
    let releaseOutboxId: string | null = null;
    if (placed && deps.config.erp && deps.outbox) {
      const p = JSON.parse(placed.payload) as HoldPlacePayload;
      const releaseId = randomUUID();
      const payload: HoldReleasePayload = {
        id: releaseId,
        holdId: h.id,
        placeReference: placed.id,
        plantId: p.plantId,
        items: p.items,
        storageLocation: p.storageLocation,
        reason: req.reason,
        releasedAt: iso(now),
        releasedBy: actor.userId,
        confirmedBy: second.actor.userId,
        releasedByName: actor.displayName.slice(0, 80),
        releasedOn: deps.consoleName.slice(0, 80),
      };
      // Same ordering key as the placement: the ERP never sees the release first.
      releaseOutboxId = HOLD_RELEASE.enqueue(deps.db, { id: releaseId, payload, at: now });
    }
    if (!markReleased(deps.db, { id: h.id, expectedRevision: req.expectedRevision, at: now, by: actor.userId, byName: actor.displayName, confirmedBy: second.actor.userId, confirmedByName: second.actor.displayName, reason: req.reason, releaseOutboxId })) {
      conflict = true;
      throw new Error('hold changed');
    }
    recordAudit(deps.db, { at: now, actor, action: 'holds.release', target: h.id, details: { reason: req.reason, confirmedBy: { userId: second.actor.userId, displayName: second.actor.displayName, roles: second.actor.roles }, erp: releaseOutboxId !== null }, outcome: 'ok' });
    recordAudit(deps.db, { at: now, actor: second.actor, action: 'holds.confirmRelease', target: h.id, details: { releasedBy: actor.userId, reason: req.reason }, outcome: 'ok' });
  });
  try {
    commit();
  } catch (e) {
    // A change between the checks and the write (another screen released it) rolls everything back.
    if (conflict) return refuseKey('CONFLICT', 'holds.changedWhileReleasing');
    throw e;
  }
  deps.outbox?.kick('erp');
  await clearIfLast(deps, h.id, lineOfScope(h.scope), actor);
  deps.log.info('Hold released', { holdId: h.id, by: actor.userId, confirmedBy: second.actor.userId });
  return ok(toHoldView(deps.db, getHold(deps.db, h.id)!, deps.clock.now(), lineIdsOf(deps.config)));
}

/** After a release: clear the line's interlock unless another active hold still needs it. */
export async function clearIfLast(deps: HoldsDeps, holdId: string, lineId: string | null, actor: Actor): Promise<void> {
  const h = getHold(deps.db, holdId);
  if (!h || h.interlockState === 'not_mapped') return;
  const others = lineId ? activeHoldsOnLine(deps.db, lineId).filter((x) => x.id !== holdId) : [];
  if (others.length > 0) {
    setInterlock(deps.db, holdId, 'kept', `still set: ${others.length} other active hold(s) on this line`, deps.clock.now(), msg('holds.interlockKept', { count: others.length }));
    return;
  }
  await applyInterlock(deps, holdId, lineId, false, actor);
}
