import { useEffect, useState } from 'react';
import type { CaseView } from '../../../shared/contract/domains/cases.ts';
import type { CaseEvidence } from '../../../shared/domain/maintenanceCase.ts';
import { CASE_STATUS_LABELS } from '../../../shared/domain/maintenanceCase.ts';
import { MACHINE_STATE_LABELS, type MachineState } from '../../../shared/domain/line.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { PriorityMark } from '../../components/PriorityMark.tsx';
import { formatClock, formatDuration } from '../../format/time.ts';
import { linesStore } from '../../stores/linesStore.ts';

/** Every word of the case detail (to move into a message catalogue). */
export const CASE_DETAIL_TEXT = {
  title: (n: string) => `Case ${n}`,
  notSentYet: 'no CMMS number yet (not in the CMMS yet)',
  close: 'Close',
  openInCmms: 'Open in the CMMS',
  loading: 'Loading the case…',
  number: 'CMMS number',
  system: { servicenow: 'ServiceNow', maintainx: 'MaintainX' } as Record<string, string>,
  status: 'Status',
  remote: (s: string) => `the CMMS says “${s}”`,
  checked: (t: string) => `last read from the CMMS at ${t}`,
  neverChecked: 'not read back from the CMMS yet',
  technician: 'Technician',
  technicianFromStatus: 'assigned in the CMMS (the CMMS status says so)',
  technicianNone: 'nobody assigned in the CMMS yet',
  history: 'Status history',
  historyRaised: (by: string) => `Raised by ${by}`,
  historyWaiting: 'Waiting to reach the CMMS',
  historyRefused: 'Refused by the CMMS: see the Outbox',
  notes: 'Work notes',
  noNotes: 'No notes added after the case was raised.',
  first: 'Planner’s note when raised',
  alerts: 'Alarms on this case',
  downtime: 'Stop',
  downtimeLine: (state: string, dur: string, reason: string) => `${state}, ${dur}; reason: ${reason}`,
  notCoded: 'not coded yet',
  line: 'Line',
} as const;

interface Loaded {
  readonly case: CaseView;
  readonly evidence: CaseEvidence;
  readonly notes: readonly { readonly at: number; readonly by: string; readonly text: string }[];
  readonly cmmsUrl: string | null;
  readonly statusHistory: readonly { readonly at: number; readonly status: CaseView['status']; readonly remote: string | null }[];
}

/** One case: its CMMS number, where it stands and how it got there, the technician, and the work notes. */
export function CaseDetail({ id, timeZone, onClose }: { readonly id: string; readonly timeZone: string | undefined; readonly onClose: () => void }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void activeClient()
      .invoke('cases.get', { id })
      .then((r) => {
        if (!live) return;
        if (r.ok) setData(r.value);
        else setError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [id]);
  const T = CASE_DETAIL_TEXT;
  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!data) return <p className="muted">{T.loading}</p>;
  const c = data.case;
  const at = (t: number) => formatClock(t, timeZone);
  // Raised by whom, then every status the console learnt from the CMMS (case_status_event), then where its delivery stands.
  const history: { at: number | null; text: string }[] = [{ at: c.createdAt, text: T.historyRaised(data.evidence.note.by) }];
  for (const h of data.statusHistory.slice(1)) history.push({ at: h.at, text: `${CASE_STATUS_LABELS[h.status]}${h.remote ? ` (${T.remote(h.remote)})` : ''}` });
  if (c.delivery === 'rejected' || c.delivery === 'parked') history.push({ at: null, text: T.historyRefused });
  else if (c.delivery !== 'done') history.push({ at: null, text: T.historyWaiting });
  const d = data.evidence.downtime;
  return (
    <section className="panel case-detail" data-testid="case-detail" data-case={c.id} aria-label={T.title(c.externalNumber ?? '')}>
      <div className="panel__head">
        <h2 className="panel__title">
          <PriorityMark priority={c.priority} size={22} numbered /> {T.title(c.externalNumber ?? '')} · {c.title}
        </h2>
        <button type="button" className="button" onClick={onClose} data-testid="case-detail-close">
          {T.close}
        </button>
      </div>
      <dl className="case-detail__facts">
        <dt>{T.number}</dt>
        <dd data-testid="case-detail-number">
          {c.externalNumber ? (
            <>
              <span className="mono">{c.externalNumber}</span> {c.system ? `(${T.system[c.system] ?? c.system})` : null}
              {data.cmmsUrl ? (
                <>
                  {' · '}
                  <a href={data.cmmsUrl} target="_blank" rel="noopener noreferrer" data-testid="case-detail-link">
                    {T.openInCmms}
                  </a>
                </>
              ) : null}
            </>
          ) : (
            T.notSentYet
          )}
        </dd>
        <dt>{T.line}</dt>
        <dd>{linesStore.getState().byId[c.lineId]?.name ?? data.evidence.line.name}</dd>
        <dt>{T.status}</dt>
        <dd data-testid="case-detail-status">
          {CASE_STATUS_LABELS[c.status]}
          {c.remoteStatus ? `, ${T.remote(c.remoteStatus)}` : ''}; {c.statusCheckedAt !== null ? T.checked(at(c.statusCheckedAt)) : T.neverChecked}
        </dd>
        <dt>{T.technician}</dt>
        <dd data-testid="case-detail-technician">{c.status === 'assigned' || c.status === 'in_progress' ? T.technicianFromStatus : T.technicianNone}</dd>
        {d ? (
          <>
            <dt>{T.downtime}</dt>
            <dd>{T.downtimeLine(MACHINE_STATE_LABELS[d.state as MachineState] ?? d.state, formatDuration(d.durationMs), d.reasonLabel ?? T.notCoded)}</dd>
          </>
        ) : null}
      </dl>
      <h3 className="alert-detail__h">{T.history}</h3>
      <ol className="case-detail__history" data-testid="case-detail-history">
        {history.map((h, i) => (
          <li key={i}>
            {h.at !== null ? <span className="mono">{at(h.at)} </span> : null}
            {h.text}
          </li>
        ))}
      </ol>
      <h3 className="alert-detail__h">{T.notes}</h3>
      <ul className="case-detail__notes" data-testid="case-detail-notes">
        <li>
          <span className="mono">{at(data.evidence.note.at)}</span> {data.evidence.note.by} ({T.first}): {data.evidence.note.text}
        </li>
        {data.notes.map((n) => (
          <li key={`${n.at}-${n.text}`}>
            <span className="mono">{at(n.at)}</span> {n.by}: {n.text}
          </li>
        ))}
      </ul>
      {data.notes.length === 0 ? <p className="muted">{T.noNotes}</p> : null}
      <h3 className="alert-detail__h">{T.alerts}</h3>
      <ul className="case-detail__alerts">
        {data.evidence.alerts.map((a) => (
          <li key={a.id}>
            <PriorityMark priority={a.priority} size={18} /> {a.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
