import type { ControllerStatus } from '../../shared/contract/domains/lines.ts';
import { OutboxBadge } from './OutboxBadge.tsx';
import { LinkIndicator } from '../components/LinkIndicator.tsx';
import { LINK_TONES } from '../components/tone.ts';
import { useFormat, useT } from '../i18n/index.tsx';
import { useBridge, useController, useControllerIds } from '../stores/connectionStore.ts';
import { useNow } from './useNow.ts';

function ControllerLink({ controllerId, now }: { readonly controllerId: string; readonly now: number }) {
  const c: ControllerStatus | undefined = useController(controllerId);
  const t = useT('common');
  const f = useFormat();
  if (!c) return null;
  const state = t(`linkStates.${c.link}`);
  const title = [c.endpoint, t('header.security', { mode: c.securityMode, policy: c.securityPolicy }), c.lastError ? t('header.lastError', { message: c.lastError.message }) : '']
    .filter(Boolean)
    .join('\n');
  return (
    <LinkIndicator
      name={c.name}
      label={c.insecure ? t('header.insecureState', { state }) : state}
      tone={LINK_TONES[c.link]}
      forDuration={f.duration(now - c.since)}
      title={title}
      testId={`controller-link-${controllerId}`}
    />
  );
}

/**
 * Every link the screen depends on. The chips are one line each and give way (ellipsis, full text in the
 * tooltip) before anything else in the header would wrap or clip: at 1280 px three of them fit.
 */
export function HeaderStatus() {
  const ids = useControllerIds();
  const bridge = useBridge();
  const now = useNow();
  const t = useT('common');
  const f = useFormat();
  return (
    <div className="header-status" data-testid="header-status">
      <LinkIndicator
        name={t('header.core')}
        label={t(`bridgeStates.${bridge.link}`)}
        tone={bridge.link === 'open' ? 'normal' : 'nodata'}
        forDuration={bridge.since > 0 ? f.duration(now - bridge.since) : null}
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
  const now = useNow();
  const t = useT('common');
  const f = useFormat();
  return (
    <div className="plant-clock" aria-label={t('header.plantTime')} data-testid="plant-clock">
      <span className="plant-clock__label">{t('header.plantTime')}</span>
      <span className="plant-clock__value">{f.clock(now)}</span>
    </div>
  );
}
