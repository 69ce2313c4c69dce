import { useMemo } from 'react';
import { useStore } from 'zustand';
import { PriorityMark } from '../components/PriorityMark.tsx';
import { useT } from '../i18n/index.tsx';
import { alertsStore, useAlertsSummary } from '../stores/alertsStore.ts';
import { type AlarmCounts, alarmCounts } from './alarmCounts.ts';
import { hrefFor } from './href.ts';

/** The counts of the alarms the Alerts screen lists, recomputed only when the alert list changes. */
export function useAlarmCounts(): AlarmCounts {
  const byId = useStore(alertsStore, (s) => s.byId);
  return useMemo(() => alarmCounts(byId.values()), [byId]);
}

/**
 * The persistent alarm summary of every screen (ISA-18.2): per priority, highest first, how many are
 * unacknowledged and how many active; the flood state; one click to the Alerts screen. With `static`
 * (the wall board) it is not a link: nothing on a wall board can be acted on.
 */
export function AlarmSummary({ asLink = true }: { readonly asLink?: boolean }) {
  const c = useAlarmCounts();
  const flood = useAlertsSummary().flood;
  const t = useT('common');
  const worst = c.byPriority[0]?.priority ?? null;
  const label = [
    c.byPriority.length === 0 ? t('alarmSummary.none') : c.byPriority.map((p) => t('alarmSummary.priorityLine', { priority: p.priority, unacked: p.unacked, active: p.active })).join('; '),
    flood.flooding ? t('alarmSummary.flood', { n: flood.inWindow }) : t('alarmSummary.noFlood'),
    asLink ? t('alarmSummary.open') : '',
  ]
    .filter(Boolean)
    .join('. ');
  const body = (
    <>
      <span className="alarm-summary__title">{t('alarmSummary.title')}</span>
      {c.byPriority.length === 0 ? (
        <span className="alarm-summary__none" data-testid="alarm-summary-none">
          {t('alarmSummary.none')}
        </span>
      ) : (
        c.byPriority.map((p) => (
          <span key={p.priority} className="alarm-summary__prio" data-testid={`alarm-summary-p${p.priority}`} data-unacked={p.unacked} data-active={p.active}>
            <PriorityMark priority={p.priority} size={22} numbered />
            <span className="alarm-summary__counts">
              <span className={p.unacked > 0 ? 'alarm-summary__unacked is-unacked' : 'alarm-summary__unacked'}>{t('alarmSummary.unacked', { n: p.unacked })}</span>
              <span className="alarm-summary__active">{t('alarmSummary.active', { n: p.active })}</span>
            </span>
          </span>
        ))
      )}
      {flood.flooding ? (
        <span className="alarm-summary__flood" data-testid="alarm-summary-flood">
          {t('alarmSummary.flood', { n: flood.inWindow })}
        </span>
      ) : null}
    </>
  );
  const cls = `alarm-summary${worst ? ` alarm-summary--p${worst}` : ''}${c.unacked > 0 ? ' has-unacked' : ''}${flood.flooding ? ' is-flooding' : ''}`;
  return asLink ? (
    <a className={cls} href={hrefFor('alerts')} aria-label={label} title={label} data-testid="alarm-summary" data-unacked={c.unacked} data-active={c.active} data-open={c.open} data-flood={flood.flooding ? 'true' : 'false'}>
      {body}
    </a>
  ) : (
    <div className={cls} role="status" aria-label={label} data-testid="alarm-summary" data-unacked={c.unacked} data-active={c.active} data-open={c.open} data-flood={flood.flooding ? 'true' : 'false'}>
      {body}
    </div>
  );
}

/** The count on the Alerts tab: alarms not yet acknowledged (of those the list shows), marked with the worst such priority. */
export function AlertsTabCount() {
  const c = useAlarmCounts();
  const t = useT('common');
  if (c.unacked === 0) return null;
  const worst = c.byPriority.find((p) => p.unacked > 0)!.priority;
  return (
    <span className="tab-count" data-testid="alerts-tab-count" data-count={c.unacked} aria-label={t('alarmSummary.tabCount', { n: c.unacked })}>
      <PriorityMark priority={worst} size={16} />
      {c.unacked}
    </span>
  );
}
