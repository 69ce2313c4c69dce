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

/** The right-hand side of the header: every link the screen depends on, and the plant clock. */
export function HeaderStatus() {
  const ids = useControllerIds();
  const bridge = useBridge();
  const timeZone = useTimeZone();
  const now = useNow();
  return (
    <div className="header-status">
      <LinkIndicator
        name="Console core"
        label={BRIDGE_LABELS[bridge.link]}
        tone={bridge.link === 'open' ? 'normal' : 'nodata'}
        forDuration={bridge.since > 0 ? formatDuration(now - bridge.since) : null}
        title={bridge.lastError ?? undefined}
        testId="bridge-link"
      />
      {bridge.link === 'open' ? ids.map((id) => <ControllerLink key={id} controllerId={id} now={now} />) : null}
      {bridge.link === 'open' ? <OutboxBadge /> : null}
      <div className="plant-clock" aria-label="Plant time">
        <span className="plant-clock__label">Plant time</span>
        <span className="plant-clock__value">{formatClock(now, timeZone)}</span>
      </div>
    </div>
  );
}
