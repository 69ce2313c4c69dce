import { useEffect, useState } from 'react';
import type { CaseView } from '../../../shared/contract/domains/cases.ts';
import type { CaseEvidence } from '../../../shared/domain/maintenanceCase.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { PriorityMark } from '../../components/PriorityMark.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useFormat, useT } from '../../i18n/index.tsx';
import { linesStore } from '../../stores/linesStore.ts';

/** The CMMS products by name (product names, the same in every language). */
const SYSTEM_NAMES: Readonly<Record<string, string>> = { servicenow: 'ServiceNow', maintainx: 'MaintainX' };

interface Loaded {
  readonly case: CaseView;
  readonly evidence: CaseEvidence;
  readonly notes: readonly { readonly at: number; readonly by: string; readonly text: string }[];
  readonly cmmsUrl: string | null;
  /** The technician's name as the CMMS gave it at the last read-back; null when nobody or not read yet. */
  readonly technician: string | null;
  readonly statusHistory: readonly { readonly at: number; readonly status: CaseView['status']; readonly remote: string | null }[];
}

/** One case: its CMMS number, where it stands and how it got there, the technician, and the work notes. */
export function CaseDetail({ id, onClose }: { readonly id: string; readonly timeZone: string | undefined; readonly onClose: () => void }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const t = useT('cases');
  const f = useFormat();
  useEffect(() => {
    let live = true;
    void activeClient()
      .invoke('cases.get', { id })
      .then((r) => {
        if (!live) return;
        if (r.ok) setData(r.value);
        else setError(r.error);
      });
    return () => {
      live = false;
    };
  }, [id]);
  if (error) return <ErrorNote error={error} className="form-error" testId="case-detail-error" />;
  if (!data) return <p className="muted">{t('detail.loading')}</p>;
  const c = data.case;
  const at = (ms: number) => f.clock(ms);
  const remote = (s: string) => t('detail.remote', { status: s });
  // Raised by whom, then every status the console learnt from the CMMS (case_status_event), then where its delivery stands.
  const history: { at: number | null; text: string }[] = [{ at: c.createdAt, text: t('detail.historyRaised', { by: data.evidence.note.by }) }];
  for (const h of data.statusHistory.slice(1)) history.push({ at: h.at, text: `${t(`status.${h.status}`)}${h.remote ? ` (${remote(h.remote)})` : ''}` });
  if (c.delivery === 'rejected' || c.delivery === 'parked') history.push({ at: null, text: t('detail.historyRefused') });
  else if (c.delivery !== 'done') history.push({ at: null, text: t('detail.historyWaiting') });
  const d = data.evidence.downtime;
  return (
    <section className="panel case-detail" data-testid="case-detail" data-case={c.id} aria-label={t('detail.title', { number: c.externalNumber ?? '' })}>
      <div className="panel__head">
        <h2 className="panel__title">
          <PriorityMark priority={c.priority} size={22} numbered /> {t('detail.title', { number: c.externalNumber ?? '' })} · {c.title}
        </h2>
        <button type="button" className="button" onClick={onClose} data-testid="case-detail-close">
          {t('detail.close')}
        </button>
      </div>
      <dl className="case-detail__facts">
        <dt>{t('detail.number')}</dt>
        <dd data-testid="case-detail-number">
          {c.externalNumber ? (
            <>
              <span className="mono">{c.externalNumber}</span> {c.system ? `(${SYSTEM_NAMES[c.system] ?? c.system})` : null}
              {data.cmmsUrl ? (
                <>
                  {' · '}
                  <a href={data.cmmsUrl} target="_blank" rel="noopener noreferrer" data-testid="case-detail-link">
                    {t('detail.openInCmms')}
                  </a>
                </>
              ) : null}
            </>
          ) : (
            t('detail.notSentYet')
          )}
        </dd>
        <dt>{t('detail.line')}</dt>
        <dd>{linesStore.getState().byId[c.lineId]?.name ?? data.evidence.line.name}</dd>
        <dt>{t('detail.status')}</dt>
        <dd data-testid="case-detail-status">
          {t(`status.${c.status}`)}
          {c.remoteStatus ? `, ${remote(c.remoteStatus)}` : ''}; {c.statusCheckedAt !== null ? t('detail.checked', { time: at(c.statusCheckedAt) }) : t('detail.neverChecked')}
        </dd>
        <dt>{t('detail.technician')}</dt>
        <dd data-testid="case-detail-technician">{data.technician ?? (c.status === 'assigned' || c.status === 'in_progress' ? t('detail.technicianFromStatus') : t('detail.technicianNone'))}</dd>
        {d ? (
          <>
            <dt>{t('detail.downtime')}</dt>
            <dd>{t('detail.downtimeLine', { state: t(`common:machineStates.${d.state}`, { defaultValue: d.state }), duration: f.duration(d.durationMs), reason: d.reasonLabel ?? t('detail.notCoded') })}</dd>
          </>
        ) : null}
      </dl>
      <h3 className="alert-detail__h">{t('detail.history')}</h3>
      <ol className="case-detail__history" data-testid="case-detail-history">
        {history.map((h, i) => (
          <li key={i}>
            {h.at !== null ? <span className="mono">{at(h.at)} </span> : null}
            {h.text}
          </li>
        ))}
      </ol>
      <h3 className="alert-detail__h">{t('detail.notes')}</h3>
      <ul className="case-detail__notes" data-testid="case-detail-notes">
        <li>
          <span className="mono">{at(data.evidence.note.at)}</span> {data.evidence.note.by} ({t('detail.first')}): {data.evidence.note.text}
        </li>
        {data.notes.map((n) => (
          <li key={`${n.at}-${n.text}`}>
            <span className="mono">{at(n.at)}</span> {n.by}: {n.text}
          </li>
        ))}
      </ul>
      {data.notes.length === 0 ? <p className="muted">{t('detail.noNotes')}</p> : null}
      <h3 className="alert-detail__h">{t('detail.alerts')}</h3>
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
