import type { Tone } from './tone.ts';

export interface LinkIndicatorProps {
  readonly name: string;
  readonly label: string;
  readonly tone: Tone;
  /** "12 min 05 s" since the link entered this state. */
  readonly forDuration: string | null;
  readonly title?: string;
  readonly testId?: string;
}

/** One link (a controller, or the page's own link to the core): a shape plus the state in words. */
export function LinkIndicator({ name, label, tone, forDuration, title, testId }: LinkIndicatorProps) {
  return (
    <div className={`link-indicator tone-${tone}`} data-tone={tone} data-testid={testId} title={title} role="status">
      <span className={`link-indicator__dot dot-${tone}`} aria-hidden="true" />
      <span className="link-indicator__text">
        <span className="link-indicator__name">{name}</span>
        <span className="link-indicator__state">
          {label}
          {forDuration ? <span className="link-indicator__for"> · {forDuration}</span> : null}
        </span>
      </span>
    </div>
  );
}
