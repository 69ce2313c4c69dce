import type { LineProduction } from '../../../shared/domain/line.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { periodWords } from './lineTileModel.ts';
import { oeeWarningWords } from '../../format/oeeWarning.ts';
import { pct, perMin } from '../line/format.ts';

/** The production strip of a tile: rate vs target, OEE this shift, the stop the line is in and whether it is coded. */
export function TileProduction({ lineId, p, live, now }: { readonly lineId: string; readonly p: LineProduction; readonly live: boolean; readonly now: number }) {
  const below = live && p.ratePerMin !== null && p.targetRatePerMin > 0 && p.ratePerMin < p.targetRatePerMin * 0.8 && p.downtime === null;
  const stop = p.downtime;
  const t = useT('overview');
  const f = useFormat();
  const warning = oeeWarningWords(t, p);
  return (
    <div className="tile-prod" data-testid={`tile-production-${lineId}`}>
      <div className={`tile-prod__cell${below ? ' is-warning' : ''}`}>
        <span className="big-number__label">{t('production.rate')}</span>
        <span className="tile-prod__value" data-testid={`tile-rate-${lineId}`}>
          {live ? perMin(p.ratePerMin) : '—'} <span className="tile-prod__of">/ {f.count(Math.round(p.targetRatePerMin))}</span>
        </span>
      </div>
      <div className={`tile-prod__cell${p.warning ? ' is-flagged' : ''}`} title={warning ?? t('line:oee.definitions.oee')}>
        <span className="big-number__label" data-testid={`tile-oee-label-${lineId}`}>
          {t('production.oee', { period: periodWords(p) })}
        </span>
        <span className="tile-prod__value" data-testid={`tile-oee-${lineId}`} data-flagged={p.warning ? 'true' : 'false'}>
          {pct(p.oee)}
          {p.warning ? <span aria-hidden="true"> ⚠</span> : null}
        </span>
      </div>
      {p.warning ? (
        <p className="tile-prod__warning flag-note flag-note--tile" role="note" data-testid={`tile-oee-warning-${lineId}`}>
          {t('production.notValid', { warning })}
        </p>
      ) : null}
      {p.heldParts ? (
        <a className="tile-prod__held flag-note flag-note--tile" href={`#/line/${lineId}`} data-testid={`tile-held-jumps-${lineId}`}>
          {t('production.heldParts', { n: p.heldParts })}
        </a>
      ) : null}
      {stop && !stop.micro ? (
        <div className={`tile-prod__stop${stop.coded || stop.noData ? '' : ' is-uncoded'}`} data-testid={`tile-stop-${lineId}`}>
          {stop.noData ? t('production.noData') : t(`common:machineStates.${stop.state}`)} {f.duration(now - stop.since)} ·{' '}
          {stop.coded ? stop.reasonLabel : stop.noData ? t('production.linkDown') : t('production.notCoded')}
        </div>
      ) : null}
      {p.uncodedCount > 0 ? (
        <a className="tile-prod__uncoded" href={`#/line/${lineId}`} data-testid={`tile-uncoded-${lineId}`}>
          {t('production.uncoded', { n: p.uncodedCount })}
        </a>
      ) : null}
      {p.gap ? <span className="tile-prod__gap muted">{t('production.gap')}</span> : null}
    </div>
  );
}
