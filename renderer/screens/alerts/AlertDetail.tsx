import { useEffect, useState } from 'react';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { lineName } from './AlertRow.tsx';
import { usePersonKey } from '../../stores/personChange.ts';
import { type AlertAction, acknowledgeAlerts, assignAlert, loadAlertHistory, useAlertHistory, dismissAlert, raiseCase, shelveAlert, unshelveAlert, useAlertsBusy, useAlertsMessage } from '../../stores/alertsStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { casesStore } from '../../stores/casesStore.ts';
import { useStore } from 'zustand';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';

const TRIAGE = ['planner', 'supervisor'] as const;
const PLANNER = ['planner'] as const;

/**
 * The selected alert: its history and the planner's actions. Every action is a role-checked core command.
 * The screen keys it by the alert's id, so a newly selected alert starts with empty fields (never the
 * previous alert's assignee or reason).
 */
export function AlertDetail({ a }: { readonly a: AlertView; readonly timeZone: string | undefined }) {
  const t = useT('alerts');
  const tm = useTMessage();
  const f = useFormat();
  const mayTriage = useMay(TRIAGE);
  const mayPlan = useMay(PLANNER);
  const busy = useAlertsBusy();
  const message = useAlertsMessage();
  const events = useAlertHistory(a.id);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [assignee, setAssignee] = useState('');
  /** The last answer, shown next to the action that caused it (or at the top when that action is not shown). */
  const acting = mayTriage && !a.dismissed;
  const shown: Readonly<Record<AlertAction, boolean>> = { ack: acting, shelve: acting, assign: acting && mayPlan, case: acting && mayPlan && a.lineId !== null && (!a.caseId || a.caseStatus === 'closed') };
  const answerAt = (at: AlertAction | 'top') =>
    message && (message.at && shown[message.at] ? message.at : 'top') === at ? (
      <p className={`form-answer ${message.ok ? 'form-ok' : 'form-error'}`} role={message.ok ? 'status' : 'alert'} data-testid="alert-message" data-at={at}>
        {answerText(message, t, tm)}
      </p>
    ) : null;

  // Cases by their CMMS number, never the console's internal id.
  const caseNumber = useStore(casesStore, (st) => (a.caseId ? (st.cases.find((c) => c.id === a.caseId)?.externalNumber ?? null) : null));
  const cases = useStore(casesStore, (st) => st.cases);
  const caseNumberOf = (id: string | null | undefined): string | null => (id ? (cases.find((c) => c.id === id)?.externalNumber ?? null) : null);
  const person = usePersonKey();
  useEffect(() => {
    void loadAlertHistory(a.id, a.revision);
  }, [a.id, a.revision, person]);

  return (
    <aside className="panel alert-detail" data-testid="alert-detail" aria-label={t('detail.aria')}>
      <h2 className="panel__title">{tm(a.titleMsg, a.title)}</h2>
      <p className="alert-detail__facts">
        {t('detail.facts', { priority: t(`priorityLabels.${a.priority}`), where: a.lineId ? lineName(a.lineId) : t('controller') })}
        {a.lineId ? <LineHeldBadge lineId={a.lineId} small testId="alert-detail-held" /> : null}
        {t('detail.raised', { n: a.raiseCount, time: f.clock(a.firstRaisedAt) })}
      </p>
      <p className="alert-detail__text">{tm(a.detailMsg, a.detail)}</p>
      {a.shelving ? (
        <p className="alert-detail__text" data-testid="alert-shelving">
          {t('detail.shelvedBy', { by: a.shelving.by, reason: a.shelving.reason })}
          {a.shelving.remainingMs !== null ? t('detail.shelvedLeft', { duration: f.duration(a.shelving.remainingMs) }) : t('detail.shelvedUntilClear')}
        </p>
      ) : null}
      {a.caseId ? (
        <p className="alert-detail__text" data-testid="alert-detail-case">
          {t('detail.onCase', { number: caseNumber ?? t('detail.caseSending'), status: t(`cases:status.${a.caseStatus ?? 'new'}`, { defaultValue: a.caseStatus ?? '' }) })}
        </p>
      ) : null}
      {answerAt('top')}
      {acting ? (
        <div className="alert-actions">
          {!a.acked ? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void acknowledgeAlerts([a.id])} data-testid="detail-ack">
              {t('detail.ack')}
            </button>
          ) : null}
          {answerAt('ack')}
          <LimitedField className="field" inputClassName="field__input" limit={FIELD_LIMITS.alertReason} label={t('detail.reason')} value={reason} onChange={setReason} testId="detail-reason" />
          <div className="alert-actions__row">
            <label className="field field--inline">
              <span className="field__label">{t('detail.minutes')}</span>
              <input className="field__input field__input--short" type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="detail-minutes" />
            </label>
            {a.shelving ? (
              <button type="button" className="button" disabled={busy} onClick={() => void unshelveAlert(a.id)} data-testid="detail-unshelve">
                {t('detail.unshelve')}
              </button>
            ) : (
              <>
                <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void shelveAlert(a.id, 'timed', reason, minutes)} data-testid="detail-shelve">
                  {t('detail.shelveFor', { n: minutes })}
                </button>
                <button type="button" className="button" disabled={busy || !a.active || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void shelveAlert(a.id, 'oneShot', reason, 0)} data-testid="detail-shelve-once">
                  {t('detail.shelveOnce')}
                </button>
              </>
            )}
            {mayPlan ? (
              <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void dismissAlert(a.id, reason)} data-testid="detail-dismiss">
                {t('detail.dismiss')}
              </button>
            ) : null}
          </div>
          {answerAt('shelve')}
          {mayPlan ? (
            <div className="alert-actions__row">
              <LimitedField className="field field--inline" inputClassName="field__input" limit={FIELD_LIMITS.assignee} label={t('detail.assignTo')} value={assignee} onChange={setAssignee} testId="detail-assignee" />
              <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.assignee, assignee, 1)} onClick={() => void assignAlert(a.id, assignee.trim())} data-testid="detail-assign">
                {t('detail.assign')}
              </button>
            </div>
          ) : null}
          {answerAt('assign')}
          {mayPlan && a.lineId && (!a.caseId || a.caseStatus === 'closed') ? (
            <div className="alert-actions__case">
              <LimitedField className="field" inputClassName="field__input alert-note" limit={FIELD_LIMITS.caseNote} label={t('detail.caseNote')} rows={3} value={note} onChange={setNote} testId="case-note" />
              <button
                type="button"
                className="button button--primary"
                disabled={busy || !typedOk(FIELD_LIMITS.caseNote, note, 3)}
                onClick={() => void raiseCase(a.id, note).then((ok) => ok && setNote(''))}
                data-testid="raise-case"
              >
                {t('detail.raiseCase')}
              </button>
              {answerAt('case')}
            </div>
          ) : null}
        </div>
      ) : !mayTriage ? (
        <p className="alert-detail__text">{t('detail.signIn')}</p>
      ) : null}

      <h3 className="alert-detail__h">{t('detail.history')}</h3>
      <ol className="alert-history" data-testid="alert-history">
        {events.map((e, i) => (
          <li key={i}>
            <span className="mono">{f.clock(e.at)}</span> {t(`detail.events.${e.kind}`, { defaultValue: e.kind })}
            {e.by ? t('detail.by', { by: e.by }) : ''}
            {/* A case event's note is the console's case reference: the CMMS number instead, never the internal id. */}
            {e.kind === 'case' ? (caseNumberOf(e.note) ? ` — ${caseNumberOf(e.note)}` : '') : e.note || e.noteMsg ? ` — ${tm(e.noteMsg, e.note ?? '')}` : ''}
          </li>
        ))}
      </ol>
    </aside>
  );
}
