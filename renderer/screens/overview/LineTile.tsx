import { useNow } from '../../app/useNow.ts';
import { BigNumber } from '../../components/BigNumber.tsx';
import { NoDataFlag } from '../../components/NoDataFlag.tsx';
import { StatePill } from '../../components/StatePill.tsx';
import { formatCount, formatDuration } from '../../format/time.ts';
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
  if (!line) return null;

  const v = toLineTileView(line, bridge.link, now, timeZone);
  const live = v.noData === null;
  const p = line.production ?? null;
  const period = periodWords(p);
  const summary = live
    ? `${v.name}: ${v.stateLabel}${v.timeInState ? ` for ${v.timeInState}` : ''}, ${p ? `good ${period} ${formatCount(p.good)}, reject ${formatCount(p.reject)}` : `controller counter ${v.good.text}`}`
    : `${v.name}: no live data, ${v.noData.reason}`;

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
          <a className="held-badge" href="#/holds" data-testid={`held-${lineId}`} title="A quality hold acts on this line">
            HELD
          </a>
        ) : null}
      </h2>
      <div className="line-tile__state">
        <StatePill label={v.stateLabel} tone={v.stateTone} testId={`line-state-${lineId}`} />
        <span className="line-tile__time">
          {v.timeInState ? (
            <>
              <span className="line-tile__time-label">for</span> <span className="line-tile__time-value">{v.timeInState}</span>
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
            <BigNumber label={`Good ${period}`} value={formatCount(p.good)} size="hero" dimmed={!live} testId={`tile-good-${lineId}`} />
            <BigNumber label={`Reject ${period}`} value={formatCount(p.reject)} size="medium" dimmed={!live} testId={`tile-reject-${lineId}`} />
          </div>
          <p className={`line-tile__counter${live ? '' : ' is-dimmed'}`} style={{ margin: '4px 0', fontSize: 15, color: live ? 'var(--text-muted, var(--text))' : 'var(--text-dim)' }} title="The good counter as the controller shows it now (since the controller last reset it): not a figure of this shift">
            <span className="line-tile__counter-label">Controller counter</span>{' '}
            <span className="line-tile__counter-value" data-testid={`good-count-${lineId}`} data-live={live ? 'true' : 'false'}>
              {v.good.text}
            </span>
            {v.good.uncertain && live ? <span className="big-number__note"> uncertain quality</span> : null}
          </p>
        </>
      ) : (
        <div className="line-tile__counts">
          <BigNumber label="Controller counter, good" value={v.good.text} size="hero" dimmed={!live} uncertain={v.good.uncertain} testId={`good-count-${lineId}`} />
          {v.reject ? (
            <BigNumber label="Controller counter, reject" value={v.reject.text} size="medium" dimmed={!live} uncertain={v.reject.uncertain} testId={`reject-count-${lineId}`} />
          ) : null}
        </div>
      )}

      {line.production ? <TileProduction lineId={lineId} p={line.production} live={live} now={now} /> : null}
      <CaseBadge lineId={lineId} />
      <a className="line-tile__open" href={`#/line/${lineId}`} data-testid={`open-line-${lineId}`}>
        Open line view
      </a>

      <footer className={`line-tile__link tone-${v.linkTone}`} data-testid={`line-link-${lineId}`}>
        <span className={`link-indicator__dot dot-${v.linkTone}`} aria-hidden="true" />
        <span className="line-tile__link-name">{controller?.name ?? line.controllerId}</span>
        <span className="line-tile__link-state">
          {v.linkLabel}
          {controller && bridge.link === 'open' && line.link !== 'connected' ? <span className="line-tile__link-for"> · {formatDuration(now - controller.since)}</span> : null}
        </span>
      </footer>
    </article>
  );
}
