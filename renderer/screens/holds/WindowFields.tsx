import type { HoldScope } from '../../../shared/domain/hold.ts';
import { toPlantLocal } from '../../format/plantTime.ts';
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

/** "2 h 05 min": a window's length to the minute (the screen shows minutes, not seconds). */
export function spanWords(ms: number): string {
  const total = Math.round(ms / 60_000);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return `${d} d ${h} h ${String(m).padStart(2, '0')} min`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** "2026-03-29 14:05 – 14:35 (30 min)", the end's date only when it differs. */
export function windowWords(from: number, to: number, timeZone: string | undefined): string {
  const [fd, ft] = toPlantLocal(from, timeZone).split('T') as [string, string];
  const [td, tt] = toPlantLocal(to, timeZone).split('T') as [string, string];
  return `${fd} ${ft} – ${td === fd ? '' : `${td} `}${tt} (${spanWords(to - from)})`;
}

/** The time window of a window or lot hold: the quick "last N minutes", or from/to in plant time. */
export function WindowFields(p: WindowFieldsProps) {
  // Typing into a from/to field means from/to: no extra click on the radio first.
  const toRange = () => {
    if (p.mode !== 'range') p.onMode('range');
  };
  const zone = p.timeZone ?? 'this screen’s time zone';
  const resolved = typeof p.scope !== 'string' && (p.scope.kind === 'window' || p.scope.kind === 'lot') ? windowWords(p.scope.from, p.scope.to, p.timeZone) : null;
  return (
    <fieldset className="hold-form__window" data-testid="hold-window" data-mode={p.mode}>
      <legend>Time window, plant time ({zone})</legend>
      <label className={`hold-form__mode${p.mode === 'last' ? ' is-current' : ''}`}>
        <input type="radio" name="hold-window-mode" value="last" checked={p.mode === 'last'} onChange={() => p.onMode('last')} data-testid="hold-window-last" />
        Last
        <input
          className="input input--num"
          type="number"
          min={1}
          max={44_640}
          value={p.minutes}
          onChange={(e) => p.onMinutes(Number(e.target.value))}
          aria-label="Minutes to hold, ending now"
          data-testid="hold-minutes"
        />
        minutes
      </label>
      <label className={`hold-form__mode${p.mode === 'range' ? ' is-current' : ''}`}>
        <input type="radio" name="hold-window-mode" value="range" checked={p.mode === 'range'} onChange={() => p.onMode('range')} data-testid="hold-window-range" />
        From
        <input
          className="input hold-form__when"
          type="datetime-local"
          value={p.fromText}
          onFocus={toRange}
          onChange={(e) => p.onFrom(e.target.value)}
          aria-label="Window starts (plant time)"
          data-testid="hold-from"
        />
        to
        <input
          className="input hold-form__when"
          type="datetime-local"
          value={p.toText}
          onFocus={toRange}
          onChange={(e) => p.onTo(e.target.value)}
          aria-label="Window ends (plant time)"
          data-testid="hold-to"
        />
      </label>
      <p className="hold-form__resolved" data-testid="hold-window-text">
        {resolved ? `Holds ${resolved}` : ' '}
      </p>
    </fieldset>
  );
}
