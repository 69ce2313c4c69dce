import { useMemo } from 'react';
import { useStore } from 'zustand';
import { PriorityMark } from '../components/PriorityMark.tsx';
import { alertsStore, useAlertsSummary } from '../stores/alertsStore.ts';
import { type AlarmCounts, alarmCounts } from './alarmCounts.ts';
import { hrefFor } from './href.ts';

/** Every word the alarm summary shows, in one place (to move into a message catalogue). */
export const ALARM_SUMMARY_TEXT = {
  title: 'Alarms',
  none: 'No alarms',
  unacked: (n: number) => `${n} unack.`,
  active: (n: number) => `${n} active`,
  flood: (n: number) => `FLOOD: ${n} in 10 min`,
  noFlood: 'no flood',
  open: 'Open the Alerts screen',
  priorityLine: (p: number, unacked: number, active: number) => `Priority ${p}: ${unacked} not acknowledged, ${active} active`,
} as const;

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
  const T = ALARM_SUMMARY_TEXT;
  const worst = c.byPriority[0]?.priority ?? null;
  const label = [
    c.byPriority.length === 0 ? T.none : c.byPriority.map((p) => T.priorityLine(p.priority, p.unacked, p.active)).join('; '),
    flood.flooding ? T.flood(flood.inWindow) : T.noFlood,
    asLink ? T.open : '',
  ]
    .filter(Boolean)
    .join('. ');
  const body = (
    <>
      <span className="alarm-summary__title">{T.title}</span>
      {c.byPriority.length === 0 ? (
        <span className="alarm-summary__none" data-testid="alarm-summary-none">
          {T.none}
        </span>
      ) : (
        c.byPriority.map((p) => (
          <span key={p.priority} className="alarm-summary__prio" data-testid={`alarm-summary-p${p.priority}`} data-unacked={p.unacked} data-active={p.active}>
            <PriorityMark priority={p.priority} size={22} numbered />
            <span className="alarm-summary__counts">
              <span className={p.unacked > 0 ? 'alarm-summary__unacked is-unacked' : 'alarm-summary__unacked'}>{T.unacked(p.unacked)}</span>
              <span className="alarm-summary__active">{T.active(p.active)}</span>
            </span>
          </span>
        ))
      )}
      {flood.flooding ? (
        <span className="alarm-summary__flood" data-testid="alarm-summary-flood">
          {T.flood(flood.inWindow)}
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
  if (c.unacked === 0) return null;
  const worst = c.byPriority.find((p) => p.unacked > 0)!.priority;
  return (
    <span className="tab-count" data-testid="alerts-tab-count" data-count={c.unacked} aria-label={`${c.unacked} not acknowledged`}>
      <PriorityMark priority={worst} size={16} />
      {c.unacked}
    </span>
  );
}
