import type { DowntimeList } from '../../../shared/contract/domains/downtime.ts';
import { useFormat, useT } from '../../i18n/index.tsx';

/** Downtime by reason, longest first; uncoded time is its own bar so it cannot hide. */
export function Pareto({ list }: { readonly list: DowntimeList }) {
  const t = useT('line');
  const f = useFormat();
  const max = Math.max(1, ...list.pareto.map((b) => b.totalMs));
  return (
    <section className="panel" aria-label={t('pareto.aria')}>
      <h2 className="panel__title">{t('pareto.title')}</h2>
      {list.pareto.length === 0 ? <p className="muted">{t('pareto.none')}</p> : null}
      <ol className="pareto" data-testid="pareto">
        {list.pareto.map((b) => (
          <li key={`${b.reasonCode ?? ''}|${b.label}`} className={`pareto__row${b.label === 'Not coded' ? ' is-uncoded' : ''}`}>
            <span className="pareto__label">{b.label === 'Not coded' ? t('pareto.notCoded') : b.label}</span>
            <span className="pareto__bar">
              <span className="pareto__fill" style={{ width: `${(b.totalMs / max) * 100}%` }} />
            </span>
            <span className="pareto__value">
              {t('pareto.value', { duration: f.duration(b.totalMs), count: f.count(b.count) })}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
