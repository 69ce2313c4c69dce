import { useT } from '../../i18n/index.tsx';
import { useLineIds } from '../../stores/linesStore.ts';
import { LineTile } from './LineTile.tsx';

export function OverviewScreen() {
  const t = useT('overview');
  const lineIds = useLineIds();
  return (
    <section className="overview" aria-labelledby="overview-title">
      <h1 id="overview-title" className="visually-hidden">
        {t('title')}
      </h1>
      {lineIds.length === 0 ? (
        <p className="overview__empty" role="status">
          {t('waiting')}
        </p>
      ) : (
        <div className="overview__grid">
          {lineIds.map((id) => (
            <LineTile key={id} lineId={id} />
          ))}
        </div>
      )}
    </section>
  );
}
