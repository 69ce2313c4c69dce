import type { ReactNode } from 'react';

export interface BadgeProps {
  readonly children: ReactNode;
  readonly variant: 'neutral' | 'warning';
  readonly testId?: string;
}

export function Badge({ children, variant, testId }: BadgeProps) {
  return (
    <span className={`badge badge--${variant}`} data-testid={testId}>
      {children}
    </span>
  );
}
