import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { Badge } from '../components/Badge.tsx';
import { useT } from '../i18n/index.tsx';
import { KioskScreen } from '../screens/kiosk/KioskScreen.tsx';
import { LockBar, SessionControl } from '../screens/signin/SessionControl.tsx';
import { SignInDialog } from '../screens/signin/SignInDialog.tsx';
import { selectRoles, sessionStore, useSession } from '../stores/sessionStore.ts';
import { useActorLabel, useMode, usePlantName } from '../stores/systemStore.ts';
import { AlarmSummary, AlertsTabCount } from './AlarmSummary.tsx';
import { Banners } from './Banners.tsx';
import { HeaderStatus, PlantClock } from './HeaderStatus.tsx';
import { HelpPanel } from './HelpPanel.tsx';
import { KIOSK_HASH, useKioskMode } from './kiosk.ts';
import { ROUTES, hrefFor } from './routes.tsx';
import { useHashRoute } from './useHashRoute.ts';

export function AppShell() {
  const kiosk = useKioskMode();
  if (kiosk.on) return <KioskScreen mode={kiosk} />;
  return <ConsoleShell />;
}

function ConsoleShell() {
  const routeId = useHashRoute();
  const plantName = usePlantName();
  const mode = useMode();
  const actor = useActorLabel();
  const session = useSession();
  const roles = useStore(sessionStore, selectRoles);
  const route = ROUTES.find((r) => r.id === routeId) ?? ROUTES[0];
  const [help, setHelp] = useState(false);
  useEffect(() => setHelp(false), [routeId]);
  // The viewer role (and a wall-board session) is offered the full-screen board; others may open #/kiosk.
  const offerBoard = Boolean(session?.viewerOnly) || roles.includes('viewer') || (session !== null && !session.signedIn);
  const t = useT('common');

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="app-header" data-testid="app-header">
        <div className="app-header__top" data-testid="header-top">
          <div className="app-header__plant">
            <span className="app-header__plant-name" data-testid="plant-name" title={plantName || t('shell.fallbackName')}>
              {plantName || t('shell.fallbackName')}
            </span>
            {mode === 'demo' ? (
              <Badge variant="neutral" testId="demo-badge">
                {t('shell.demo')}
              </Badge>
            ) : null}
          </div>
          <AlarmSummary />
          <span className="app-header__spacer" />
          <PlantClock />
          <div className="app-header__tools">
            <button type="button" className="button button--quiet header-button" aria-expanded={help} onClick={() => setHelp((h) => !h)} data-testid="help-toggle">
              {t('help:ui.button')}
            </button>
            {offerBoard ? (
              <button
                type="button"
                className="button button--quiet header-button"
                title={t('shell.wallBoardTitle')}
                onClick={() => {
                  void document.documentElement.requestFullscreen?.().catch(() => undefined);
                  window.location.hash = KIOSK_HASH;
                }}
                data-testid="wallboard-open"
              >
                {t('shell.wallBoard')}
              </button>
            ) : null}
          </div>
          <div className="app-header__actor" data-testid="actor" title={actor}>
            <SessionControl />
          </div>
        </div>
        <div className="app-header__status" data-testid="header-status-row">
          <HeaderStatus />
        </div>
        <nav className="app-nav" aria-label={t('shell.screens')} data-testid="app-nav">
          {ROUTES.filter((r) => !r.roles || r.roles.some((x) => roles.includes(x))).map((r) => (
            <a key={r.id} className="app-nav__item" href={hrefFor(r.id)} aria-current={r.id === route?.id ? 'page' : undefined} data-testid={`nav-${r.id}`}>
              {t(r.label)}
              {r.id === 'alerts' ? <AlertsTabCount /> : null}
            </a>
          ))}
        </nav>
      </header>
      {help && route ? <HelpPanel routeId={route.id} onClose={() => setHelp(false)} /> : null}
      <LockBar />
      <Banners />
      <SignInDialog />
      <main id="main" className="app-main" tabIndex={-1}>
        {route?.render()}
      </main>
    </div>
  );
}
