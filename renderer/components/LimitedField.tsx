import type { ChangeEvent, ReactNode } from 'react';
import { type FieldLimit, textProblem } from '../../shared/domain/fieldLimits.ts';

/**
 * Why what is typed cannot be sent, or null. The same rule as the core's (shared/domain/fieldLimits):
 * an empty field is the form's business (its button stays off), so only a text that is there and is
 * wrong (too long, a control character) is named while typing.
 */
export function typedProblem(limit: FieldLimit, value: string, min = 0): string | null {
  const v = value.trim();
  if (v.length === 0) return null;
  return textProblem(limit, v, min);
}

/** Whether `value` may be sent: what the submit buttons check, so a refused text is never sent cut. */
export const typedOk = (limit: FieldLimit, value: string, min = 0): boolean => value.trim().length >= min && textProblem(limit, value.trim(), min) === null;

interface Props {
  readonly limit: FieldLimit;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The label shown above the field; the limit's own label when omitted. */
  readonly label?: ReactNode;
  readonly min?: number;
  readonly testId: string;
  readonly className?: string;
  readonly inputClassName?: string;
  readonly rows?: number;
  readonly required?: boolean;
  readonly autoComplete?: string;
  readonly dir?: 'auto' | 'ltr' | 'rtl';
}

/**
 * A text field that never cuts what is typed: no `maxLength`. It shows how much of its limit is used,
 * and when the text is over the limit it says so next to the field, naming the limit and where it
 * comes from ("Lot number: at most 10 characters (SAP batch), got 15"). Right-to-left text and emoji
 * are kept as typed (`dir="auto"` lets Arabic or Hebrew read right to left).
 */
export function LimitedField({ limit, value, onChange, label, min = 0, testId, className, inputClassName, rows, required, autoComplete, dir = 'auto' }: Props) {
  const problem = typedProblem(limit, value, min);
  const used = value.trim().length;
  const problemId = `${testId}-problem`;
  const common = {
    className: `${inputClassName ?? 'input input--wide'}${problem ? ' is-invalid' : ''}`,
    value,
    dir,
    required,
    autoComplete,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? problemId : `${testId}-count`,
    'data-testid': testId,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
  } as const;
  return (
    <label className={`limited-field ${className ?? ''}`}>
      <span className="limited-field__label">{label ?? limit.label}</span>
      {limit.multiline || rows ? <textarea {...common} rows={rows ?? 2} /> : <input {...common} />}
      <span className={`limited-field__count${used > limit.max ? ' is-over' : ''}`} id={`${testId}-count`} data-testid={`${testId}-count`}>
        {used} / {limit.max}
        {limit.system ? ` (${limit.system})` : ''}
      </span>
      {problem ? (
        <span className="limited-field__problem" role="alert" id={problemId} data-testid={problemId}>
          {problem}
        </span>
      ) : null}
    </label>
  );
}
