export interface NoDataFlagProps {
  readonly reason: string;
  readonly lastValueAt: string | null;
  readonly testId?: string;
}

/** Says in words that the values next to it are not live, and how old they are. */
export function NoDataFlag({ reason, lastValueAt, testId }: NoDataFlagProps) {
  return (
    <div className="no-data-flag" role="status" data-testid={testId}>
      <strong className="no-data-flag__title">NO DATA{lastValueAt ? ` — last value ${lastValueAt}` : ' — no value received yet'}</strong>
      <span className="no-data-flag__reason">{reason}</span>
    </div>
  );
}
