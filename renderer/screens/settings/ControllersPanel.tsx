import type { ControllerDetail } from '../../../shared/contract/domains/connectivity.ts';
import { useNow } from '../../app/useNow.ts';
import { formatClock, formatDuration } from '../../format/time.ts';
import { useControllers } from '../../stores/connectivityStore.ts';
import { ControllerAccess } from './ControllerAccessPanel.tsx';

const LINK_WORDS: Readonly<Record<ControllerDetail['link'], string>> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting',
  disconnected: 'Not connected',
  misconfigured: 'Configuration error',
};

/** Every controller link: honest about freshness, gaps, sessions and why it is not connected. */
export function ControllersPanel() {
  const d = useControllers();
  const now = useNow();
  if (!d) return <p className="muted">Loading controller links…</p>;
  return (
    <div className="settings-cards">
      {d.controllers.map((c) => {
        const abnormal = c.link !== 'connected' || c.staleSince !== null;
        return (
          <article key={c.controllerId} className={`panel settings-card${abnormal ? ' settings-card--abnormal' : ''}`} data-testid="controller-card" data-controller={c.controllerId}>
            <header className="settings-card__head">
              <h3>{c.name}</h3>
              <span className={`link-word${abnormal ? ' link-word--abnormal' : ''}`} data-testid="controller-link">
                {c.staleSince !== null && c.link === 'connected' ? `Stale since ${formatClock(c.staleSince)}` : LINK_WORDS[c.link]}
              </span>
            </header>
            {c.insecure ? (
              <p className="insecure-note" data-testid="controller-insecure">
                Not secured: security policy None (demo plant only). Values could be read or changed on the network.
              </p>
            ) : null}
            <dl className="facts">
              <dt>Endpoint</dt>
              <dd className="mono">{c.endpoint}</dd>
              <dt>Security</dt>
              <dd>{c.securityMode} / {c.securityPolicy}</dd>
              <dt>Last heard</dt>
              <dd>{c.lastHeardAt === null ? '—' : `${formatDuration(Math.max(0, now - c.lastHeardAt))} ago`}</dd>
              <dt>Sessions</dt>
              <dd data-testid="controller-sessions">
                {c.sessions ? `${c.sessions.usedByConsole} used by this console · ${c.sessions.current ?? '?'} open on the controller${c.sessions.max ? ` of ${c.sessions.max}` : ''}` : '—'}
              </dd>
              <dt>Controller started</dt>
              <dd>{c.serverStartTime === null ? '—' : formatClock(c.serverStartTime)}</dd>
            </dl>
            {c.error ? (
              <div className="command-error" role="alert" data-testid="controller-error">
                <p>{c.error.message}</p>
                {c.error.offered ? <p>Offered by the controller: {c.error.offered.join(', ')}</p> : null}
              </div>
            ) : null}
            <ControllerAccess c={c} />
            {c.recentGaps.length > 0 ? (
              <details>
                <summary>{c.recentGaps.length} recent gap(s) in live data</summary>
                <ul className="gap-list" data-testid="controller-gaps">
                  {c.recentGaps.map((g) => (
                    <li key={g.seq}>
                      {formatClock(g.lostAt)} – {formatClock(g.restoredAt)} ({formatDuration(g.restoredAt - g.lostAt)}): {g.reason}
                      {g.serverRestarted ? '; the controller restarted, counters may have reset' : ''}. Counts made meanwhile are attributed to this gap.
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
