import type { ControllerDetail } from '../../../shared/contract/domains/connectivity.ts';
import { useNow } from '../../app/useNow.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { useControllers } from '../../stores/connectivityStore.ts';
import { ControllerAccess } from './ControllerAccessPanel.tsx';

/** Every controller link: honest about freshness, gaps, sessions and why it is not connected. */
export function ControllersPanel() {
  const d = useControllers();
  const now = useNow();
  const t = useT('settings');
  const f = useFormat();
  if (!d) return <p className="muted">{t('controllers.loading')}</p>;
  return (
    <div className="settings-cards">
      {d.controllers.map((c) => {
        const abnormal = c.link !== 'connected' || c.staleSince !== null;
        return (
          <article key={c.controllerId} className={`panel settings-card${abnormal ? ' settings-card--abnormal' : ''}`} data-testid="controller-card" data-controller={c.controllerId}>
            <header className="settings-card__head">
              <h3>{c.name}</h3>
              <span className={`link-word${abnormal ? ' link-word--abnormal' : ''}`} data-testid="controller-link">
                {c.staleSince !== null && c.link === 'connected' ? t('controllers.staleSince', { at: f.clock(c.staleSince) }) : t(`controllers.link.${c.link}`)}
              </span>
            </header>
            {c.insecure ? (
              <p className="insecure-note" data-testid="controller-insecure">
                {t('controllers.insecure')}
              </p>
            ) : null}
            <dl className="facts">
              <dt>{t('controllers.endpoint')}</dt>
              <dd className="mono">{c.endpoint}</dd>
              <dt>{t('controllers.security')}</dt>
              <dd>{c.securityMode} / {c.securityPolicy}</dd>
              <dt>{t('controllers.lastHeard')}</dt>
              <dd>{c.lastHeardAt === null ? '—' : t('controllers.ago', { duration: f.duration(Math.max(0, now - c.lastHeardAt)) })}</dd>
              <dt>{t('controllers.sessions')}</dt>
              <dd data-testid="controller-sessions">
                {c.sessions ? t(c.sessions.max ? 'controllers.sessionsOfMax' : 'controllers.sessionsText', { used: c.sessions.usedByConsole, open: c.sessions.current ?? '?', max: c.sessions.max ?? 0 }) : '—'}
              </dd>
              <dt>{t('controllers.started')}</dt>
              <dd>{c.serverStartTime === null ? '—' : f.timeOrDateTime(c.serverStartTime, now)}</dd>
            </dl>
            {c.error ? (
              <div className="command-error" role="alert" data-testid="controller-error">
                <p>{c.error.message}</p>
                {c.error.offered ? <p>{t('controllers.offered', { list: c.error.offered.join(', ') })}</p> : null}
              </div>
            ) : null}
            <ControllerAccess c={c} />
            {c.recentGaps.length > 0 ? (
              <details>
                <summary>{t('controllers.gaps', { n: c.recentGaps.length })}</summary>
                <ul className="gap-list" data-testid="controller-gaps">
                  {c.recentGaps.map((g) => (
                    <li key={g.seq}>
                      {t('controllers.gap', { from: f.clock(g.lostAt), to: f.clock(g.restoredAt), duration: f.duration(g.restoredAt - g.lostAt), reason: g.reason })}
                      {g.serverRestarted ? t('controllers.gapRestarted') : ''}
                      {t('controllers.gapAttributed')}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </article>
        );
      })}
    </div>
  );
}
