import { useState } from 'react';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { BigNumber } from '../../components/BigNumber.tsx';
import { StatePill } from '../../components/StatePill.tsx';
import { useFormat, useLang, useT, useTMessage } from '../../i18n/index.tsx';
import { useMay } from '../../stores/sessionStore.ts';
import { retryInterlock } from '../../stores/holdsStore.ts';
import { answerAt, HoldsAnswerLine } from './HoldsAnswerLine.tsx';
import { linesStore } from '../../stores/linesStore.ts';
import { erpView, interlockView, reachedEverything, scopeText } from './holdText.ts';
import { ReleaseForm } from './ReleaseForm.tsx';

/** One active hold: what it covers, why, and where it has propagated (line interlock, ERP). */
export function HoldCard({ hold, mayAct, timeZone }: { readonly hold: HoldView; readonly mayAct: boolean; readonly timeZone: string | undefined }) {
  const t = useT('holds');
  const f = useFormat();
  const lang = useLang();
  const [releasing, setReleasing] = useState(false);
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;
  const tm = useTMessage();
  const admin = useMay(['admin']);
  const il = interlockView(hold, timeZone, t, lang, tm);
  const place = erpView(hold.erp.place, t, tm);
  const reach = reachedEverything(hold, t);
  const scope = scopeText(hold.scope, nameOf, timeZone, Date.now(), t, lang);
  const interlockBroken = hold.interlock.state === 'failed' || hold.interlock.state === 'clear_failed';
  return (
    <article className="panel hold-card" data-testid="hold-card" data-hold-id={hold.id} aria-label={t('card.aria', { scope })}>
      <header className="hold-card__head">
        <span className="hold-card__flag" data-testid="hold-status">
          {t('card.flag')}
        </span>
        <h3 className="hold-card__scope">{scope}</h3>
        <StatePill label={reach.text} tone={reach.tone} testId="hold-reach" />
      </header>
      <div className="hold-card__body">
        <div className="hold-card__qty">
          <BigNumber label={t('card.heldGood')} value={f.count(hold.qty.good)} size="hero" testId="hold-qty" />
          <BigNumber label={t('card.reject')} value={f.count(hold.qty.reject)} size="medium" />
          {hold.scope.kind === 'line' ? <p className="muted">{t('card.grows')}</p> : null}
          {hold.gap ? <p className="muted">{t('card.gap')}</p> : null}
        </div>
        <dl className="hold-card__facts">
          <dt>{t('card.reason')}</dt>
          <dd data-testid="hold-reason-text">
            {hold.reason} · {t(`defects.${hold.defectCategory}`)}
          </dd>
          {hold.note ? (
            <>
              <dt>{t('card.note')}</dt>
              <dd>{hold.note}</dd>
            </>
          ) : null}
          <dt>{t('card.placed')}</dt>
          <dd>
            {t('card.placedBy', { time: f.timeOrDateTime(hold.placedAt, Date.now()), person: hold.placedBy.displayName })}
          </dd>
          {hold.orders.length > 0 ? (
            <>
              <dt>{t('card.orders')}</dt>
              <dd className="mono">{hold.orders.join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <dl className="hold-card__reach" aria-label={t('card.reachAria')}>
          <dt>{t('card.line')}</dt>
          <dd className={`reach reach--${il.tone}`} data-testid="hold-interlock" data-state={hold.interlock.state}>
            {il.text}
            {mayAct && interlockBroken ? (
              <button type="button" className="button hold-card__retry" onClick={() => void retryInterlock(hold.id)} data-testid="hold-retry-interlock">
                {t('card.writeAgain')}
              </button>
            ) : null}
            {/* The controller's own words and OPC UA status code: the administrator's, one click away. */}
            {admin && hold.interlock.msg && hold.interlock.message ? (
              <details className="error-details" data-testid="hold-interlock-details">
                <summary title={t('core:ui.detailsHint')}>{t('core:ui.details')}</summary>
                <pre>{hold.interlock.message}</pre>
              </details>
            ) : null}
          </dd>
          <dt>{t('card.erp')}</dt>
          <dd className={`reach reach--${place.tone}`} data-testid="hold-erp" data-state={hold.erp.place.state}>
            {place.text}
          </dd>
        </dl>
      </div>
      <HoldsAnswerLine at={answerAt('hold', hold.id)} />
      {mayAct ? (
        releasing ? (
          <ReleaseForm hold={hold} onDone={() => setReleasing(false)} />
        ) : (
          <button type="button" className="button" onClick={() => setReleasing(true)} data-testid="hold-release">
            {t('card.release')}
          </button>
        )
      ) : null}
    </article>
  );
}
