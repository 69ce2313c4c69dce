import type { ChangeEvent, ReactNode } from 'react';
import { controlCharProblem, FIELD_LIMITS, type FieldLimit, textProblem } from '../../shared/domain/fieldLimits.ts';
import { type Translate, useT } from '../i18n/index.tsx';

/** The catalogue name of a limit (FIELD_LIMITS key), so its label and system read in the person's language. */
const keyOf = (limit: FieldLimit): string | undefined => Object.entries(FIELD_LIMITS).find(([, l]) => l === limit)?.[0];

/** A limit's label in the language on screen (the English label when the limit is not one of FIELD_LIMITS). */
export function limitLabel(t: Translate, limit: FieldLimit): string {
  const k = keyOf(limit);
  return k ? t(`common:fields.labels.${k}`, { defaultValue: limit.label }) : limit.label;
}

/** The shared rule of typedProblem, in words of the language on screen. */
export function typedProblemText(t: Translate, limit: FieldLimit, value: string, min = 0): string | null {
  const v = value.trim();
  if (v.length === 0 || textProblem(limit, v, min) === null) return null;
  const label = limitLabel(t, limit);
  if (v.length < min) return min <= 1 ? t('common:fields.problems.required', { label }) : t('common:fields.problems.atLeast', { label, min });
  const k = keyOf(limit);
  if (v.length > limit.max) {
    return limit.system
      ? t('common:fields.problems.tooLongSystem', { label, max: limit.max, got: v.length, system: k ? t(`common:fields.systems.${k}`, { defaultValue: limit.system }) : limit.system })
      : t('common:fields.problems.tooLong', { label, max: limit.max, got: v.length });
  }
  const bad = controlCharProblem(v, limit.multiline === true) ?? '';
  return t(/broken/.test(bad) ? 'common:fields.problems.brokenCharacter' : limit.multiline ? 'common:fields.problems.controlMultiline' : 'common:fields.problems.control', { label });
}

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
  const t = useT('common');
  const problem = typedProblemText(t, limit, value, min);
  const k = keyOf(limit);
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
      <span className="limited-field__label">{label ?? limitLabel(t, limit)}</span>
      {limit.multiline || rows ? <textarea {...common} rows={rows ?? 2} /> : <input {...common} />}
      <span className={`limited-field__count${used > limit.max ? ' is-over' : ''}`} id={`${testId}-count`} data-testid={`${testId}-count`}>
        {limit.system ? t('field.countSystem', { used, max: limit.max, system: k ? t(`fields.systems.${k}`, { defaultValue: limit.system }) : limit.system }) : t('field.count', { used, max: limit.max })}
      </span>
      {problem ? (
        <span className="limited-field__problem" role="alert" id={problemId} data-testid={problemId}>
          {problem}
        </span>
      ) : null}
    </label>
  );
}
