import { memo } from 'react';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';
import { viewOf } from '../../stores/alertsStore.ts';
import { linesStore } from '../../stores/linesStore.ts';

/** A line by its name (its id only while the line list has not arrived). */
export const lineName = (id: string): string => linesStore.getState().byId[id]?.name ?? id;
import { PriorityMark } from '../../components/PriorityMark.tsx';

export interface AlertRowProps {
  readonly a: AlertView;
  readonly selected: boolean;
  readonly timeZone: string | undefined;
  readonly mayAck: boolean;
  onSelect(id: number): void;
  onAck(id: number): void;
}

/** One alert: priority, what, where, when, state; acknowledge in one touch. Memoised: a flood re-renders only changed rows. */
export const AlertRow = memo(function AlertRow({ a, selected, mayAck, onSelect, onAck }: AlertRowProps) {
  const st = viewOf(a);
  const t = useT('alerts');
  const tm = useTMessage();
  const f = useFormat();
  const prio = t(`priorityLabels.${a.priority}`);
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
        <span className={`alert-prio alert-prio--${a.priority}`} aria-label={t('row.priority', { label: prio })} title={t('row.title', { n: a.priority, label: prio })}>
          <PriorityMark priority={a.priority} size={34} numbered />
        </span>
        <span className="alert-row__text">
          <span className="alert-row__title">{tm(a.titleMsg, a.title)}</span>
          <span className="alert-row__meta">
            {a.lineId ? lineName(a.lineId) : t('controller')} · {t('row.since', { time: f.clock(a.firstRaisedAt) })}
            {a.raiseCount > 1 ? ` · ${a.raiseCount}×` : ''} · <span data-testid={`alert-state-${a.id}`}>{t(`states.${st}`)}</span>
            {a.assignedTo ? ` · ${a.assignedTo}` : ''}
          </span>
        </span>
        {a.caseStatus ? (
          <span className="case-chip" data-testid={`alert-case-${a.id}`}>
            {t('row.case', { status: t(`cases:status.${a.caseStatus}`, { defaultValue: a.caseStatus }) })}
          </span>
        ) : null}
      </button>
      {mayAck && !a.acked && !a.dismissed ? (
        <button type="button" className="button alert-row__ack" onClick={() => onAck(a.id)} data-testid={`alert-ack-${a.id}`}>
          {t('row.ack')}
        </button>
      ) : null}
    </li>
  );
});
