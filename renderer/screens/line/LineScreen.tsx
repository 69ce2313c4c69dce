import { useEffect, useMemo } from 'react';
import { useNow } from '../../app/useNow.ts';
import { TrendChart } from '../../charts/TrendChart.tsx';
import { StatePill } from '../../components/StatePill.tsx';
import { MACHINE_STATE_TONES } from '../../components/tone.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { periodText } from '../overview/lineTileModel.ts';
import { loadDowntime, loadReasons, useDowntimeList, watchLine } from '../../stores/downtimeStore.ts';
import { useLineHeld } from '../../stores/holdsStore.ts';
import { useLine, useLineIds } from '../../stores/linesStore.ts';
import { loadLineDetail, useLineDetail } from '../../stores/productionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { DowntimePanel } from '../downtime/DowntimePanel.tsx';
import { LineHeldBadge, LineHeldNote } from '../holds/HeldBadge.tsx';
import { pct, perMin } from './format.ts';
import { CounterEventsPanel } from './CounterEventsPanel.tsx';
import { OeeBreakdown } from './OeeBreakdown.tsx';
import { Pareto } from './Pareto.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { StateTimeline } from './StateTimeline.tsx';
import { useLineParam } from './useLineParam.ts';
import { TileHold, TileWhy } from '../overview/TileWhy.tsx';

/** How often the shift figures (trend minutes, timeline, OEE) are reloaded while the screen is open. */
const DETAIL_REFRESH_MS = 5000;

export function LineScreen() {
  const ids = useLineIds();
  const param = useLineParam();
  const lineId = param && ids.includes(param) ? param : (ids[0] ?? null);
  const t = useT('line');
  return (
    <section className="line-screen" aria-labelledby="line-title">
      <nav className="line-picker" aria-label={t('lines')}>
        {ids.map((id) => (
          <LinePickerItem key={id} id={id} current={id === lineId} />
        ))}
      </nav>
      {lineId ? <LineDetailView key={lineId} lineId={lineId} /> : <p className="overview__empty">{t('waiting')}</p>}
    </section>
  );
}

function LinePickerItem({ id, current }: { readonly id: string; readonly current: boolean }) {
  const line = useLine(id);
  const uncoded = line?.production?.uncodedCount ?? 0;
  return (
    <a className="line-picker__item" href={`#/line/${id}`} aria-current={current ? 'page' : undefined} data-testid={`pick-line-${id}`}>
      {line?.name ?? id}
      {uncoded > 0 ? <span className="uncoded-count uncoded-count--small">{uncoded}</span> : null}
      <LineHeldBadge lineId={id} small asLink={false} testId={`pick-line-held-${id}`} />
    </a>
  );
}

