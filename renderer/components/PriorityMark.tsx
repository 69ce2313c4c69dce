import type { AlertPriority } from '../../shared/domain/alert.ts';
import { useT } from '../i18n/index.tsx';

/**
 * An alarm priority coded by colour AND shape (ISA-18.2 / ISA-101: never colour alone), the same
 * everywhere an alarm appears: P1 red diamond, P2 orange triangle, P3 yellow square, P4 blue circle.
 * The shapes differ enough to tell P1 from P2 for a colour-blind person or on a grey-scale print.
 */
export const PRIORITY_COLOURS: Readonly<Record<AlertPriority, string>> = { 1: '#c4161c', 2: '#e8700e', 3: '#f2c500', 4: '#2f6fb5' };

function shape(p: AlertPriority) {
  switch (p) {
    case 1:
      return <polygon points="12,1 23,12 12,23 1,12" />;
    case 2:
      return <polygon points="12,1.5 23,22 1,22" />;
    case 3:
      return <rect x="3" y="3" width="18" height="18" />;
    default:
      return <circle cx="12" cy="12" r="10.5" />;
  }
}

export interface PriorityMarkProps {
  readonly priority: AlertPriority;
  /** Edge length in CSS pixels (default 1em). */
  readonly size?: number | string;
  /** Draw the number inside the shape (lists); the header and tiles use the bare shape beside text. */
  readonly numbered?: boolean;
  readonly testId?: string;
}

export function PriorityMark({ priority, size = '1em', numbered = false, testId }: PriorityMarkProps) {
  const t = useT('common');
  return (
    <svg
      className={`prio-mark prio-mark--${priority}`}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      role="img"
      aria-label={t(`priority.names.p${priority}`)}
      data-priority={priority}
      data-testid={testId}
    >
      <g fill={PRIORITY_COLOURS[priority]} stroke="#1e1e1e" strokeWidth="1.2" strokeLinejoin="round">
        {shape(priority)}
      </g>
      {numbered ? (
        <text x="12" y={priority === 2 ? 19 : 16.5} textAnchor="middle" fontSize="11" fontWeight="700" fill={priority === 1 || priority === 4 ? '#fff' : '#1e1e1e'}>
          {priority}
        </text>
      ) : null}
    </svg>
  );
}
