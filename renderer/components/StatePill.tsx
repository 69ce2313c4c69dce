import type { Tone } from './tone.ts';

export interface StatePillProps {
  readonly label: string;
  readonly tone: Tone;
  readonly testId?: string;
}

/** A machine or link state as a word on a shaped field; the word carries the meaning, colour only helps. */
export function StatePill({ label, tone, testId }: StatePillProps) {
  return (
    <span className={`state-pill tone-${tone}`} data-tone={tone} data-testid={testId}>
      {tone === 'alarm' || tone === 'warning' ? <span className="state-pill__mark" aria-hidden="true" /> : null}
      {label}
    </span>
  );
}
