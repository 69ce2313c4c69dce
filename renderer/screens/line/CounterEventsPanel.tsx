import type { CounterEventView } from '../../../shared/contract/domains/production.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { HeldJumpRow } from './HeldJumpRow.tsx';

/**
 * The line's counters this shift: implausible jumps held out of production (with accept / reject for a
 * supervisor), and resets, wraps and link gaps as events, so every unusual count can be explained.
 */
export function CounterEventsPanel({ events, timeZone }: { readonly events: readonly CounterEventView[]; readonly timeZone: string | undefined }) {
  const held = events.filter((e) => e.kind === 'suspect' && e.held > 0);
  const other = events.filter((e) => !(e.kind === 'suspect' && e.held > 0));
  const open = held.filter((e) => !e.decision).length;
  const t = useT('line');
  const f = useFormat();
  return (
    <section className="panel" aria-label={t('counters.aria')} data-testid="counter-events">
      <h2 className="panel__title">
        {t('counters.title')}
        {open > 0 ? <span data-testid="held-jumps-open">{t('counters.open', { n: open })}</span> : null}
      </h2>
      {events.length === 0 ? <p className="muted">{t('counters.none')}</p> : null}
      {held.length > 0 ? (
        <ul className="held-jumps" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="held-jumps">
          {held.map((j) => (
            <HeldJumpRow key={j.id} jump={j} timeZone={timeZone} testPrefix="held-jump" />
          ))}
        </ul>
      ) : null}
      {other.length > 0 ? (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="counter-event-list">
          {other.map((e) => (
            <li key={e.id} data-testid={`counter-event-${e.kind}-${e.id}`} className="counter-event">
              <strong>
                {f.clock(e.at)} · {t(`counters.kinds.${e.kind}`)}
              </strong>{' '}
              <span className="muted">{e.reason}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
