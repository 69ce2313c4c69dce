import type { LineProduction } from '../../../shared/domain/line.ts';
import { MACHINE_STATE_LABELS } from '../../../shared/domain/line.ts';
import { OEE_DEFINITIONS } from '../../../shared/domain/oee.ts';
import { formatDuration } from '../../format/time.ts';
import { pct, perMin } from '../line/format.ts';

/** The production strip of a tile: rate vs target, OEE this shift, the stop the line is in and whether it is coded. */
export function TileProduction({ lineId, p, live, now }: { readonly lineId: string; readonly p: LineProduction; readonly live: boolean; readonly now: number }) {
  const below = live && p.ratePerMin !== null && p.targetRatePerMin > 0 && p.ratePerMin < p.targetRatePerMin * 0.8 && p.downtime === null;
  const stop = p.downtime;
  return (
    <div className="tile-prod" data-testid={`tile-production-${lineId}`}>
      <div className={`tile-prod__cell${below ? ' is-warning' : ''}`}>
        <span className="big-number__label">Rate / target</span>
        <span className="tile-prod__value" data-testid={`tile-rate-${lineId}`}>
          {live ? perMin(p.ratePerMin) : '—'} <span className="tile-prod__of">/ {Math.round(p.targetRatePerMin)}</span>
        </span>
      </div>
      <div className="tile-prod__cell" title={OEE_DEFINITIONS.oee}>
        <span className="big-number__label">{!p.shift || p.shift.name === 'Unscheduled' ? 'OEE, no shift' : `OEE ${p.shift.name} shift`}</span>
        <span className="tile-prod__value" data-testid={`tile-oee-${lineId}`}>
          {pct(p.oee)}
        </span>
      </div>
      {stop && !stop.micro ? (
        <div className={`tile-prod__stop${stop.coded || stop.noData ? '' : ' is-uncoded'}`} data-testid={`tile-stop-${lineId}`}>
          {stop.noData ? 'No data' : MACHINE_STATE_LABELS[stop.state]} {formatDuration(now - stop.since)} ·{' '}
          {stop.coded ? stop.reasonLabel : stop.noData ? 'link down' : 'NOT CODED'}
        </div>
      ) : null}
      {p.uncodedCount > 0 ? (
        <a className="tile-prod__uncoded" href={`#/line/${lineId}`} data-testid={`tile-uncoded-${lineId}`}>
          {p.uncodedCount} stop{p.uncodedCount === 1 ? '' : 's'} not coded
        </a>
      ) : null}
      {p.gap ? <span className="tile-prod__gap muted">Counts attributed to a link gap</span> : null}
    </div>
  );
}
