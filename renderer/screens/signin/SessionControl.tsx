import { ROLE_LABELS } from '../../../shared/domain/actor.ts';
import { lockNow, openSignIn, signOut, useSession } from '../../stores/sessionStore.ts';

/** The header's user area: who acts here, and the sign-in, switch, lock and sign-out buttons. */
export function SessionControl() {
  const s = useSession();
  if (!s) return null;
  if (s.viewerOnly) {
    return (
      <div className="session-control" data-testid="session-control">
        <span className="session-control__name">Wall board (view only)</span>
      </div>
    );
  }
  return (
    <div className="session-control" data-testid="session-control">
      <div className="session-control__who">
        <span className="session-control__label">{s.signedIn ? s.actor.roles.map((r) => ROLE_LABELS[r]).join(', ') : 'Not signed in'}</span>
        <span className="session-control__name" data-testid="session-user">
          {s.signedIn ? s.actor.displayName : 'Viewer'}
        </span>
      </div>
      {s.signedIn ? (
        <>
          <button type="button" className="button" onClick={openSignIn} data-testid="switch-user">
            Switch user
          </button>
          <button type="button" className="button" onClick={() => void lockNow()} data-testid="lock-now">
            Lock
          </button>
          <button type="button" className="button button--quiet" onClick={() => void signOut()} data-testid="sign-out">
            Sign out
          </button>
        </>
      ) : (
        <button type="button" className="button button--primary" onClick={openSignIn} data-testid="sign-in">
          {s.needsBootstrap ? 'Set up' : 'Sign in'}
        </button>
      )}
    </div>
  );
}

/** Under the header while locked: the live views stay fully visible; only actions wait for a sign-in. */
export function LockBar() {
  const s = useSession();
  if (!s?.locked) return null;
  return (
    <div className="lock-bar" role="status" data-testid="lock-bar">
      <span className="lock-bar__title">Screen locked</span>
      <span className="lock-bar__text">{s.locked.displayName} was signed in. Live views stay up to date; sign in to act.</span>
      <button type="button" className="button button--primary" onClick={openSignIn} data-testid="lock-signin">
        Sign in
      </button>
    </div>
  );
}
