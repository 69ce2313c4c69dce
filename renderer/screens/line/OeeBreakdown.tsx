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
  // Performance over 100 % (and the OEE made from it) is flagged, never shown as a figure that looks valid.
  const flagged = (key: string, v: number | null | undefined): boolean => figures?.warning !== null && figures?.warning !== undefined && (key === 'performance' || key === 'oee') && v !== null && v !== undefined;
  return (
    <section className="panel oee" aria-label="OEE breakdown" data-testid={testId}>
      <h2 className="panel__title" data-testid={`${testId}-period`}>
        OEE {figures ? figures.period.label : 'this shift'}
      </h2>
      {figures?.warning ? (
        <p role="note" data-testid={`${testId}-warning`} style={{ margin: '0 0 8px', paddingLeft: 8, borderLeft: '8px solid var(--warning)', fontWeight: 700 }}>
          Not a valid OEE: {figures.warning}
        </p>
      ) : null}
      <div className="oee__figures">
        {items.map((i) => (
          <div key={i.key} className={`oee__figure oee__figure--${i.key}`} title={OEE_DEFINITIONS[i.key]} tabIndex={0} aria-description={OEE_DEFINITIONS[i.key]}>
            <span className="big-number__label">{i.label}</span>
            <span className="oee__value" data-testid={`${testId}-${i.key}`}>
              {pct(i.value)}
              {flagged(i.key, i.value) ? <span title={figures?.warning ?? ''}> ⚠</span> : null}
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
