import { ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { readPeopleSettings, writePeopleSettings } from './userRepo.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import type { PeopleDeps } from './peopleDeps.ts';
import { sessionView } from './sessionView.ts';
import { signIn } from './signIn.ts';

type AuthKeys = 'auth.session' | 'auth.signIn' | 'auth.signOut' | 'auth.lock' | 'auth.activity' | 'auth.resume' | 'auth.bootstrap' | 'auth.settings' | 'auth.setSettings';

export function authHandlers(deps: PeopleDeps): HandlerGroup<AuthKeys> {
  const bootstrapAttempts = { wrong: 0 };
  const settingsOut = () => {
    const s = readPeopleSettings(deps.db);
    return { idleLockMinutes: s.idleLockMinutes, lockoutThreshold: s.lockoutThreshold };
  };
  return {
    'auth.session': (_req, ctx) => ok(sessionView(deps, ctx.sessionId)),
    'auth.signIn': (req, ctx) => signIn(deps, req, ctx.sessionId, ctx.actor),
    'auth.signOut': (_req, ctx) => {
      const state = deps.sessions.state(ctx.sessionId);
      if (state?.signedIn) {
        // Audited before the session changes: a sign-out that cannot be recorded does not happen.
        recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'auth.signOut', target: ctx.actor.userId, details: { screen: ctx.sessionId.slice(0, 8) }, outcome: 'ok' });
      }
      deps.sessions.signOut(ctx.sessionId);
      return ok(sessionView(deps, ctx.sessionId));
    },
    'auth.lock': (_req, ctx) => {
      const state = deps.sessions.state(ctx.sessionId);
      if (state?.signedIn) {
        deps.sessions.lock(ctx.sessionId);
        try {
          recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'auth.lock', target: ctx.actor.userId, details: { screen: ctx.sessionId.slice(0, 8) }, outcome: 'ok' });
        } catch (e) {
          deps.log.error('Audit record of a lock could not be written', { error: e as Error });
        }
      }
      return ok(sessionView(deps, ctx.sessionId));
    },
    'auth.activity': (_req, ctx) => {
      if (deps.sessions.state(ctx.sessionId)?.signedIn) deps.sessions.touch(ctx.sessionId);
      return ok(sessionView(deps, ctx.sessionId));
    },
    'auth.resume': (req, ctx) => {
      // The secret names a server-side session; the screen never says who it is.
      const idleSince = ctx.now - deps.settings().idleLockMinutes * 60_000;
      const actor = deps.sessions.resume(ctx.sessionId, req.token, idleSince);
      if (!actor) return refuseKey('UNAUTHENTICATED', 'session.earlierEnded');
      try {
        recordAudit(deps.db, { at: ctx.now, actor, action: 'auth.resume', target: actor.userId, details: { screen: ctx.sessionId.slice(0, 8) }, outcome: 'ok' });
      } catch (e) {
        // A resume that cannot be recorded does not happen.
        deps.sessions.signOut(ctx.sessionId);
        throw e;
      }
      return ok(sessionView(deps, ctx.sessionId));
    },
    'auth.bootstrap': (req, ctx) => bootstrapAdmin(deps, bootstrapAttempts, req, ctx.sessionId, ctx.actor),
    'auth.settings': () => ok(settingsOut()),
    'auth.setSettings': (req, ctx) => {
      const before = settingsOut();
      deps.db.transaction(() => {
        writePeopleSettings(deps.db, req);
        recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'auth.setSettings', details: { from: before, to: req }, outcome: 'ok' });
      })();
      deps.reloadSettings();
      return ok(settingsOut());
    },
  };
}
