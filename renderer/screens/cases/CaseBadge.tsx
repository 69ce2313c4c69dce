import { CASE_STATUS_LABELS } from '../../../shared/domain/maintenanceCase.ts';
import { useLineCase } from '../../stores/casesStore.ts';

/** The line's maintenance case on its overview tile: number and status as the CMMS reports it. */
export function CaseBadge({ lineId }: { readonly lineId: string }) {
  const c = useLineCase(lineId);
  if (!c) return null;
  const label = c.externalNumber ?? 'case (sending)';
  return (
    <p className={`case-badge case-badge--${c.status}`} data-testid={`line-case-${lineId}`} data-status={c.status}>
      <span className="case-badge__label">Maintenance</span> {label}: <strong data-testid={`line-case-status-${lineId}`}>{CASE_STATUS_LABELS[c.status]}</strong>
    </p>
  );
}
