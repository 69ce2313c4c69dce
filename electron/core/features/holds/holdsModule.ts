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
import { activeHolds, getHold, listHolds, markReleased } from './holdsRepo.ts';
import type { HoldsPart } from './erp/holdsPart.ts';
import { getItem } from '../../platform/outbox/outboxRepo.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
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
  /** Asks the ERP whether a posted hold was released there (holdRemoteCheck); absent: no ERP. */
  remoteCheck?: HoldsPart['releasedElsewhere'] | null;
  /** How often active holds are checked against the ERP (default REMOTE_CHECK_MS); the holds list asks too. */
  remoteCheckMs?: number;
}

/** How often the console asks the ERP about its active holds. */
export const REMOTE_CHECK_MS = 60_000;
/** The holds list (a screen opening) asks the ERP at most this often. */
export const REMOTE_CHECK_ON_OPEN_MS = 5_000;

/**
 * A hold released on another standalone console (issue 19) reaches this one through the ERP: every active
 * hold whose placement the ERP has is looked up there (periodically, and when the holds list is read,
 * at most every few seconds); one the ERP shows released is released here too, saying from which console,
 * by whom and when, and the line's interlock is cleared unless another active hold needs it. No release is
 * sent: the ERP has it already.
 */
export function remoteReleaseCheck(deps: HoldsDeps, check: HoldsPart['releasedElsewhere'], changed: () => void): (force?: boolean) => Promise<number> {
  let running = false;
  let last = -Infinity;
  return async (force = false) => {
    const now = deps.clock.now();
    if (running || (!force && now - last < REMOTE_CHECK_ON_OPEN_MS)) return 0;
    running = true;
    last = now;
    let released = 0;
    try {
      for (const h of activeHolds(deps.db)) {
        const it = h.placeOutboxId ? getItem(deps.db, h.placeOutboxId) : undefined;
        if (!it || it.state !== 'done' || !it.remoteKeys) continue;
        let payload: unknown = null;
        try {
          payload = JSON.parse(it.payload);
        } catch {
          continue;
        }
        const r = await check({ id: it.id, payload, remoteKeys: it.remoteKeys });
        if (!r.ok) {
          deps.log.warn('Could not ask the ERP whether a hold was released there', { holdId: h.id, error: r.error.message });
          break; // the ERP is not answering: the next check tries again
        }
        if (!r.value) continue;
        const text = `Released from ${r.value.on} by ${r.value.by} at ${r.value.at}`;
        const actor: Actor = { userId: 'erp', displayName: `${r.value.by} (${r.value.on})`.slice(0, 80), roles: [] };
        const at = deps.clock.now();
        const done = deps.db.transaction(() => {
          const ok1 = markReleased(deps.db, { id: h.id, expectedRevision: h.revision, at, by: 'erp', byName: actor.displayName, confirmedBy: 'erp:other-console', confirmedByName: `confirmed on ${r.value!.on}`.slice(0, 80), reason: text, releaseOutboxId: null });
          if (ok1) recordAudit(deps.db, { at, actor, action: 'holds.releasedElsewhere', target: h.id, details: { on: r.value!.on, by: r.value!.by, at: r.value!.at, placeReference: it.id }, outcome: 'ok' });
          return ok1;
        })();
        if (!done) continue; // released or changed here in the meantime
        released++;
        deps.log.info('Hold released on another console, learnt from the ERP', { holdId: h.id, on: r.value.on });
        await clearIfLast(deps, h.id, lineOfScope(h.scope), actor);
      }
    } finally {
      running = false;
    }
    if (released > 0) changed();
    return released;
  };
}

export function holdsChanged(deps: Pick<HoldsDeps, 'db' | 'clock'>): HoldsChanged {
  return { at: deps.clock.now(), active: activeHolds(deps.db).map(toMarker) };
}

export function holdsHandlers(deps: HoldsDeps, newId: () => string = randomUUID, onOpen: () => void = () => {}): HandlerGroup<Keys> {
  const changed = () => deps.publish(holdsChanged(deps));
  return {
    'holds.list': (req, ctx) => (
      onOpen(),
      ok({
        holds: listHolds(deps.db, { includeReleased: req.includeReleased, limit: req.limit }).map((h) => toHoldView(deps.db, h, ctx.now, lineIdsOf(deps.config))),
        active: activeHolds(deps.db).map(toMarker),
      })
    ),
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
  const remote = deps.outbox && options.remoteCheck ? remoteReleaseCheck(deps, options.remoteCheck, () => deps.publish(holdsChanged(deps))) : null;
  const checkNow = (force: boolean) => void remote?.(force).catch((e: unknown) => deps.log.warn('The check of holds in the ERP failed', { error: (e as Error).message }));
  let timer: { dispose(): void } | null = null;
  return {
    deps,
    handlers: holdsHandlers(deps, randomUUID, () => checkNow(false)),
    start() {
      deps.publish(holdsChanged(deps));
      if (remote) {
        checkNow(true);
        timer = ctx.ports.clock.setInterval(options.remoteCheckMs ?? REMOTE_CHECK_MS, () => checkNow(true));
      }
    },
    dispose() {
      timer?.dispose();
    },
  };
}
