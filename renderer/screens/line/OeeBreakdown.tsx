import type { Figures } from '../../../shared/contract/domains/production.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { periodText } from '../overview/lineTileModel.ts';
import { pct } from './format.ts';
import { oeeWarningWords } from '../../format/oeeWarning.ts';

/** The four OEE figures, each with its definition on hover and focus (title + visible abbr). */
export function OeeBreakdown({ figures, testId }: { readonly figures: Figures | null; readonly testId: string }) {
  const t = useT('line');
  const f = useFormat();
  const items = [
    { key: 'oee', value: figures?.oee },
    { key: 'availability', value: figures?.availability },
    { key: 'performance', value: figures?.performance },
    { key: 'quality', value: figures?.quality },
  ] as const;
  const warning = oeeWarningWords(t, figures);
  // Performance over 100 % (and the OEE made from it) is flagged, never shown as a figure that looks valid.
  const flagged = (key: string, v: number | null | undefined): boolean => figures?.warning !== null && figures?.warning !== undefined && (key === 'performance' || key === 'oee') && v !== null && v !== undefined;
  return (
    <section className="panel oee" aria-label={t('oee.aria')} data-testid={testId}>
      <h2 className="panel__title" data-testid={`${testId}-period`}>
        {t('oee.title', { period: periodText(figures?.period) })}
      </h2>
      {figures?.warning ? (
        <p className="flag-note flag-note--below" role="note" data-testid={`${testId}-warning`}>
          {t('notValid', { warning })}
        </p>
      ) : null}
      <div className="oee__figures">
        {items.map((i) => (
          <div key={i.key} className={`oee__figure oee__figure--${i.key}`} title={t(`oee.definitions.${i.key}`)} tabIndex={0} aria-description={t(`oee.definitions.${i.key}`)}>
            <span className="big-number__label">{t(`oee.labels.${i.key}`)}</span>
            <span className="oee__value" data-testid={`${testId}-${i.key}`}>
              {pct(i.value)}
              {flagged(i.key, i.value) ? <span title={warning ?? ''}> ⚠</span> : null}
            </span>
          </div>
        ))}
      </div>
      {figures ? (
        <dl className="oee__times">
          <div>
            <dt>{t('oee.planned')}</dt>
            <dd>{f.duration(figures.plannedMs)}</dd>
          </div>
          <div>
            <dt>{t('oee.run')}</dt>
            <dd>{f.duration(Math.max(0, figures.runMs))}</dd>
          </div>
          <div>
            <dt>{t('oee.unplannedStops')}</dt>
            <dd>{f.duration(figures.unplannedDowntimeMs)}</dd>
          </div>
          <div>
            <dt>{t('oee.plannedStops')}</dt>
            <dd>{f.duration(figures.plannedDowntimeMs)}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
