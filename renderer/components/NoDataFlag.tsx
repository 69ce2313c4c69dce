import { useT } from '../i18n/index.tsx';

export interface NoDataFlagProps {
  readonly reason: string;
  readonly lastValueAt: string | null;
  readonly testId?: string;
}

/** Says in words that the values next to it are not live, and how old they are. */
export function NoDataFlag({ reason, lastValueAt, testId }: NoDataFlagProps) {
  const t = useT('common');
  return (
    <div className="no-data-flag" role="status" data-testid={testId}>
      <strong className="no-data-flag__title">{lastValueAt ? t('noData.lastValue', { at: lastValueAt }) : t('noData.noValueYet')}</strong>
      <span className="no-data-flag__reason">{reason}</span>
    </div>
  );
}
