import type { CounterEventView } from '../../../shared/contract/domains/production.ts';
import { formatClock } from '../../format/time.ts';
import { HeldJumpRow } from './HeldJumpRow.tsx';

const KIND_WORDS: Record<CounterEventView['kind'], string> = { suspect: 'Jump held', reset: 'Counter reset', wrap: 'Counter wrapped', gap: 'Link gap' };

/**
 * The line's counters this shift: implausible jumps held out of production (with accept / reject for a
 * supervisor), and resets, wraps and link gaps as events, so every unusual count can be explained.
 */
export function CounterEventsPanel({ events, timeZone }: { readonly events: readonly CounterEventView[]; readonly timeZone: string | undefined }) {
  const held = events.filter((e) => e.kind === 'suspect' && e.held > 0);
  const other = events.filter((e) => !(e.kind === 'suspect' && e.held > 0));
  const open = held.filter((e) => !e.decision).length;
  return (
    <section className="panel" aria-label="Counter events" data-testid="counter-events">
      <h2 className="panel__title">
        Counter events this shift
        {open > 0 ? <span data-testid="held-jumps-open"> · {open} held jump{open === 1 ? '' : 's'} to decide</span> : null}
      </h2>
      {events.length === 0 ? <p className="muted">No resets, wraps, gaps or held jumps this shift.</p> : null}
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
            <li key={e.id} data-testid={`counter-event-${e.kind}-${e.id}`} style={{ padding: '6px 0' }}>
              <strong>
                {formatClock(e.at, timeZone)} · {KIND_WORDS[e.kind]}
              </strong>{' '}
              <span className="muted">{e.reason}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
