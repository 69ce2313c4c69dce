import { useStore } from 'zustand';
import type { LineDetail } from '../../../shared/contract/domains/production.ts';
import { MACHINE_STATE_LABELS } from '../../../shared/domain/line.ts';
import { MACHINE_STATE_TONES } from '../../components/tone.ts';
import { formatClock } from '../../format/time.ts';
import { systemStore } from '../../stores/systemStore.ts';

/** Every word of the timeline and its legend (to move into a message catalogue). */
export const TIMELINE_TEXT = {
  title: 'State over the shift',
  aria: 'State timeline',
  breakTitle: 'Planned break',
  noData: 'No data',
  unrecorded: 'Not recorded: the console was not running',
  legend: {
    running: 'Running',
    waiting: 'Waiting (idle, starved, blocked)',
    stopped: 'Stopped or faulted',
    noData: 'No data (link down)',
    planned: 'Planned break',
    unrecorded: 'Not recorded (console not running)',
    future: 'Still to come',
  },
} as const;

/**
 * The start of what the console knows of this shift: the first recorded minute or stop, or the moment
 * this console started, whichever is earlier. Before it nothing is drawn as if it were known.
 */
export function knownFrom(detail: Pick<LineDetail, 'trend' | 'timeline' | 'shift'>, startedAt: number | null): number | null {
  const shift = detail.shift;
  if (!shift) return null;
  const candidates = [startedAt ?? Number.POSITIVE_INFINITY, detail.trend[0]?.minuteAt ?? Number.POSITIVE_INFINITY, detail.timeline[0]?.start ?? Number.POSITIVE_INFINITY];
  const first = Math.min(...candidates);
  if (!Number.isFinite(first)) return null;
  return Math.max(shift.start, first);
}

/** The shift as a bar: grey where the line ran, marked blocks where it stood, hatched where nothing was recorded; with a legend. */
export function StateTimeline({ detail, timeZone }: { readonly detail: LineDetail; readonly timeZone?: string }) {
  const startedAt = useStore(systemStore, (s) => s.info?.startedAt ?? null);
  const shift = detail.shift;
  if (!shift) return null;
  const span = shift.end - shift.start;
  const x = (t: number) => `${(Math.max(0, Math.min(span, t - shift.start)) / span) * 100}%`;
  const from = knownFrom(detail, startedAt) ?? detail.asOf;
  const T = TIMELINE_TEXT;
  return (
    <section className="panel" aria-label={T.aria}>
      <h2 className="panel__title">{T.title}</h2>
      <div className="timeline" data-testid="state-timeline">
        {from > shift.start ? (
          <div
            className="timeline__unrecorded"
            data-testid="timeline-unrecorded"
            style={{ left: 0, width: x(from) }}
            title={`${T.unrecorded} ${formatClock(shift.start, timeZone)} – ${formatClock(from, timeZone)}`}
          />
        ) : null}
        <div className="timeline__elapsed" data-testid="timeline-elapsed" style={{ left: x(from), width: `calc(${x(detail.asOf)} - ${x(from)})` }} />
        {shift.breaks.map((b) => (
          <div key={b.start} className="timeline__break" style={{ left: x(b.start), width: `calc(${x(b.end)} - ${x(b.start)})` }} title={T.breakTitle} />
        ))}
        {detail.timeline.map((e) => {
          const end = e.end ?? detail.asOf;
          const tone = e.noData ? 'nodata' : MACHINE_STATE_TONES[e.state];
          const label = e.noData ? T.noData : MACHINE_STATE_LABELS[e.state];
          return (
            <div
              key={`${e.start}-${e.state}`}
              className={`timeline__stop tone-${tone}`}
              style={{ left: x(e.start), width: `max(2px, calc(${x(end)} - ${x(e.start)}))` }}
              title={`${label} ${formatClock(e.start, timeZone)} – ${formatClock(end, timeZone)}`}
            />
          );
        })}
      </div>
      <div className="timeline__axis">
        <span>{formatClock(shift.start, timeZone).slice(0, 5)}</span>
        <span>{formatClock(shift.end, timeZone).slice(0, 5)}</span>
      </div>
      <ul className="timeline-legend" data-testid="timeline-legend" aria-label="Legend">
        {(
          [
            ['running', 'timeline-legend__swatch sw-running'],
            ['waiting', 'timeline-legend__swatch sw-waiting'],
            ['stopped', 'timeline-legend__swatch sw-stopped'],
            ['noData', 'timeline-legend__swatch sw-nodata'],
            ['planned', 'timeline-legend__swatch sw-break'],
            ['unrecorded', 'timeline-legend__swatch sw-unrecorded'],
            ['future', 'timeline-legend__swatch sw-future'],
          ] as const
        ).map(([k, cls]) => (
          <li key={k} className="timeline-legend__item">
            <span className={cls} aria-hidden="true" />
            {T.legend[k]}
          </li>
        ))}
      </ul>
    </section>
  );
}
