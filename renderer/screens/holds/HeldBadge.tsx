import { useStore } from 'zustand';
import { useActiveHoldsForLine, useHolds, useIsOrderHeld } from '../../stores/holdsStore.ts';
import { linesStore } from '../../stores/linesStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { useLang, useT } from '../../i18n/index.tsx';
import { heldWords } from './holdText.ts';

/**
 * The HELD markers other screens put next to a line or an order (ISA-101: a hold is abnormal, so it is
 * the one coloured thing there, always with the word). They read the holds store, which follows the
 * `holds.changed` stream, so a placed or released hold shows everywhere at once.
 */

export interface LineHeldProps {
  readonly lineId: string;
  /** The order to check for any-line order holds; by default the order the line runs now. */
  readonly orderId?: string | null;
  readonly testId: string;
}

/** The active holds acting on a line and what they hold, in words (empty when none). */
function useLineHolds(lineId: string, orderId: string | null | undefined): { count: number; words: string } {
  // Only the line's order, not its live counts: a marker does not redraw on every tick.
  const runningOrder = useStore(linesStore, (s) => s.byId[lineId]?.production?.orderId ?? null);
  const markers = useActiveHoldsForLine(lineId, orderId === undefined ? runningOrder : orderId);
  const holds = useHolds();
  const timeZone = useTimeZone();
  const t = useT('holds');
  const lang = useLang();
  if (markers.length === 0) return { count: 0, words: '' };
  return { count: markers.length, words: heldWords(markers, holds, (id) => linesStore.getState().byId[id]?.name ?? id, timeZone, Date.now(), t, lang) };
}

export function LineHeldBadge({ lineId, orderId, testId, small = false, asLink = true }: LineHeldProps & { readonly small?: boolean; readonly asLink?: boolean }) {
  const t = useT('holds');
  const { count, words } = useLineHolds(lineId, orderId);
  if (count === 0) return null;
  const props = { className: `held-badge${small ? ' held-badge--small' : ''}`, title: words, 'aria-label': t('held.badgeAria', { words }), 'data-testid': testId, 'data-holds': count };
  // Inside another link (the line picker) the badge must not be a link itself.
  return asLink ? (
    <a {...props} href="#/holds">
      {t('held.badge')}
    </a>
  ) : (
    <span {...props}>{t('held.badge')}</span>
  );
}

/** What holds the line, spelt out (the line view's header). */
export function LineHeldNote({ lineId, orderId, testId }: LineHeldProps) {
  const t = useT('holds');
  const { count, words } = useLineHolds(lineId, orderId);
  if (count === 0) return null;
  return (
    <p className="held-note" data-testid={testId}>
      {t('held.note', { words })} <a href="#/holds">{t('held.noteLink')}</a>
    </p>
  );
}

export function OrderHeldBadge({ orderId, lineId = null, testId }: { readonly orderId: string; readonly lineId?: string | null; readonly testId: string }) {
  const t = useT('holds');
  const held = useIsOrderHeld(orderId, lineId);
  if (!held) return null;
  return (
    <a className="held-badge held-badge--small" href="#/holds" title={t('held.orderTitle', { order: orderId })} aria-label={t('held.orderAria', { order: orderId })} data-testid={testId}>
      {t('held.badge')}
    </a>
  );
}
