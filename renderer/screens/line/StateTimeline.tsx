import { useStore } from 'zustand';
import type { LineDetail } from '../../../shared/contract/domains/production.ts';
import { MACHINE_STATE_TONES } from '../../components/tone.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { systemStore } from '../../stores/systemStore.ts';

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
export function StateTimeline({ detail }: { readonly detail: LineDetail; readonly timeZone?: string }) {
  const startedAt = useStore(systemStore, (s) => s.info?.startedAt ?? null);
  const t = useT('line');
  const f = useFormat();
  const shift = detail.shift;
  if (!shift) return null;
  const span = shift.end - shift.start;
  const x = (t: number) => `${(Math.max(0, Math.min(span, t - shift.start)) / span) * 100}%`;
  const from = knownFrom(detail, startedAt) ?? detail.asOf;
  return (
    <section className="panel" aria-label={t('timeline.aria')}>
      <h2 className="panel__title">{t('timeline.title')}</h2>
      <div className="timeline" data-testid="state-timeline">
        {from > shift.start ? (
          <div
            className="timeline__unrecorded"
            data-testid="timeline-unrecorded"
            style={{ left: 0, width: x(from) }}
            title={t('timeline.unrecorded', { from: f.clock(shift.start), to: f.clock(from) })}
          />
        ) : null}
        <div className="timeline__elapsed" data-testid="timeline-elapsed" style={{ left: x(from), width: `calc(${x(detail.asOf)} - ${x(from)})` }} />
        {shift.breaks.map((b) => (
          <div key={b.start} className="timeline__break" style={{ left: x(b.start), width: `calc(${x(b.end)} - ${x(b.start)})` }} title={t('timeline.breakTitle')} />
        ))}
        {detail.timeline.map((e) => {
          const end = e.end ?? detail.asOf;
          const tone = e.noData ? 'nodata' : MACHINE_STATE_TONES[e.state];
          const label = e.noData ? t('timeline.noData') : t(`common:machineStates.${e.state}`);
          return (
            <div
              key={`${e.start}-${e.state}`}
              className={`timeline__stop tone-${tone}`}
              style={{ left: x(e.start), width: `max(2px, calc(${x(end)} - ${x(e.start)}))` }}
              title={t('timeline.span', { label, from: f.clock(e.start), to: f.clock(end) })}
            />
          );
        })}
      </div>
      <div className="timeline__axis">
        <span>{f.time(shift.start)}</span>
        <span>{f.time(shift.end)}</span>
      </div>
      <ul className="timeline-legend" data-testid="timeline-legend" aria-label={t('timeline.legendAria')}>
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
            {t(`timeline.legend.${k}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
