import { useT } from '../../i18n/index.tsx';
import { useLineCase } from '../../stores/casesStore.ts';

/** The line's maintenance case on its overview tile: number and status as the CMMS reports it. */
export function CaseBadge({ lineId }: { readonly lineId: string }) {
  const c = useLineCase(lineId);
  const t = useT('cases');
  if (!c) return null;
  const label = c.externalNumber ?? t('badge.sending');
  return (
    <p className={`case-badge case-badge--${c.status}`} data-testid={`line-case-${lineId}`} data-status={c.status}>
      <span className="case-badge__label">{t('badge.label')}</span> {label}: <strong data-testid={`line-case-status-${lineId}`}>{t(`status.${c.status}`)}</strong>
    </p>
  );
}
