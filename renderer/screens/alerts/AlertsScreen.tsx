import { useCallback, useMemo, useState } from 'react';
import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { acknowledgeAlerts, alertsStore, selectAlert, selectVisible, setAlertFilter, useAlertFilter, useAlertsRevision, useAlertsSummary, useSelectedAlert } from '../../stores/alertsStore.ts';
import { useLineIds } from '../../stores/linesStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { AlertDetail } from './AlertDetail.tsx';
import { AlertRow, lineName } from './AlertRow.tsx';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';

const TRIAGE = ['planner', 'supervisor'] as const;
/** Rows drawn at once; the rest are one "show more" away. Keeps input fast in a flood. */
const PAGE = 150;

/**
 * Alert triage for maintenance planners. Stays usable in a flood: the banner says so, the list is
 * sorted by priority, filtered and grouped in memory, and only the first rows are drawn.
 */
export function AlertsScreen() {
  const revision = useAlertsRevision();
  const filter = useAlertFilter();
  const summary = useAlertsSummary();
  const selected = useSelectedAlert();
  const mayAck = useMay(TRIAGE);
  const lineIds = useLineIds();
  const tz = useTimeZone();
  const [shown, setShown] = useState(PAGE);
  const t = useT('alerts');
  const tm = useTMessage();
  const f = useFormat();
  // A bad actor by the words of its alert in the reader's language, when an alert of that key is in memory.
  const titleOf = (key: string, title: string): string => {
    for (const a of alertsStore.getState().byId.values()) if (a.key === key && a.titleMsg) return tm(a.titleMsg, title);
    return title;
  };

  // Recomputed once per stream message or filter change, not per alert.
  const visible = useMemo(() => selectVisible(alertsStore.getState()), [revision, filter]);
  const groups = useMemo(() => {
    const page = visible.slice(0, shown);
    if (filter.groupBy === 'none') return [{ key: 'all', label: null as string | null, items: page }];
    const by = new Map<string, AlertView[]>();
    // '' = alerts of a controller, not of a line.
    for (const a of page) by.set(a.lineId ?? '', [...(by.get(a.lineId ?? '') ?? []), a]);
    return [...by.entries()].map(([k, items]) => ({ key: k || 'controllers', label: k ? lineName(k) : t('controllers'), items }));
  }, [visible, shown, filter.groupBy, t]);

  const onSelect = useCallback((id: number) => selectAlert(alertsStore.getState().selected === id ? null : id), []);
  const onAck = useCallback((id: number) => void acknowledgeAlerts([id]), []);
  const unackedShown = visible.filter((a) => !a.acked).map((a) => a.id);

  return (
    <section className="alerts-screen" data-testid="alerts-screen">
      {summary.flood.flooding ? (
        <div className="flood-banner" role="alert" data-testid="flood-banner">
          <strong>{t('floodTitle')}</strong>
          {t('floodText', { n: f.count(summary.flood.inWindow) })}
        </div>
      ) : null}
      <div className="alerts-head">
        <h1 className="screen-title">{t('title')}</h1>
        <p className="alerts-counts" data-testid="alerts-counts">
          <span data-testid="alerts-open-count">{summary.openCount}</span>
          {t('counts.open')}
          <span data-testid="alerts-unacked-count">{summary.unackedCount}</span>
          {t('counts.unacked')}
          <span data-testid="alerts-visible-count">{visible.length}</span>
          {t('counts.shown')}
        </p>
      </div>
      <div className="toolbar" role="search">
        <label className="field">
          <span className="field__label">{t('filter.search')}</span>
          <input className="field__input" value={filter.text} onChange={(e) => setAlertFilter({ text: e.target.value })} data-testid="alerts-search" />
        </label>
        <label className="field">
          <span className="field__label">{t('filter.line')}</span>
          <select className="field__select" value={filter.lineId} onChange={(e) => setAlertFilter({ lineId: e.target.value })} data-testid="alerts-line">
            <option value="">{t('filter.allLines')}</option>
            {lineIds.map((id) => (
              <option key={id} value={id}>
                {lineName(id)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('filter.show')}</span>
          <select className="field__select" value={filter.view} onChange={(e) => setAlertFilter({ view: e.target.value as typeof filter.view })} data-testid="alerts-view">
            <option value="open">{t('filter.views.open')}</option>
            <option value="shelved">{t('filter.views.shelved')}</option>
            <option value="suppressed">{t('filter.views.suppressed')}</option>
            <option value="all">{t('filter.views.all')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('filter.priority')}</span>
          <select className="field__select" value={filter.minPriority} onChange={(e) => setAlertFilter({ minPriority: Number(e.target.value) as 1 | 2 | 3 | 4 })} data-testid="alerts-priority">
            <option value={4}>{t('filter.priorities.all')}</option>
            <option value={3}>{t('filter.priorities.p3')}</option>
            <option value={2}>{t('filter.priorities.p2')}</option>
            <option value={1}>{t('filter.priorities.p1')}</option>
          </select>
        </label>
        <label className="field field--inline alerts-group">
          <input type="checkbox" checked={filter.groupBy === 'line'} onChange={(e) => setAlertFilter({ groupBy: e.target.checked ? 'line' : 'none' })} data-testid="alerts-group" />
          <span className="field__label">{t('filter.group')}</span>
        </label>
        {mayAck && unackedShown.length > 0 ? (
          <button type="button" className="button" onClick={() => void acknowledgeAlerts(unackedShown.slice(0, 500))} data-testid="alerts-ack-shown">
            {t('ackShown', { n: Math.min(500, unackedShown.length) })}
          </button>
        ) : null}
      </div>

      <div className="alerts-body">
        <div className="alerts-list-wrap">
          {visible.length === 0 ? (
            <p className="empty" data-testid="alerts-empty">
              {filter.view === 'open' ? t('emptyOpen') : t('emptyMatch')}
            </p>
          ) : (
            groups.map((g) => (
              <div key={g.key} className="alerts-group-block">
                {g.label ? <h2 className="alerts-group-title">{g.label}</h2> : null}
                <ul className="alert-list" data-testid="alert-list">
                  {g.items.map((a) => (
                    <AlertRow key={a.id} a={a} selected={selected?.id === a.id} timeZone={tz} mayAck={mayAck} onSelect={onSelect} onAck={onAck} />
                  ))}
                </ul>
              </div>
            ))
          )}
          {visible.length > shown ? (
            <button type="button" className="button alerts-more" onClick={() => setShown((n) => n + PAGE)} data-testid="alerts-more">
              {t('more', { n: Math.min(PAGE, visible.length - shown), rest: visible.length - shown })}
            </button>
          ) : null}
        </div>
        <div className="alerts-side">
          {selected ? <AlertDetail key={selected.id} a={selected} timeZone={tz} /> : null}
          <section className="panel" data-testid="bad-actors" aria-label={t('badActors.aria')}>
            <h2 className="panel__title">{t('badActors.title')}</h2>
            {summary.badActors.length === 0 ? (
              <p className="alert-detail__text">{t('badActors.none')}</p>
            ) : (
              <ol className="bad-actors">
                {summary.badActors.map((b) => (
                  <li key={b.key} data-testid="bad-actor">
                    <span className="bad-actors__count">{b.count}×</span> {titleOf(b.key, b.title)}
                    {b.chattering ? <span className="badge badge--warning">{t('badActors.chattering')}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}
