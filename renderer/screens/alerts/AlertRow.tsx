import { memo } from 'react';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { PRIORITY_LABELS } from '../../../shared/domain/alert.ts';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../../shared/domain/maintenanceCase.ts';
import { formatClock } from '../../format/time.ts';
import { viewOf } from '../../stores/alertsStore.ts';
import { PriorityMark } from '../../components/PriorityMark.tsx';

const STATE_LABEL = {
  'unack-active': 'Unacknowledged',
  'ack-active': 'Acknowledged',
  'unack-cleared': 'Cleared, not acknowledged',
  normal: 'Back to normal',
  shelved: 'Shelved',
  suppressed: 'Suppressed (planned stop)',
  dismissed: 'Dismissed',
} as const;

export interface AlertRowProps {
  readonly a: AlertView;
  readonly selected: boolean;
  readonly timeZone: string | undefined;
  readonly mayAck: boolean;
  onSelect(id: number): void;
  onAck(id: number): void;
}

/** One alert: priority, what, where, when, state; acknowledge in one touch. Memoised: a flood re-renders only changed rows. */
export const AlertRow = memo(function AlertRow({ a, selected, timeZone, mayAck, onSelect, onAck }: AlertRowProps) {
  const st = viewOf(a);
  const tone = st === 'unack-active' ? (a.priority <= 2 ? 'alarm' : 'warning') : st === 'ack-active' ? 'calm' : 'muted';
  return (
    <li
      className={`alert-row alert-row--${tone}${selected ? ' is-selected' : ''}${a.active ? '' : ' is-cleared'}`}
      data-testid={`alert-row-${a.id}`}
      data-key={a.key}
      data-state={st}
      data-priority={a.priority}
    >
      <button type="button" className="alert-row__main" onClick={() => onSelect(a.id)} aria-pressed={selected} data-testid={`alert-open-${a.id}`}>
        <span className={`alert-prio alert-prio--${a.priority}`} aria-label={`Priority ${PRIORITY_LABELS[a.priority]}`} title={`P${a.priority} ${PRIORITY_LABELS[a.priority]}`}>
          <PriorityMark priority={a.priority} size={34} numbered />
        </span>
        <span className="alert-row__text">
          <span className="alert-row__title">{a.title}</span>
          <span className="alert-row__meta">
            {a.lineId ?? 'controller'} · since {formatClock(a.firstRaisedAt, timeZone)}
            {a.raiseCount > 1 ? ` · ${a.raiseCount}×` : ''} · <span data-testid={`alert-state-${a.id}`}>{STATE_LABEL[st]}</span>
            {a.assignedTo ? ` · ${a.assignedTo}` : ''}
          </span>
        </span>
        {a.caseStatus ? (
          <span className="case-chip" data-testid={`alert-case-${a.id}`}>
            Case: {CASE_STATUS_LABELS[a.caseStatus as CaseStatus] ?? a.caseStatus}
          </span>
        ) : null}
      </button>
      {mayAck && !a.acked && !a.dismissed ? (
        <button type="button" className="button alert-row__ack" onClick={() => onAck(a.id)} data-testid={`alert-ack-${a.id}`}>
          Acknowledge
        </button>
      ) : null}
    </li>
  );
});
