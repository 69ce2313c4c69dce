import { useState } from 'react';
import { PriorityMark } from '../../components/PriorityMark.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { activeClient } from '../../bridge/activeClient.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { lineName } from '../alerts/AlertRow.tsx';
import { useCases } from '../../stores/casesStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';

/** Open and recently closed maintenance cases, with where each is on its way to the CMMS. */
export function CasesScreen() {
  const cases = useCases();
  const tz = useTimeZone();
  const mayRefresh = useMay(['planner', 'supervisor']);
  const [open, setOpen] = useState<string | null>(null);
  const t = useT('cases');
  const f = useFormat();
  return (
    <section data-testid="cases-screen">
      <h1 className="screen-title">{t('title')}</h1>
      {mayRefresh ? (
        <div className="toolbar">
          <button type="button" className="button" onClick={() => void activeClient().invoke('cases.refresh', {})} data-testid="cases-refresh">
            {t('refresh')}
          </button>
        </div>
      ) : null}
      {open ? <CaseDetail key={open} id={open} timeZone={tz} onClose={() => setOpen(null)} /> : null}
      {cases.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <table className="data-table" data-testid="cases-table">
          <thead>
            <tr>
              <th>{t('cols.case')}</th>
              <th>{t('cols.line')}</th>
              <th>{t('cols.title')}</th>
              <th>{t('cols.priority')}</th>
              <th>{t('cols.status')}</th>
              <th>{t('cols.delivery')}</th>
              <th>{t('cols.raised')}</th>
              <th>{t('cols.alertsNotes')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id} data-testid={`case-row-${c.id}`} data-status={c.status}>
                <td>
                  <button type="button" className="button button--quiet mono" aria-pressed={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)} data-testid={`case-open-${c.id}`}>
                    {c.externalNumber ?? t('notInCmms')}
                  </button>
                </td>
                <td>
                  {lineName(c.lineId)}
                  <LineHeldBadge lineId={c.lineId} small testId={`case-held-${c.id}`} />
                </td>
                <td>
                  {c.title}
                  {c.machineDown ? t('machineDown') : ''}
                </td>
                <td>
                  <PriorityMark priority={c.priority} size={20} numbered /> {t('priority', { n: c.priority })}
                </td>
                <td data-testid={`case-status-${c.id}`}>
                  {t(`status.${c.status}`)}
                  {c.remoteStatus ? <span className="case-remote"> ({c.remoteStatus})</span> : null}
                </td>
                <td className={c.delivery === 'rejected' || c.delivery === 'parked' ? 'is-abnormal' : ''}>{t(`delivery.${c.delivery}`, { defaultValue: c.delivery })}</td>
                <td>
                  {t('raisedBy', { time: f.timeOrDateTime(c.createdAt, Date.now()), by: c.createdBy })}
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
