import { useId } from 'react';
import { formatPlantInput, parsePlantInput } from '../format/plantTime.ts';
import { useFormat, useLang, useT } from '../i18n/index.tsx';

export interface PlantDateTimeFieldProps {
  readonly label: string;
  /** What is typed (the form keeps it, so a half-typed value survives a re-render). */
  readonly text: string;
  readonly onText: (text: string) => void;
  readonly testId: string;
}

/**
 * A date and time in the plant's zone, typed the way the person's language writes it (06.12.2026 14:05 /
 * 06/12/2026 14:05; ISO works in both), never the browser's <input type="datetime-local"> with its own
 * locale and zone. Under the field it says what it read ("Sun, 06.12.2026, 14:05 plant time") or how to
 * write it. Forms read the instant with parsePlantInput(text, lang, zone).
 */
export function PlantDateTimeField({ label, text, onText, testId }: PlantDateTimeFieldProps) {
  const t = useT('common');
  const f = useFormat();
  const lang = useLang();
  const id = useId();
  const at = text.trim() === '' ? null : parsePlantInput(text, lang, f.timeZone);
  const weekday = at === null ? '' : new Intl.DateTimeFormat(f.locale, { weekday: 'short', timeZone: f.timeZone }).format(at);
  return (
    <label className="field plant-datetime">
      <span className="field__label">{label}</span>
      <input
        className={`field__input${text.trim() !== '' && at === null ? ' is-invalid' : ''}`}
        value={text}
        placeholder={t('dateTimeField.pattern')}
        onChange={(e) => onText(e.target.value)}
        aria-describedby={`${id}-read`}
        inputMode="numeric"
        autoComplete="off"
        data-testid={testId}
      />
      <span className={text.trim() !== '' && at === null ? 'field__problem' : 'field__hint muted'} id={`${id}-read`} data-testid={`${testId}-read`}>
        {text.trim() === '' ? t('dateTimeField.pattern') : at === null ? t('dateTimeField.invalid', { label }) : t('dateTimeField.reads', { weekday, date: f.dateTime(at) })}
      </span>
    </label>
  );
}

/** The text a PlantDateTimeField starts with for an instant, in the language and zone given. */
export { formatPlantInput };
