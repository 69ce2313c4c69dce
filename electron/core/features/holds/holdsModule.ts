import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import type { Confirmer, HoldsChanged } from '../../../../shared/contract/domains/holds.ts';
import { lineOfScope } from '../../../../shared/domain/hold.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { HoldsDeps } from './holdsDeps.ts';
import { lineIdsOf } from './holdsDeps.ts';
import { activeHolds, getHold, listHolds } from './holdsRepo.ts';
import { toHoldView, toMarker } from './holdViews.ts';
import { applyInterlock, placeHold, previewHold } from './placeHold.ts';
import { clearIfLast, releaseHold } from './releaseHold.ts';
import { type ConfirmerResult, verifyConfirmer } from './verifyConfirmer.ts';

type Keys = 'holds.list' | 'holds.preview' | 'holds.place' | 'holds.release' | 'holds.retryInterlock';

export interface HoldsModuleOptions {
  /** The outbox hub, to wake the ERP worker after enqueueing (null: no ERP, holds stay local). */
  outbox: { kick(target: string): void } | null;
  /** The people module's credential check, when it offers one; else the holds module's own. */
  verifyCredentials?: (c: Confirmer, holdId: string) => Promise<ConfirmerResult>;
}

export function holdsChanged(deps: Pick<HoldsDeps, 'db' | 'clock'>): HoldsChanged {
  return { at: deps.clock.now(), active: activeHolds(deps.db).map(toMarker) };
}

export function holdsHandlers(deps: HoldsDeps, newId: () => string = randomUUID): HandlerGroup<Keys> {
  const changed = () => deps.publish(holdsChanged(deps));
  return {
    'holds.list': (req, ctx) =>
      ok({
        holds: listHolds(deps.db, { includeReleased: req.includeReleased, limit: req.limit }).map((h) => toHoldView(deps.db, h, ctx.now, lineIdsOf(deps.config))),
        active: activeHolds(deps.db).map(toMarker),
      }),
    'holds.preview': (req, ctx) => previewHold(deps, req.scope, ctx.now),
    'holds.place': async (req, ctx) => {
      const r = await placeHold(deps, req, ctx.actor, newId);
      if (r.ok) changed();
      return r;
    },
    'holds.release': async (req, ctx) => {
      const r = await releaseHold(deps, req, ctx.actor);
      if (r.ok) changed();
      return r;
    },
    'holds.retryInterlock': async (req, ctx) => {
      const h = getHold(deps.db, req.holdId);
      if (!h) return refuseKey('NOT_FOUND', 'holds.noHold', { holdId: req.holdId });
      const lineId = lineOfScope(h.scope);
      if (h.interlockState === 'not_mapped') return refuseKey('CONFLICT', 'holds.noInterlock');
      if (h.status === 'active') await applyInterlock(deps, h.id, lineId, true, ctx.actor);
      else await clearIfLast(deps, h.id, lineId, ctx.actor);
      changed();
      return ok(toHoldView(deps.db, getHold(deps.db, h.id)!, deps.clock.now(), lineIdsOf(deps.config)));
    },
  };
}

/** Quality holds: placement with the line's interlock, release by two people, ERP postings through the outbox. */
export function createHoldsModule(ctx: CoreContext, options: HoldsModuleOptions): CoreModule<Keys> & { deps: HoldsDeps } {
  const deps: HoldsDeps = {
    db: ctx.db,
    config: ctx.config,
    gateways: ctx.gateways,
    clock: ctx.ports.clock,
    log: ctx.log.child({ component: 'holds' }),
    outbox: ctx.config.erp ? options.outbox : null,
    publish: (msg) => ctx.publish('holds.changed', msg),
    consoleName: ctx.options.consoleName ?? os.hostname(),
    verifyConfirmer: options.verifyCredentials ?? ((c, holdId) => verifyConfirmer({ db: ctx.db, clock: ctx.ports.clock }, c, holdId)),
  };
  return {
    deps,
    handlers: holdsHandlers(deps),
    start() {
      deps.publish(holdsChanged(deps));
    },
  };
}
