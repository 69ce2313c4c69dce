import { useEffect, useState } from 'react';
import type { ConnectionCheckReport } from '../../../shared/contract/domains/system.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';

const mark = (ok: boolean | null): string => (ok === true ? '✓' : ok === false ? '✗' : '–');
const when = (ms: number): string => new Date(ms).toLocaleString();

/**
 * Settings › Connections: the ERP and CMMS connection check, one line per answer (network, sign-in,
 * service definition, read-back), as of start-up or the last "Check again".
 */
export function ConnectionsPanel() {
  const [report, setReport] = useState<ConnectionCheckReport | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
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
        How this workstation reaches the ERP and the CMMS: through which network route, whether it signs in, whether the service offers what the console uses, and whether it can find its own records again after a lost answer.
      </p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void load(true)} data-testid="connections-recheck">
        {busy ? 'Checking…' : 'Check again'}
      </button>
      <ErrorNote error={error} testId="connections-error" />
      {report === null ? <p className="muted">Loading…</p> : null}
      {report && report.targets.length === 0 ? <p className="muted" data-testid="connections-none">No ERP or CMMS is configured for this plant.</p> : null}
      {report?.checkedAt ? <p className="muted">Checked {when(report.checkedAt)}</p> : null}
      {report?.targets.map((t) => (
        <section key={t.target} className="card" data-testid={`connection-${t.target}`}>
          <h3>{t.label}</h3>
          <p className="muted">
            {t.address}
            {t.route ? ` · ${t.route}` : ''}
          </p>
          <ul>
            {t.lines.map((l, i) => (
              <li key={i} className={l.ok === false ? 'command-error' : undefined} data-testid="connection-line" data-ok={String(l.ok)}>
                <span aria-hidden="true">{mark(l.ok)} </span>
                {l.text}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
