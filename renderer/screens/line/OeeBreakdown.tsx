import { OEE_DEFINITIONS } from '../../../shared/domain/oee.ts';
import type { Figures } from '../../../shared/contract/domains/production.ts';
import { formatDuration } from '../../format/time.ts';
import { pct } from './format.ts';

/** The four OEE figures, each with its definition on hover and focus (title + visible abbr). */
export function OeeBreakdown({ figures, testId }: { readonly figures: Figures | null; readonly testId: string }) {
  const items = [
    { key: 'oee', label: 'OEE', value: figures?.oee },
    { key: 'availability', label: 'Availability', value: figures?.availability },
    { key: 'performance', label: 'Performance', value: figures?.performance },
    { key: 'quality', label: 'Quality', value: figures?.quality },
  ] as const;
  return (
    <section className="panel oee" aria-label="OEE breakdown" data-testid={testId}>
      <div className="oee__figures">
        {items.map((i) => (
          <div key={i.key} className={`oee__figure oee__figure--${i.key}`} title={OEE_DEFINITIONS[i.key]} tabIndex={0} aria-description={OEE_DEFINITIONS[i.key]}>
            <span className="big-number__label">{i.label}</span>
            <span className="oee__value" data-testid={`${testId}-${i.key}`}>
              {pct(i.value)}
            </span>
          </div>
        ))}
      </div>
      {figures ? (
        <dl className="oee__times">
          <div>
            <dt>Planned time</dt>
            <dd>{formatDuration(figures.plannedMs)}</dd>
          </div>
          <div>
            <dt>Run time</dt>
            <dd>{formatDuration(Math.max(0, figures.runMs))}</dd>
          </div>
          <div>
            <dt>Unplanned stops</dt>
            <dd>{formatDuration(figures.unplannedDowntimeMs)}</dd>
          </div>
          <div>
            <dt>Planned stops</dt>
            <dd>{formatDuration(figures.plannedDowntimeMs)}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
