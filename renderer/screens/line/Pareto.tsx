import type { DowntimeList } from '../../../shared/contract/domains/downtime.ts';
import { formatDuration } from '../../format/time.ts';

/** Downtime by reason, longest first; uncoded time is its own bar so it cannot hide. */
export function Pareto({ list }: { readonly list: DowntimeList }) {
  const max = Math.max(1, ...list.pareto.map((b) => b.totalMs));
  return (
    <section className="panel" aria-label="Downtime by reason">
      <h2 className="panel__title">Downtime by reason this shift</h2>
      {list.pareto.length === 0 ? <p className="muted">No downtime this shift.</p> : null}
      <ol className="pareto" data-testid="pareto">
        {list.pareto.map((b) => (
          <li key={`${b.reasonCode ?? ''}|${b.label}`} className={`pareto__row${b.label === 'Not coded' ? ' is-uncoded' : ''}`}>
            <span className="pareto__label">{b.label}</span>
            <span className="pareto__bar">
              <span className="pareto__fill" style={{ width: `${(b.totalMs / max) * 100}%` }} />
            </span>
            <span className="pareto__value">
              {formatDuration(b.totalMs)} · {b.count}×
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