function LineDetailView({ lineId }: { readonly lineId: string }) {
  const line = useLine(lineId);
  const detail = useLineDetail(lineId, 'current');
  const list = useDowntimeList(lineId);
  const timeZone = useTimeZone();
  const now = useNow();
  const t = useT('line');
  const f = useFormat();

  useEffect(() => {
    void loadLineDetail(lineId);
    void loadDowntime(lineId);
    void loadReasons(lineId);
    const unwatch = watchLine(lineId);
    const timer = setInterval(() => void loadLineDetail(lineId), DETAIL_REFRESH_MS);
    return () => {
      clearInterval(timer);
      unwatch();
    };
  }, [lineId]);

  // Reload the figures when the stops change (coding a stop as planned changes availability).
  const listRevision = list?.events.map((e) => `${e.id}:${e.revision}`).join(',') ?? '';
  useEffect(() => {
    if (listRevision) void loadLineDetail(lineId);
  }, [lineId, listRevision]);

  const p = line?.production ?? null;
  const held = useLineHeld(lineId, p?.orderId ?? null);
  const live = line && line.link === 'connected' && !line.stale;
  const tone = live ? MACHINE_STATE_TONES[line.state] : 'nodata';
  const shift = detail?.shift ?? null;
  const figures = detail?.figures ?? null;
  const period = periodText(p?.period ?? figures?.period);
  const warning = p?.warning ?? figures?.warning ?? null;
  // The breakdown follows the live figures: reload the detail when the stream's figures for this line move. The
  // heading's OEE is the breakdown's own figure, so one screen never shows two OEE values for one period.
  const liveKey = p ? `${p.good}|${p.reject}|${p.heldParts ?? 0}` : '';
  useEffect(() => {
    if (!liveKey) return;
    const timer = setTimeout(() => void loadLineDetail(lineId), 300);
    return () => clearTimeout(timer);
  }, [lineId, liveKey]);
  // Stable while the history is unchanged, so the (memoised) trend skips the 1 s clock re-renders.
  const trendMinutes = useMemo(() => (detail?.trend ?? []).map((m) => ({ minuteAt: m.minuteAt, parts: m.good + m.reject })), [detail?.trend]);
  return (
    <>
      <header className={`line-head panel${held ? ' is-held' : ''}`}>
        <h1 id="line-title" className="line-head__name">
          {line?.name ?? lineId}
          <LineHeldBadge lineId={lineId} orderId={p?.orderId ?? null} testId="line-view-held" />
        </h1>
        <StatePill label={live ? t(`common:machineStates.${line.state}`) : t('stateNotKnown')} tone={tone} testId="line-view-state" />
        {live && line.stateSince ? <span className="line-head__for">{t('for', { duration: f.duration(now - line.stateSince) })}</span> : null}
        <div className="line-head__figures">
          <Figure label={t('figures.rate')} value={perMin(p?.ratePerMin)} note={t('figures.target', { rate: perMin(p?.targetRatePerMin ?? detail?.targetRatePerMin) })} warn={isBelowTarget(p?.ratePerMin, p?.targetRatePerMin)} testId="line-rate" />
          {/* The same figures as the overview tile (the live stream's, for the same period); the detail's for a core without them. */}
          <Figure label={t('figures.good', { period })} value={f.count(p?.good ?? figures?.good ?? null)} testId="line-good" labelTestId="line-good-label" />
          <Figure label={t('figures.reject', { period })} value={f.count(p?.reject ?? figures?.reject ?? null)} testId="line-reject" />
          <Figure label={t('figures.order')} value={p?.orderId ?? detail?.orderId ?? '—'} testId="line-order" />
        </div>
        <div className="line-now" data-testid="line-now">
          {live && p?.downtime && !p.downtime.micro ? (
            <span className={`line-now__stop${p.downtime.coded || p.downtime.noData ? '' : ' is-uncoded'}`} data-testid="line-current-stop">
              {t('now.stop', { label: t('now.currentStop'), state: p.downtime.noData ? t('now.noData') : t(`common:machineStates.${p.downtime.state}`), duration: f.duration(now - p.downtime.since) })} ·{' '}
              {p.downtime.coded ? p.downtime.reasonLabel : t('now.notCoded')}
            </span>
          ) : null}
          {live ? <TileWhy lineId={lineId} /> : null}
          <TileHold lineId={lineId} />
        </div>
        <LineHeldNote lineId={lineId} orderId={p?.orderId ?? null} testId="line-view-held-words" />
        {warning ? (
          <p className="line-head__warning flag-note" role="note" data-testid="line-oee-warning">
            {t('notValid', { warning })}
          </p>
        ) : null}
        <p className="line-head__shift muted" data-testid="line-head-oee">
          {shift ? `${t(shift.name === 'Unscheduled' ? 'headOeeUnscheduled' : 'headOee', { shift: shift.name, period, oee: pct(figures?.oee ?? p?.oee) })}${warning ? ' ⚠' : ''}` : t('noShiftCalendar')}
          {figures && figures.gapParts > 0 ? t('gapParts', { n: figures.gapParts }) : ''}
        </p>
      </header>
      <div className="line-grid">
        <OeeBreakdown figures={figures} testId="line-oee" />
        <section className="panel line-grid__trend" aria-label={t('trend.aria')}>
          <h2 className="panel__title">{t('trend.title', { period })}</h2>
          {shift ? (
            <TrendChart
              lineId={lineId}
              from={shift.start}
              to={shift.end}
              minutes={trendMinutes}
              target={p?.targetRatePerMin ?? detail?.targetRatePerMin ?? 0}
              {...(timeZone ? { timeZone } : {})}
            />
          ) : (
            <p className="muted">{t('trend.noShift')}</p>
          )}
        </section>
        <SignalsPanel lineId={lineId} {...(timeZone ? { timeZone } : {})} />
        {detail ? <StateTimeline detail={detail} {...(timeZone ? { timeZone } : {})} /> : null}
        <DowntimePanel lineId={lineId} now={now} {...(timeZone ? { timeZone } : {})} />
        {detail ? <CounterEventsPanel events={detail.counterEvents} timeZone={timeZone} /> : null}
        {list ? <Pareto list={list} /> : null}
      </div>
    </>
  );
}

const isBelowTarget = (rate: number | null | undefined, target: number | undefined): boolean =>
  rate !== null && rate !== undefined && target !== undefined && target > 0 && rate < target * 0.8;

function Figure({
  label,
  value,
  note,
  warn = false,
  testId,
  labelTestId,
}: {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  readonly warn?: boolean;
  readonly testId: string;
  readonly labelTestId?: string;
}) {
  return (
    <div className={`figure${warn ? ' is-warning' : ''}`}>
      <span className="big-number__label" data-testid={labelTestId}>
        {label}
      </span>
      <span className="figure__value" data-testid={testId}>
        {value}
      </span>
      {note ? <span className="figure__note">{note}</span> : null}
    </div>
  );
}
