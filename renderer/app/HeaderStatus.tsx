import type { ControllerStatus } from '../../shared/contract/domains/lines.ts';
import { OutboxBadge } from './OutboxBadge.tsx';
import { LinkIndicator } from '../components/LinkIndicator.tsx';
import { LINK_LABELS, LINK_TONES } from '../components/tone.ts';
import { formatClock, formatDuration } from '../format/time.ts';
import { useBridge, useController, useControllerIds } from '../stores/connectionStore.ts';
import { useTimeZone } from '../stores/systemStore.ts';
import { useNow } from './useNow.ts';
import type { BridgeLink } from '../bridge/bridgeStatus.ts';

const BRIDGE_LABELS: Readonly<Record<BridgeLink, string>> = {
  connecting: 'Connecting',
  open: 'Connected',
  reconnecting: 'Reconnecting',
  closed: 'Disconnected',
};

function ControllerLink({ controllerId, now }: { readonly controllerId: string; readonly now: number }) {
  const c: ControllerStatus | undefined = useController(controllerId);
  if (!c) return null;
  const title = [c.endpoint, `Security ${c.securityMode} / ${c.securityPolicy}`, c.lastError ? `Last error: ${c.lastError.message}` : '']
    .filter(Boolean)
    .join('\n');
  return (
    <LinkIndicator
      name={c.name}
      label={c.insecure ? `${LINK_LABELS[c.link]}, insecure` : LINK_LABELS[c.link]}
      tone={LINK_TONES[c.link]}
      forDuration={formatDuration(now - c.since)}
      title={title}
      testId={`controller-link-${controllerId}`}
    />
  );
}

/** Every word of the header's status chips and clock (to move into a message catalogue). */
export const HEADER_STATUS_TEXT = { core: 'Console core', plantTime: 'Plant time' } as const;

/**
 * Every link the screen depends on. The chips are one line each and give way (ellipsis, full text in the
 * tooltip) before anything else in the header would wrap or clip: at 1280 px three of them fit.
 */
export function HeaderStatus() {
  const ids = useControllerIds();
  const bridge = useBridge();
  const now = useNow();
  return (
    <div className="header-status" data-testid="header-status">
      <LinkIndicator
        name={HEADER_STATUS_TEXT.core}
        label={BRIDGE_LABELS[bridge.link]}
        tone={bridge.link === 'open' ? 'normal' : 'nodata'}
        forDuration={bridge.since > 0 ? formatDuration(now - bridge.since) : null}
        title={bridge.lastError ?? undefined}
        testId="bridge-link"
      />
      {bridge.link === 'open' ? ids.map((id) => <ControllerLink key={id} controllerId={id} now={now} />) : null}
      {bridge.link === 'open' ? <OutboxBadge /> : null}
    </div>
  );
}

/** The plant clock (plant time zone, not the browser's). */
export function PlantClock() {
  const timeZone = useTimeZone();
  const now = useNow();
  return (
    <div className="plant-clock" aria-label={HEADER_STATUS_TEXT.plantTime} data-testid="plant-clock">
      <span className="plant-clock__label">{HEADER_STATUS_TEXT.plantTime}</span>
      <span className="plant-clock__value">{formatClock(now, timeZone)}</span>
    </div>
  );
}
