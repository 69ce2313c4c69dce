import { useNow } from '../../app/useNow.ts';
import { BigNumber } from '../../components/BigNumber.tsx';
import { NoDataFlag } from '../../components/NoDataFlag.tsx';
import { StatePill } from '../../components/StatePill.tsx';
import { useFormat, useT } from '../../i18n/index.tsx';
import { useBridge, useController } from '../../stores/connectionStore.ts';
import { useLine } from '../../stores/linesStore.ts';
import { useLineHeld } from '../../stores/holdsStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { periodWords, toLineTileView } from './lineTileModel.ts';
import { TileProduction } from './TileProduction.tsx';
import { CaseBadge } from '../cases/CaseBadge.tsx';
import { TileHold, TileWhy } from './TileWhy.tsx';

export interface LineTileProps {
  readonly lineId: string;
}

export function LineTile({ lineId }: LineTileProps) {
  const line = useLine(lineId);
  const bridge = useBridge();
  const controller = useController(line?.controllerId ?? '');
  const timeZone = useTimeZone();
  const now = useNow();
  const held = useLineHeld(lineId, line?.production?.orderId ?? null);
  const t = useT('overview');
  const f = useFormat();
  if (!line) return null;

  const v = toLineTileView(line, bridge.link, now, timeZone);
  const live = v.noData === null;
  const p = line.production ?? null;
  const period = periodWords(p);
  const summary = live
    ? t('tile.summaryLive', {
        name: v.name,
        state: v.stateLabel,
        time: v.timeInState ? t('tile.summaryFor', { duration: v.timeInState }) : '',
        counts: p ? t('tile.summaryCounts', { period, good: f.count(p.good), reject: f.count(p.reject) }) : t('tile.summaryCounter', { good: v.good.text }),
      })
    : t('tile.summaryNoData', { name: v.name, reason: v.noData.reason });

  return (
    <article
      className={`line-tile tone-${v.stateTone}${live ? '' : ' is-no-data'}`}
      data-testid={`line-tile-${lineId}`}
      data-live={live ? 'true' : 'false'}
      tabIndex={0}
      aria-label={summary}
    >
      <h2 className="line-tile__name">
        {v.name}
        {held ? (
          <a className="held-badge" href="#/holds" data-testid={`held-${lineId}`} title={t('tile.heldTitle')}>
            {t('tile.held')}
          </a>
        ) : null}
      </h2>
      <div className="line-tile__state">
        <StatePill label={v.stateLabel} tone={v.stateTone} testId={`line-state-${lineId}`} />
        <span className="line-tile__time">
          {v.timeInState ? (
            <>
              <span className="line-tile__time-label">{t('tile.for')}</span> <span className="line-tile__time-value">{v.timeInState}</span>
            </>
          ) : null}
        </span>
      </div>

      {live ? <TileWhy lineId={lineId} /> : null}
      <TileHold lineId={lineId} />

      {v.noData ? <NoDataFlag reason={v.noData.reason} lastValueAt={v.noData.lastValueAt} testId={`no-data-${lineId}`} /> : null}

      {p ? (
        <>
          {/* The tile's counts are the production figures of a named period, the same ones the shift view and
              the line view show for it; the controller's own counter is labelled as such. */}
          <div className="line-tile__counts">
            <BigNumber label={t('tile.good', { period })} value={f.count(p.good)} size="hero" dimmed={!live} testId={`tile-good-${lineId}`} />
            <BigNumber label={t('tile.reject', { period })} value={f.count(p.reject)} size="medium" dimmed={!live} testId={`tile-reject-${lineId}`} />
          </div>
          <p className={`line-tile__counter${live ? '' : ' is-dimmed'}`} title={t('tile.counterTitle')}>
            <span className="line-tile__counter-label">{t('tile.counter')}</span>{' '}
            <span className="line-tile__counter-value" data-testid={`good-count-${lineId}`} data-live={live ? 'true' : 'false'}>
              {v.good.text}
            </span>
            {v.good.uncertain && live ? <span className="big-number__note"> {t('tile.uncertain')}</span> : null}
          </p>
        </>
      ) : (
        <div className="line-tile__counts">
          <BigNumber label={t('tile.counterGood')} value={v.good.text} size="hero" dimmed={!live} uncertain={v.good.uncertain} testId={`good-count-${lineId}`} />
          {v.reject ? (
            <BigNumber label={t('tile.counterReject')} value={v.reject.text} size="medium" dimmed={!live} uncertain={v.reject.uncertain} testId={`reject-count-${lineId}`} />
          ) : null}
        </div>
      )}

      {line.production ? <TileProduction lineId={lineId} p={line.production} live={live} now={now} /> : null}
      <CaseBadge lineId={lineId} />
      <a className="line-tile__open" href={`#/line/${lineId}`} data-testid={`open-line-${lineId}`}>
        {t('tile.openLine')}
      </a>

      <footer className={`line-tile__link tone-${v.linkTone}`} data-testid={`line-link-${lineId}`}>
        <span className={`link-indicator__dot dot-${v.linkTone}`} aria-hidden="true" />
        <span className="line-tile__link-name">{controller?.name ?? line.controllerId}</span>
        <span className="line-tile__link-state">
          {v.linkLabel}
          {controller && bridge.link === 'open' && line.link !== 'connected' ? <span className="line-tile__link-for"> · {f.duration(now - controller.since)}</span> : null}
        </span>
      </footer>
    </article>
  );
}
