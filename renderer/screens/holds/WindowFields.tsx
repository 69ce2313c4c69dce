import type { HoldScope } from '../../../shared/domain/hold.ts';
import type { Lang } from '../../../shared/i18n/index.ts';
import { PlantDateTimeField } from '../../components/PlantDateTimeField.tsx';
import { formatPlantInput } from '../../format/plantTime.ts';
import { type Translate, tNow, useLang, useT } from '../../i18n/index.tsx';
import type { WindowMode } from './holdFormModel.ts';

export interface WindowFieldsProps {
  readonly mode: WindowMode;
  readonly minutes: number;
  readonly fromText: string;
  readonly toText: string;
  readonly timeZone: string | undefined;
  /** The scope the form makes of it, to show the window it resolves to. */
  readonly scope: HoldScope | string;
  onMode(mode: WindowMode): void;
  onMinutes(minutes: number): void;
  onFrom(text: string): void;
  onTo(text: string): void;
}

/** "2 h 05 min": a window's length to the minute (the screen shows minutes, not seconds; SI symbols in both languages). */
export function spanWords(ms: number): string {
  const total = Math.round(ms / 60_000);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return `${d} d ${h} h ${String(m).padStart(2, '0')} min`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** "06.12.2026 14:05 – 14:35 (30 min)" as the person's language writes dates, the end's date only when it differs. */
export function windowWords(from: number, to: number, timeZone: string | undefined, lang: Lang = 'en', t: Translate = tNow): string {
  const f = formatPlantInput(from, lang, timeZone);
  const e = formatPlantInput(to, lang, timeZone);
  const [fd] = f.split(' ');
  const [ed, et] = e.split(' ') as [string, string];
  return t('holds:window.span', { from: f, to: ed === fd ? et : e, length: spanWords(to - from) });
}

/** The time window of a window or lot hold: the quick "last N minutes", or from/to in plant time. */
export function WindowFields(p: WindowFieldsProps) {
  const t = useT('holds');
  const lang = useLang();
  // Typing into a from/to field means from/to: no extra click on the radio first.
  const toRange = () => {
    if (p.mode !== 'range') p.onMode('range');
  };
  const zone = p.timeZone ?? t('window.thisZone');
  const resolved = typeof p.scope !== 'string' && (p.scope.kind === 'window' || p.scope.kind === 'lot') ? windowWords(p.scope.from, p.scope.to, p.timeZone, lang, t) : null;
  return (
    <fieldset className="hold-form__window" data-testid="hold-window" data-mode={p.mode}>
      <legend>{t('window.legend', { zone })}</legend>
      <label className={`hold-form__mode${p.mode === 'last' ? ' is-current' : ''}`}>
        <input type="radio" name="hold-window-mode" value="last" checked={p.mode === 'last'} onChange={() => p.onMode('last')} data-testid="hold-window-last" />
        {t('window.last')}
        <input
          className="input input--num"
          type="number"
          min={1}
          max={44_640}
          value={p.minutes}
          onChange={(e) => p.onMinutes(Number(e.target.value))}
          aria-label={t('window.minutesAria')}
          data-testid="hold-minutes"
        />
        {t('window.minutes')}
      </label>
      <div className={`hold-form__mode${p.mode === 'range' ? ' is-current' : ''}`}>
        <label>
          <input type="radio" name="hold-window-mode" value="range" checked={p.mode === 'range'} onChange={() => p.onMode('range')} data-testid="hold-window-range" />
          {t('window.range')}
        </label>
        <PlantDateTimeField label={t('window.from')} text={p.fromText} onText={(v) => (toRange(), p.onFrom(v))} testId="hold-from" />
        <PlantDateTimeField label={t('window.to')} text={p.toText} onText={(v) => (toRange(), p.onTo(v))} testId="hold-to" />
      </div>
      <p className="hold-form__resolved" data-testid="hold-window-text">
        {resolved ? t('window.holds', { window: resolved }) : ' '}
      </p>
    </fieldset>
  );
}
