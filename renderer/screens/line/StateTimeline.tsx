import type { LineDetail } from '../../../shared/contract/domains/production.ts';
import { MACHINE_STATE_LABELS } from '../../../shared/domain/line.ts';
import { MACHINE_STATE_TONES } from '../../components/tone.ts';
import { formatClock } from '../../format/time.ts';

/** The shift as a bar: grey where the line ran, marked blocks where it stood (tone and a label on hover). */
export function StateTimeline({ detail, timeZone }: { readonly detail: LineDetail; readonly timeZone?: string }) {
  const shift = detail.shift;
  if (!shift) return null;
  const span = shift.end - shift.start;
  const x = (t: number) => `${(Math.max(0, Math.min(span, t - shift.start)) / span) * 100}%`;
  return (
    <section className="panel" aria-label="State timeline">
      <h2 className="panel__title">State over the shift</h2>
      <div className="timeline" data-testid="state-timeline">
        <div className="timeline__elapsed" style={{ width: x(detail.asOf) }} />
        {shift.breaks.map((b) => (
          <div key={b.start} className="timeline__break" style={{ left: x(b.start), width: `calc(${x(b.end)} - ${x(b.start)})` }} title="Planned break" />
        ))}
        {detail.timeline.map((e) => {
          const end = e.end ?? detail.asOf;
          const tone = e.noData ? 'nodata' : MACHINE_STATE_TONES[e.state];
          const label = e.noData ? 'No data' : MACHINE_STATE_LABELS[e.state];
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
    </section>
  );
}
