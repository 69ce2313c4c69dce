import { useT } from '../../i18n/index.tsx';
import { lockNow, openSignIn, signOut, useSession } from '../../stores/sessionStore.ts';

/** The header's user area: who acts here, and the sign-in, switch, lock and sign-out buttons. */
export function SessionControl() {
  const s = useSession();
  const t = useT('signin');
  if (!s) return null;
  if (s.viewerOnly) {
    return (
      <div className="session-control" data-testid="session-control">
        <span className="session-control__name">{t('session.wallBoard')}</span>
      </div>
    );
  }
  return (
    <div className="session-control" data-testid="session-control">
      <div className="session-control__who">
        <span className="session-control__label">{s.signedIn ? s.actor.roles.map((r) => t(`common:roles.${r}`)).join(', ') : t('session.notSignedIn')}</span>
        <span className="session-control__name" data-testid="session-user">
          {s.signedIn ? s.actor.displayName : t('session.viewer')}
        </span>
      </div>
      {s.signedIn ? (
        <>
          <button type="button" className="button" onClick={openSignIn} title={t('session.switchUserTitle')} data-testid="switch-user">
            {t('session.switchUser')}
          </button>
          <button type="button" className="button" onClick={() => void lockNow()} title={t('session.lockTitle')} data-testid="lock-now">
            {t('session.lock')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => void signOut()} data-testid="sign-out">
            {t('session.signOut')}
          </button>
        </>
      ) : (
        <button type="button" className="button button--primary" onClick={openSignIn} data-testid="sign-in">
          {s.needsBootstrap ? t('session.setUp') : t('session.signIn')}
        </button>
      )}
    </div>
  );
}

/** Under the header while locked: the live views stay fully visible; only actions wait for a sign-in. */
export function LockBar() {
  const s = useSession();
  const t = useT('signin');
  if (!s?.locked) return null;
  return (
    <div className="lock-bar" role="status" data-testid="lock-bar">
      <span className="lock-bar__title">{t('lockBar.title')}</span>
      <span className="lock-bar__text">{t('lockBar.text', { name: s.locked.displayName })}</span>
      <button type="button" className="button button--primary" onClick={openSignIn} data-testid="lock-signin">
        {t('lockBar.signIn')}
      </button>
    </div>
  );
}
