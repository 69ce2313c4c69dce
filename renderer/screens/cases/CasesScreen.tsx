import { useState } from 'react';
import { PriorityMark } from '../../components/PriorityMark.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { CASE_STATUS_LABELS } from '../../../shared/domain/maintenanceCase.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { formatClock } from '../../format/time.ts';
import { useCases } from '../../stores/casesStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';

const DELIVERY: Record<string, string> = { queued: 'waiting to send', sending: 'sending', done: 'in the CMMS', needs_check: 'checking the CMMS', rejected: 'REFUSED by the CMMS', parked: 'PARKED (see outbox)', unknown: '—' };

/** The words of the case list (to move into a message catalogue). */
export const CASES_TEXT = { notInCmms: 'Not in the CMMS yet' } as const;

/** Open and recently closed maintenance cases, with where each is on its way to the CMMS. */
export function CasesScreen() {
  const cases = useCases();
  const tz = useTimeZone();
  const mayRefresh = useMay(['planner', 'supervisor']);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section data-testid="cases-screen">
      <h1 className="screen-title">Maintenance cases</h1>
      {mayRefresh ? (
        <div className="toolbar">
          <button type="button" className="button" onClick={() => void activeClient().invoke('cases.refresh', {})} data-testid="cases-refresh">
            Check status in the CMMS now
          </button>
        </div>
      ) : null}
      {open ? <CaseDetail key={open} id={open} timeZone={tz} onClose={() => setOpen(null)} /> : null}
      {cases.length === 0 ? (
        <p className="empty">No open cases.</p>
      ) : (
        <table className="data-table" data-testid="cases-table">
          <thead>
            <tr>
              <th>Case</th>
              <th>Line</th>
              <th>Title</th>
              <th>Priority</th>
              <th>Status</th>
              <th>Delivery</th>
              <th>Raised</th>
              <th>Alerts / notes</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id} data-testid={`case-row-${c.id}`} data-status={c.status}>
                <td>
                  <button type="button" className="button button--quiet mono" aria-pressed={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)} data-testid={`case-open-${c.id}`}>
                    {c.externalNumber ?? CASES_TEXT.notInCmms}
                  </button>
                </td>
                <td>
                  {c.lineId}
                  <LineHeldBadge lineId={c.lineId} small testId={`case-held-${c.id}`} />
                </td>
                <td>
                  {c.title}
                  {c.machineDown ? ' (machine down)' : ''}
                </td>
                <td>
                  <PriorityMark priority={c.priority} size={20} numbered /> P{c.priority}
                </td>
                <td data-testid={`case-status-${c.id}`}>
                  {CASE_STATUS_LABELS[c.status]}
                  {c.remoteStatus ? <span className="case-remote"> ({c.remoteStatus})</span> : null}
                </td>
                <td className={c.delivery === 'rejected' || c.delivery === 'parked' ? 'is-abnormal' : ''}>{DELIVERY[c.delivery] ?? c.delivery}</td>
                <td>
                  {formatClock(c.createdAt, tz)} by {c.createdBy}
                </td>
                <td>
                  {c.alertIds.length} / {c.updates}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
