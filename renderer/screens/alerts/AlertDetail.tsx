import { useEffect, useState } from 'react';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { PRIORITY_LABELS } from '../../../shared/domain/alert.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { formatClock, formatDuration } from '../../format/time.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { type AlertAction, acknowledgeAlerts, assignAlert, loadAlertHistory, useAlertHistory, dismissAlert, raiseCase, shelveAlert, unshelveAlert, useAlertsBusy, useAlertsMessage } from '../../stores/alertsStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';

const TRIAGE = ['planner', 'supervisor'] as const;
const PLANNER = ['planner'] as const;

/**
 * The selected alert: its history and the planner's actions. Every action is a role-checked core command.
 * The screen keys it by the alert's id, so a newly selected alert starts with empty fields (never the
 * previous alert's assignee or reason).
 */
export function AlertDetail({ a, timeZone }: { readonly a: AlertView; readonly timeZone: string | undefined }) {
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
        {message.text}
      </p>
    ) : null;

  const person = usePersonKey();
  useEffect(() => {
    void loadAlertHistory(a.id, a.revision);
  }, [a.id, a.revision, person]);

  return (
    <aside className="panel alert-detail" data-testid="alert-detail" aria-label="Selected alert">
      <h2 className="panel__title">{a.title}</h2>
      <p className="alert-detail__facts">
        Priority {PRIORITY_LABELS[a.priority]} · {a.lineId ?? 'controller'}
        {a.lineId ? <LineHeldBadge lineId={a.lineId} small testId="alert-detail-held" /> : null}
        {a.assetId ? ` · asset ${a.assetId.slice(0, 8)}…` : ''} · raised {a.raiseCount}× since {formatClock(a.firstRaisedAt, timeZone)}
      </p>
      <p className="alert-detail__text">{a.detail}</p>
      {a.shelving ? (
        <p className="alert-detail__text" data-testid="alert-shelving">
          Shelved by {a.shelving.by}: {a.shelving.reason}
          {a.shelving.remainingMs !== null ? ` — ${formatDuration(a.shelving.remainingMs)} left` : ' — until it clears'}
        </p>
      ) : null}
      {a.caseId ? (
        <p className="alert-detail__text" data-testid="alert-detail-case">
          On case {a.caseId.slice(0, 8)}… — status {a.caseStatus ?? 'new'}
        </p>
      ) : null}
      {answerAt('top')}
      {acting ? (
        <div className="alert-actions">
          {!a.acked ? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void acknowledgeAlerts([a.id])} data-testid="detail-ack">
              Acknowledge
            </button>
          ) : null}
          {answerAt('ack')}
          <LimitedField className="field" inputClassName="field__input" limit={FIELD_LIMITS.alertReason} label="Reason (shelve or dismiss)" value={reason} onChange={setReason} testId="detail-reason" />
          <div className="alert-actions__row">
            <label className="field field--inline">
              <span className="field__label">Minutes</span>
              <input className="field__input field__input--short" type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="detail-minutes" />
            </label>
            {a.shelving ? (
              <button type="button" className="button" disabled={busy} onClick={() => void unshelveAlert(a.id)} data-testid="detail-unshelve">
                Unshelve
              </button>
            ) : (
              <>
                <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void shelveAlert(a.id, 'timed', reason, minutes)} data-testid="detail-shelve">
                  Shelve for {minutes} min
                </button>
                <button type="button" className="button" disabled={busy || !a.active || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void shelveAlert(a.id, 'oneShot', reason, 0)} data-testid="detail-shelve-once">
                  Shelve until it clears
                </button>
              </>
            )}
            {mayPlan ? (
              <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.alertReason, reason)} onClick={() => void dismissAlert(a.id, reason)} data-testid="detail-dismiss">
                Dismiss
              </button>
            ) : null}
          </div>
          {answerAt('shelve')}
          {mayPlan ? (
            <div className="alert-actions__row">
              <LimitedField className="field field--inline" inputClassName="field__input" limit={FIELD_LIMITS.assignee} label="Assign to" value={assignee} onChange={setAssignee} testId="detail-assignee" />
              <button type="button" className="button" disabled={busy || !typedOk(FIELD_LIMITS.assignee, assignee, 1)} onClick={() => void assignAlert(a.id, assignee.trim())} data-testid="detail-assign">
                Assign
              </button>
            </div>
          ) : null}
          {answerAt('assign')}
          {mayPlan && a.lineId && (!a.caseId || a.caseStatus === 'closed') ? (
            <div className="alert-actions__case">
              <LimitedField className="field" inputClassName="field__input alert-note" limit={FIELD_LIMITS.caseNote} label="Note for maintenance (goes with the evidence)" rows={3} value={note} onChange={setNote} testId="case-note" />
              <button
                type="button"
                className="button button--primary"
                disabled={busy || !typedOk(FIELD_LIMITS.caseNote, note, 3)}
                onClick={() => void raiseCase(a.id, note).then((ok) => ok && setNote(''))}
                data-testid="raise-case"
              >
                Raise maintenance case
              </button>
              {answerAt('case')}
            </div>
          ) : null}
        </div>
      ) : !mayTriage ? (
        <p className="alert-detail__text">Sign in as a maintenance planner or supervisor to act on alerts.</p>
      ) : null}

      <h3 className="alert-detail__h">History</h3>
      <ol className="alert-history" data-testid="alert-history">
        {events.map((e, i) => (
          <li key={i}>
            <span className="mono">{formatClock(e.at, timeZone)}</span> {e.kind}
            {e.by ? ` by ${e.by}` : ''}
            {e.note ? ` — ${e.note}` : ''}
          </li>
        ))}
      </ol>
    </aside>
  );
}
