import { useT } from '../i18n/index.tsx';

export interface BigNumberProps {
  readonly label: string;
  readonly value: string;
  readonly size: 'hero' | 'medium';
  /** Not live: drawn greyed and struck through so nobody reads it as current. */
  readonly dimmed?: boolean;
  readonly uncertain?: boolean;
  readonly testId?: string;
}

/** A count readable from two metres: tabular figures so digits do not jump as they change. */
export function BigNumber({ label, value, size, dimmed = false, uncertain = false, testId }: BigNumberProps) {
  const t = useT('common');
  const cls = ['big-number', `big-number--${size}`, dimmed ? 'is-dimmed' : '', uncertain ? 'is-uncertain' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls}>
      <span className="big-number__label">{label}</span>
      <span className="big-number__value" data-testid={testId} data-live={dimmed ? 'false' : 'true'}>
        {value}
      </span>
      {uncertain && !dimmed ? <span className="big-number__note">{t('quality.uncertain')}</span> : null}
    </div>
  );
}
