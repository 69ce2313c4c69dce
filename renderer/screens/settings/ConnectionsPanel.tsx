import { useEffect, useState } from 'react';
import type { ConnectionCheckReport } from '../../../shared/contract/domains/system.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';

const mark = (ok: boolean | null): string => (ok === true ? '✓' : ok === false ? '✗' : '–');

/**
 * Settings › Connections: the ERP and CMMS connection check, one line per answer (network, sign-in,
 * service definition, read-back), as of start-up or the last "Check again".
 */
export function ConnectionsPanel() {
  const [report, setReport] = useState<ConnectionCheckReport | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT('settings');
  const tm = useTMessage();
  const f = useFormat();
  const load = async (recheck: boolean) => {
    setBusy(true);
    const r = await activeClient().invoke('system.checkConnections', { recheck });
    setBusy(false);
    if (r.ok) {
      setReport(r.value);
      setError(null);
    } else setError(r.error);
  };
  useEffect(() => {
    void load(false);
  }, []);
  return (
    <div data-testid="connections">
      <p className="muted">
        {t('connections.intro')}
      </p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void load(true)} data-testid="connections-recheck">
        {busy ? t('connections.checking') : t('connections.recheck')}
      </button>
      <ErrorNote error={error} testId="connections-error" />
      {report === null ? <p className="muted">{t('connections.loading')}</p> : null}
      {report && report.targets.length === 0 ? <p className="muted" data-testid="connections-none">{t('connections.none')}</p> : null}
      {report?.checkedAt ? <p className="muted">{t('connections.checkedAt', { at: f.dateTime(report.checkedAt) })}</p> : null}
      {report?.targets.map((target) => (
        <section key={target.target} className="card" data-testid={`connection-${target.target}`}>
          <h3>{target.label}</h3>
          <p className="muted">
            {target.address}
            {target.route ? ` · ${target.route}` : ''}
          </p>
          <ul>
            {target.lines.map((l, i) => (
              <li key={i} className={l.ok === false ? 'command-error' : undefined} data-testid="connection-line" data-ok={String(l.ok)}>
                <span aria-hidden="true">{mark(l.ok)} </span>
                {tm(l.msg, l.text)}
                {l.technical ? (
                  <details className="error-details">
                    <summary>{t('core:ui.details')}</summary>
                    <pre>{l.technical}</pre>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
