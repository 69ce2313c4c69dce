import { useEffect, useState } from 'react';
import { formatClock } from '../../format/time.ts';
import { exportAudit, loadAudit, setAuditFilter, useAudit, verifyAuditTrail } from '../../stores/auditStore.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField } from '../../components/LimitedField.tsx';
import { useTimeZone } from '../../stores/systemStore.ts';

const READERS = ['admin', 'quality'] as const;

/** The audit trail: filters, newest first, verify the hash chain, export for auditors. */
export function AuditScreen() {
  const may = useMay(READERS);
  const a = useAudit();
  const tz = useTimeZone();
  const [draft, setDraft] = useState({ userId: '', action: '', outcome: '', from: '', to: '' });
  const person = usePersonKey();
  useEffect(() => {
    if (may) void loadAudit();
  }, [may, person]);
  if (!may) return <p className="empty" data-testid="audit-denied">The audit trail is for quality leads and administrators. Sign in as one to see it.</p>;

  const apply = () => {
    setAuditFilter({
      ...(draft.userId ? { userId: draft.userId } : {}),
      ...(draft.action ? { action: draft.action } : {}),
      ...(draft.outcome ? { outcome: draft.outcome as 'ok' | 'denied' | 'failed' } : {}),
      ...(draft.from ? { from: new Date(draft.from).getTime() } : {}),
      ...(draft.to ? { to: new Date(draft.to).getTime() } : {}),
    });
    void loadAudit();
  };
  return (
    <section data-testid="audit-screen">
      <h1 className="screen-title">Audit trail</h1>
      <div className="toolbar">
        <label className="field"><span className="field__label">User id</span><input className="field__input field__input--short" value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })} data-testid="audit-filter-user" /></label>
        <LimitedField className="field" inputClassName="field__input" limit={FIELD_LIMITS.auditAction} label="Action (or prefix “auth.”)" value={draft.action} onChange={(action) => setDraft({ ...draft, action })} testId="audit-filter-action" />
        <label className="field"><span className="field__label">Outcome</span>
          <select className="field__select" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })} data-testid="audit-filter-outcome">
            <option value="">any</option><option value="ok">ok</option><option value="denied">denied</option><option value="failed">failed</option>
          </select>
        </label>
        <label className="field"><span className="field__label">From</span><input className="field__input" type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} /></label>
        <label className="field"><span className="field__label">To</span><input className="field__input" type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} /></label>
        <button type="button" className="button button--primary" onClick={apply} data-testid="audit-apply">Apply</button>
        <button type="button" className="button" onClick={() => void verifyAuditTrail()} data-testid="audit-verify">Verify chain</button>
        <button type="button" className="button" onClick={() => void exportAudit('csv')} data-testid="audit-export-csv">Export CSV</button>
        <button type="button" className="button" onClick={() => void exportAudit('json')} data-testid="audit-export-json">Export JSON</button>
      </div>
      {a.verify ? (
        <p className={`verify ${a.verify.ok ? '' : 'verify--broken'}`} data-testid="audit-verify-result" role="status">
          {a.verify.ok
            ? `Chain intact: ${a.verify.count} records verified${a.verify.nearCapacity ? ` — at the warning size (${a.verify.warnRows}); archive it` : ''}.`
            : `CHAIN BROKEN at record ${a.verify.at} (${a.verify.problem}): ${a.verify.message}`}
        </p>
      ) : null}
      {a.error ? <p className="form-error" role="alert">{a.error}</p> : null}
      <table className="data-table" data-testid="audit-table">
        <thead><tr><th>#</th><th>Time</th><th>Who</th><th>Action</th><th>Target</th><th>Outcome</th><th>Details</th></tr></thead>
        <tbody>
          {a.records.map((r) => (
            <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-user={r.userId} data-outcome={r.outcome}>
              <td className="mono">{r.seq}</td>
              <td>{formatClock(r.at, tz)}<div className="muted mono">{new Date(r.at).toISOString().slice(0, 10)}</div></td>
              <td>{r.displayName}<div className="muted">{r.userId}</div></td>
              <td className="mono">{r.action}</td>
              <td className="mono">{r.target ?? ''}</td>
              <td><span className={`outcome outcome--${r.outcome}`}>{r.outcome}</span></td>
              <td className="mono">{r.details ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a.records.length === 0 && !a.loading ? <p className="empty">No records match.</p> : null}
      {a.hasMore ? <button type="button" className="button" onClick={() => void loadAudit(true)}>Older records</button> : null}
    </section>
  );
}
