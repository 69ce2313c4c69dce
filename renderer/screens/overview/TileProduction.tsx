import type { LineProduction } from '../../../shared/domain/line.ts';
import { MACHINE_STATE_LABELS } from '../../../shared/domain/line.ts';
import { OEE_DEFINITIONS } from '../../../shared/domain/oee.ts';
import { formatCount, formatDuration } from '../../format/time.ts';
import { periodWords } from './lineTileModel.ts';
import { pct, perMin } from '../line/format.ts';

/** The production strip of a tile: rate vs target, OEE this shift, the stop the line is in and whether it is coded. */
export function TileProduction({ lineId, p, live, now }: { readonly lineId: string; readonly p: LineProduction; readonly live: boolean; readonly now: number }) {
  const below = live && p.ratePerMin !== null && p.targetRatePerMin > 0 && p.ratePerMin < p.targetRatePerMin * 0.8 && p.downtime === null;
  const stop = p.downtime;
  return (
    <div className="tile-prod" data-testid={`tile-production-${lineId}`}>
      <div className={`tile-prod__cell${below ? ' is-warning' : ''}`}>
        <span className="big-number__label">Rate, last minute / target</span>
        <span className="tile-prod__value" data-testid={`tile-rate-${lineId}`}>
          {live ? perMin(p.ratePerMin) : '—'} <span className="tile-prod__of">/ {Math.round(p.targetRatePerMin)}</span>
        </span>
      </div>
      <div className={`tile-prod__cell${p.warning ? ' is-flagged' : ''}`} title={p.warning ?? OEE_DEFINITIONS.oee}>
        <span className="big-number__label" data-testid={`tile-oee-label-${lineId}`}>
          OEE {periodWords(p)}
        </span>
        <span className="tile-prod__value" data-testid={`tile-oee-${lineId}`} data-flagged={p.warning ? 'true' : 'false'}>
          {pct(p.oee)}
          {p.warning ? <span aria-hidden="true"> ⚠</span> : null}
        </span>
      </div>
      {p.warning ? (
        <p className="tile-prod__warning" role="note" style={FLAG_STYLE} data-testid={`tile-oee-warning-${lineId}`}>
          Not a valid OEE: {p.warning}
        </p>
      ) : null}
      {p.heldParts ? (
        <a className="tile-prod__held" style={FLAG_STYLE} href={`#/line/${lineId}`} data-testid={`tile-held-jumps-${lineId}`}>
          {formatCount(p.heldParts)} parts held from a counter jump: a supervisor decides on the line view
        </a>
      ) : null}
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

/** A figure that needs a person: a warning bar beside the words (no colour alone). */
const FLAG_STYLE = { gridColumn: '1 / -1', margin: 0, paddingLeft: 8, borderLeft: '8px solid var(--warning)', fontWeight: 700, fontSize: 15, color: 'var(--text)' } as const;
