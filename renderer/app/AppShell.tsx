import { useStore } from 'zustand';
import { Badge } from '../components/Badge.tsx';
import { LockBar, SessionControl } from '../screens/signin/SessionControl.tsx';
import { SignInDialog } from '../screens/signin/SignInDialog.tsx';
import { selectRoles, sessionStore } from '../stores/sessionStore.ts';
import { useActorLabel, useMode, usePlantName } from '../stores/systemStore.ts';
import { Banners } from './Banners.tsx';
import { HeaderStatus } from './HeaderStatus.tsx';
import { ROUTES, hrefFor } from './routes.tsx';
import { useHashRoute } from './useHashRoute.ts';

export function AppShell() {
  const routeId = useHashRoute();
  const plantName = usePlantName();
  const mode = useMode();
  const actor = useActorLabel();
  const roles = useStore(sessionStore, selectRoles);
  const route = ROUTES.find((r) => r.id === routeId) ?? ROUTES[0];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__top">
          <div className="app-header__plant">
            <span className="app-header__plant-name" data-testid="plant-name">
              {plantName || 'Plant Operations Console'}
            </span>
            {mode === 'demo' ? (
              <Badge variant="neutral" testId="demo-badge">
                DEMO PLANT
              </Badge>
            ) : null}
          </div>
          <HeaderStatus />
          <div className="app-header__actor" data-testid="actor" title={actor}>
            <SessionControl />
          </div>
        </div>
        <nav className="app-nav" aria-label="Screens">
          {ROUTES.filter((r) => !r.roles || r.roles.some((x) => roles.includes(x))).map((r) => (
            <a key={r.id} className="app-nav__item" href={hrefFor(r.id)} aria-current={r.id === route?.id ? 'page' : undefined}>
              {r.label}
            </a>
          ))}
        </nav>
      </header>
      <LockBar />
      <Banners />
      <SignInDialog />
      <main id="main" className="app-main" tabIndex={-1}>
        {route?.render()}
      </main>
    </div>
  );
}
