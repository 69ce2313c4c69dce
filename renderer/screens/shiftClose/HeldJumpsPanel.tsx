import { useEffect } from 'react';
import { useFormat, useT } from '../../i18n/index.tsx';
import { heldKey, loadHeldJumps, useHeldJumps } from '../../stores/productionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { HeldJumpRow } from '../line/HeldJumpRow.tsx';

/**
 * Implausible counter jumps of every line in the shift being closed: held out of its figures until a
 * supervisor accepts (counts) or rejects them. Open ones are listed first, with the held quantity.
 */
export function HeldJumpsPanel({ windowStart, windowEnd }: { readonly windowStart: number; readonly windowEnd: number }) {
  const t = useT('shiftClose');
  const f = useFormat();
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
    <section className="panel" aria-label={t('jumps.aria')} data-testid="shift-close-held-jumps">
      <h2 className="panel__title">
        {t('jumps.title')}
        {open.length > 0 ? <span data-testid="shift-close-held-open">{t('jumps.open', { n: open.length, parts: openParts })}</span> : null}
      </h2>
      <p className="muted">{t('jumps.explain')}</p>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {sorted.map((j) => (
          <HeldJumpRow key={j.id} jump={j} timeZone={timeZone} showLine testPrefix="close-held-jump" />
        ))}
      </ul>
    </section>
  );
}
