import { useEffect } from 'react';
import { formatCount } from '../../format/time.ts';
import { heldKey, loadHeldJumps, useHeldJumps } from '../../stores/productionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { HeldJumpRow } from '../line/HeldJumpRow.tsx';

/**
 * Implausible counter jumps of every line in the shift being closed: held out of its figures until a
 * supervisor accepts (counts) or rejects them. Open ones are listed first, with the held quantity.
 */
export function HeldJumpsPanel({ windowStart, windowEnd }: { readonly windowStart: number; readonly windowEnd: number }) {
  const timeZone = useTimeZone();
  const key = heldKey(null, windowStart, windowEnd);
  const list = useHeldJumps(key);
  useEffect(() => {
    void loadHeldJumps(null, windowStart, windowEnd);
  }, [windowStart, windowEnd]);
  if (!list || list.jumps.length === 0) return null;
  const open = list.jumps.filter((j) => !j.decision);
  const openParts = open.reduce((n, j) => n + j.held, 0);
  const sorted = [...open, ...list.jumps.filter((j) => j.decision)];
  return (
    <section className="panel" aria-label="Held counter jumps" data-testid="shift-close-held-jumps">
      <h2 className="panel__title">
        Counter jumps held out of this shift
        {open.length > 0 ? (
          <span data-testid="shift-close-held-open">
            {' '}
            · {open.length} to decide, {formatCount(openParts)} parts
          </span>
        ) : null}
      </h2>
      <p className="muted">Accepting a jump counts its parts in this shift; rejecting keeps them out. Decide before confirming the shift: its figures change when you accept.</p>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {sorted.map((j) => (
          <HeldJumpRow key={j.id} jump={j} timeZone={timeZone} showLine testPrefix="close-held-jump" />
        ))}
      </ul>
    </section>
  );
}
