import type { AuthSession } from '../../../../shared/contract/domains/auth.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import { refuseKey } from '../../../../shared/contract/refusal.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { readLanguage, writeLanguage } from './languageRepo.ts';
import type { PeopleDeps } from './peopleDeps.ts';
import { sessionView } from './sessionView.ts';

/**
 * `auth.setLanguage`: the signed-in person chooses the language of their screens (null: the plant's).
 * Their own setting only, so anyone signed in may; the change and its audit record are one transaction.
 * The answer is the session view, which carries the language the screen then switches to.
 */
export function languageHandlers(deps: PeopleDeps): HandlerGroup<'auth.setLanguage'> {
  return {
    'auth.setLanguage': (req, ctx): ReturnType<HandlerGroup<'auth.setLanguage'>['auth.setLanguage']> => {
      const state = deps.sessions.state(ctx.sessionId);
      if (!state?.signedIn) return refuseKey('UNAUTHENTICATED', 'people.languageSignIn');
      const userId = ctx.actor.userId;
      const before = readLanguage(deps.db, userId);
      if (before !== req.language) {
        deps.db.transaction(() => {
          writeLanguage(deps.db, userId, req.language, ctx.now);
          recordAudit(deps.db, { at: ctx.now, actor: ctx.actor, action: 'auth.setLanguage', target: userId, details: { from: before, to: req.language }, outcome: 'ok' });
        })();
      }
      return ok(sessionView(deps, ctx.sessionId) satisfies AuthSession);
    },
  };
}
